"""Issue 20 on an existing site: the upgrade to 1013 adds 公文设置's Word 正文 lock time (R-D6)."""

from plone import api

from collective.gongwen.content.settings import SETTINGS_PREFIX
from collective.gongwen.setuphandlers.upgrades import registry_records

RECORD = f"{SETTINGS_PREFIX}.body_lock_hours"


def test_upgrade_1013_adds_the_word_body_lock_hours(portal):
    registry = api.portal.get_tool("portal_registry")
    del registry.records[RECORD]  # the site as issue 19 left it
    assert api.portal.get_registry_record(RECORD, default=None) is None
    with api.env.adopt_roles(["Manager"]):
        registry_records(None)
        registry_records(None)  # twice: nothing breaks
    assert api.portal.get_registry_record(RECORD) == 4
