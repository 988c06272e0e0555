"""R-SEC3 on an existing site: the upgrade to 1009 installs the lockout (plugin, records, panel)."""

from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from collective.gongwen.accounts.plugin import PLUGIN_ID
from collective.gongwen.setuphandlers.upgrades import account_lockout


def test_r_sec3_upgrade_1009_installs_the_lockout_on_a_site_without_it(portal):
    pas = portal.acl_users
    pas.manage_delObjects([PLUGIN_ID])
    registry = getUtility(IRegistry)
    names = [name for name in list(registry.records) if "lockout" in name.lower()]
    assert names
    for name in names:
        del registry.records[name]
    with api.env.adopt_roles(["Manager"]):
        account_lockout(None)
    assert PLUGIN_ID in pas.objectIds()
    assert all(name in registry.records for name in names)
