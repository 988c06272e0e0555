"""R-U2, R-SEC3 on an existing site: the upgrade to 1010 separates the duties, adds the policy."""

from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from collective.gongwen.accounts.password_plugin import PLUGIN_ID as POLICY_PLUGIN
from collective.gongwen.setuphandlers.upgrades import duties_and_audit


def _site_roles(portal, principal_id):
    manager = portal.acl_users.portal_role_manager
    return {
        role_id
        for role_id in manager.listRoleIds()
        if principal_id in dict(manager.listAssignedPrincipals(role_id))
    }


def test_r_u2_upgrade_1010_separates_the_duties_and_installs_the_policy(portal):
    manager = portal.acl_users.portal_role_manager
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="old@example.com", username="old_admin", password="Xy-12345678")
        manager.assignRoleToPrincipal("Site Administrator", "old_admin")
    portal.acl_users.manage_delObjects([POLICY_PLUGIN])
    registry = getUtility(IRegistry)
    names = [name for name in list(registry.records) if "IAuditSettings" in name]
    assert names
    for name in names:
        del registry.records[name]

    with api.env.adopt_roles(["Manager"]):
        duties_and_audit(None)

    assert _site_roles(portal, "old_admin") == {"GongwenSystemAdmin", "Member"}
    assert POLICY_PLUGIN in portal.acl_users.objectIds()
    assert all(name in registry.records for name in names)
    permission = "collective.gongwen: View audit log"
    assert [r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]] == [
        "GongwenAuditor"
    ]
