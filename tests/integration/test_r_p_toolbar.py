"""Issue 19 item 4: staff see only the CMS actions of their work in the toolbar.

No 剪切/复制/粘贴/重命名/删除, URL 管理, 内容 (folder contents) or iCalendar import for
anyone but the administrators holding ``Manage portal``; 共享 only for the 安全保密管理员
(``Sharing page: Delegate roles``); no 网站地图/可访问性/联系管理员 site actions.
"""

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles

from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as

CMS_ACTIONS = {
    "cut",
    "copy",
    "paste",
    "delete",
    "rename",
    "redirection",
    "folderContents",
    "ical_import_enable",
    "ical_import_disable",
    "ical_import_settings",
}
STAFF = (
    "cy_eng_staff",
    "cy_eng_head",
    "cy_office_head",
    "cy_office_deputy",  # the unit's 编辑: owner of the notices she writes
    "cy_secretary1",
    "cy_leader2",
    "cy_director",
    "cy_print",
    "cy_archivist",
    "gw_auditor",
)


def action_ids(context, user):
    with api.env.adopt_user(username=user):
        actions = api.portal.get_tool("portal_actions").listFilteredActionsFor(context)
    return {
        action["id"]
        for category in ("object", "object_buttons", "site_actions")
        for action in actions.get(category, ())
    }


@pytest.fixture
def contexts(portal):
    unit = portal["changyuan"]
    with api.env.adopt_user(username="cy_office_deputy"):
        notice = api.content.create(
            container=unit, type="gongwen_notice", title="关于开展安全检查的通知"
        )
        news = api.content.create(
            container=unit["office"], type="gongwen_news", title="办公室完成公文培训"
        )
    return {
        "unit": unit,
        "department": unit["engineering"],
        "outgoing folder": unit["outgoing"],
        "draft": draft_outgoing(portal),
        "notice": notice,
        "news": news,
    }


@pytest.mark.parametrize("user", STAFF)
def test_staff_see_no_cms_actions_and_no_sharing(portal, contexts, user):
    for where, context in contexts.items():
        seen = action_ids(context, user)
        assert not seen & CMS_ACTIONS, (where, seen & CMS_ACTIONS)
        assert "local_roles" not in seen, where


def test_the_security_administrator_keeps_sharing_not_the_cms_actions(portal, contexts):
    seen = action_ids(contexts["unit"], "gw_secadmin")
    assert "local_roles" in seen
    assert not seen & CMS_ACTIONS


def test_a_manager_keeps_plones_actions(portal, contexts):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    actions = api.portal.get_tool("portal_actions").listFilteredActionsFor(contexts["notice"])
    seen = {action["id"] for action in actions["object_buttons"]} | {
        action["id"] for action in actions["object"]
    }
    assert {"cut", "copy", "delete", "rename", "redirection", "folderContents"} <= seen
    assert "ical_import_enable" not in seen


def test_no_site_actions_for_anyone(portal):
    for user in (*STAFF, "gw_admin"):
        assert not action_ids(portal, user) & {"sitemap", "accessibility", "contact"}


def test_the_drafters_draft_page_has_no_plone_menu_entries(portal):
    draft = draft_outgoing(portal)
    html = render_as(draft, "view", "cy_eng_staff")[1]
    assert 'id="edit-zone"' in html  # the toolbar is there, with the drafter's own actions
    assert "状态:" in html and "/edit" in html
    for word in ("剪切", "删除", "重命名", "共享", "URL 管理", "icalendar", "folder_contents"):
        assert word not in html, word
    assert "plone-contentmenu-actions" not in html  # 操作: nothing left in it
    assert "plone-contentmenu-display" not in html  # 显示 → view, 选择默认视图
