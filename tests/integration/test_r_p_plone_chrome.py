"""Issue 19 item 4: the Plone chrome left on the pages staff and the administrators open is
Chinese — 个人信息 and 个人偏好, 用户和用户组 (its icon, checkboxes and Plone's own groups),
网站设置's menu, 信息中心 — and 信息中心 is off the personal menu."""

import re
from html import unescape

import pytest
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

from collective.gongwen.accounts import plone_groups
from tests.support.calls import recorded
from tests.support.views import render_as

PloneMessage = MessageFactory("plone")


@pytest.mark.parametrize(
    "msgid, mapping, chinese",
    [
        ("We will use this address if you need to recover your password", {}, "找回密码"),
        (
            "namedfile_accepted_types",
            {"accepted_types": "image/*"},
            "请选择图片文件（PNG、JPG 等）。",
        ),
        ("User and Group Settings", {}, "用户和用户组设置"),
        ("Inherited from Group", {}, "来自用户组"),
        ("heading_dashboard", {"user_name": "何磊"}, "何磊的信息中心"),
    ],
)
def test_r_p_plone_chrome_msgids_are_chinese(portal, msgid, mapping, chinese):
    message = PloneMessage(msgid, default="English", mapping=mapping)
    translated = translate(message, target_language="zh_CN")
    assert chinese in translated and "image/*" not in translated


@pytest.mark.parametrize("view", ["personal-information", "personal-preferences"])
def test_r_p_a_users_own_pages_are_chinese(portal, view):
    html = render_as(portal, view, "cy_eng_staff")[1]
    for english in ("We will use this address", "Allowed types", "TinyMCE", ">None<"):
        assert english not in html, english


def test_r_p_personal_preferences_offer_no_editor_choice(portal):
    html = render_as(portal, "personal-preferences", "cy_eng_staff")[1]
    assert 'name="form.widgets.wysiwyg_editor"' in html  # kept, so saving keeps the value
    assert "可视化编辑器" not in html
    assert '<select id="form-widgets-wysiwyg_editor"' not in html
    html = render_as(portal, "user-preferences", "gw_admin", userid="cy_eng_staff")[1]
    assert "可视化编辑器" not in html and "TinyMCE" not in html


def test_r_p_users_panel_is_chinese(portal):
    html = unescape(render_as(portal, "usergroup-userprefs", "gw_admin")[1])  # SVG titles
    for english in ("Inherited from Group", "Reset password of user", "Remove user"):
        assert english not in html, english
    assert "来自用户组" in html
    assert "重置用户 何磊 的密码" in html and "删除用户 何磊" in html


def test_r_p_plones_groups_have_chinese_titles(portal):
    html = unescape(
        render_as(portal, "usergroup-groupprefs", "gw_admin", searchstring="Administrators")[1]
    )
    assert "Inherited from Group" not in html and "来自用户组" in html
    assert re.search(r"管理员\s*<span[^>]*>\(Administrators\)</span>", html)
    assert api.group.get("Administrators").getProperty("title") == "管理员"
    titles = {g["id"]: g["title"] for g in portal.acl_users.searchGroups(id="AuthenticatedUsers")}
    assert titles["AuthenticatedUsers"] == plone_groups.AUTHENTICATED_TITLE


def test_r_p_upgrade_1012_names_plones_groups_of_an_existing_site(portal):
    # The site as Plone made it: English titles
    api.group.get("Administrators").setGroupProperties({"title": "Administrators"})
    portal.acl_users.auto_group.title = "Authenticated Users (Virtual Group)"
    plone_groups.upgrade_1012(None)
    assert api.group.get("Administrators").getProperty("title") == "管理员"
    assert portal.acl_users.auto_group.title == plone_groups.AUTHENTICATED_TITLE
    titles = {g["id"]: g["title"] for g in portal.acl_users.searchGroups(id="AuthenticatedUsers")}
    assert titles["AuthenticatedUsers"] == plone_groups.AUTHENTICATED_TITLE


def test_r_p_no_dashboard_in_the_personal_menu(portal):
    with api.env.adopt_user(username="cy_eng_staff"):
        actions = api.portal.get_tool("portal_actions").listActionInfos(
            object=portal, categories=("user",)
        )
    ids = {action["id"] for action in actions if action["visible"]}
    assert "dashboard" not in ids and "logout" in ids


def test_r_p_an_icons_markup_is_made_once_and_follows_its_registry_record(portal, monkeypatch):
    """Under load Plone's icon resolver read and parsed the same SVG files on every page (a
    tenth of an instance's time): an icon's markup is kept per file, class and text; the
    registry record naming the file is still read each time, and the text is translated."""
    from Products.CMFPlone.browser.icons import IconsView

    from collective.gongwen.portal.browser import icons

    monkeypatch.setattr(icons, "_tags", {})
    found = recorded(monkeypatch, IconsView, "_iconfile", lambda _view, icon: icon)
    resolver = portal.restrictedTraverse("@@iconresolver")
    first = resolver.tag("person", tag_class="icon-inline", tag_alt="Inherited from Group")
    again = resolver.tag("person", tag_class="icon-inline", tag_alt="Inherited from Group")
    assert first == again and "来自用户组" in unescape(first) and "icon-inline" in first
    assert len(found) == 1
    assert resolver.tag("person", tag_class="other") != first and len(found) == 2
    record = "plone.icon.person"
    kept = api.portal.get_registry_record(record)
    api.portal.set_registry_record(record, "++plone++bootstrap-icons/gear.svg")
    try:
        changed = resolver.tag("person", tag_class="icon-inline", tag_alt="Inherited from Group")
    finally:
        api.portal.set_registry_record(record, kept)
    assert changed != first and found[-1].endswith("gear.svg")
