"""R-U2: links to another duty's page are not shown — the 「职能与人员」 action of units and
departments to whoever may not change function holders, the 「登录情况」 entry of 网站设置 to
whoever may not manage accounts — and the 系统管理员 sets up a unit (its folders published)."""

import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def object_action_ids(portal, obj, user):
    with api.env.adopt_user(username=user):
        actions = portal.portal_actions.listFilteredActionsFor(obj)
    return {action["id"] for action in actions.get("object", [])}


def configlet_ids(portal, user):
    with api.env.adopt_user(username=user):
        return {c["id"] for c in portal.portal_controlpanel.enumConfiglets(group="plone-users")}


@pytest.mark.parametrize(
    "user, shown", [("gw_secadmin", True), ("gw_admin", False), ("gw_auditor", False)]
)
def test_r_u2_functions_link_only_for_whoever_may_change_groups(portal, user, shown):
    unit = portal["changyuan"]
    for obj in (unit, unit["engineering"]):
        assert ("gongwen_functions" in object_action_ids(portal, obj, user)) is shown


@pytest.mark.parametrize(
    "user, shown", [("gw_admin", True), ("gw_secadmin", False), ("gw_auditor", False)]
)
def test_r_u2_login_activity_entry_only_for_whoever_manages_accounts(portal, user, shown):
    assert ("gongwen-login-activity" in configlet_ids(portal, user)) is shown


def test_r_u2_system_admin_adds_a_unit_with_its_folders_published(portal):
    with api.env.adopt_user(username="gw_admin"):
        unit = api.content.create(
            container=portal,
            type="gongwen_unit",
            id="puyang",
            title="濮阳河务局",
            agency_code="濮河",
            issuer_mark="濮阳河务局文件",
        )
    for folder_id in ("outgoing", "incoming", "archive"):
        assert api.content.get_state(unit[folder_id]) == "published"
