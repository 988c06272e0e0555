"""Issue 19 item 4: every role column and Plone string staff see is Chinese; the portal is
Chinese whatever the browser's language (English on request); status messages carry no
「Info:」/「Error:」 prefix."""

import re
from pathlib import Path

import pytest
from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

from tests.support.views import render_as

PloneMessage = MessageFactory("plone")
ROLEMAP = Path(__file__).parents[2] / "profiles" / "default" / "rolemap.xml"


def rolemap_roles():
    return re.findall(
        r'<role name="(Gongwen\w+)" />', ROLEMAP.read_text(encoding="utf-8").split("</roles>")[0]
    )


@pytest.mark.parametrize("role", rolemap_roles())
def test_every_gongwen_role_has_a_chinese_and_an_english_title(portal, role):
    chinese = translate(PloneMessage(role), target_language="zh_CN")
    english = translate(PloneMessage(role), target_language="en")
    assert chinese != role and re.search(r"[\u4e00-\u9fff]", chinese), chinese
    assert english != role and re.fullmatch(r"[A-Za-z ()]+", english), english


@pytest.mark.parametrize(
    "msgid, chinese",
    [
        ("help_effective_date", "列表和搜索结果"),
        ("help_expiration_date", "不再出现"),
        ("listingheader_group_name", "组名"),
        ("label_apply_changes", "保存更改"),
        ("user_roles_note", "${image_link_icon}"),
    ],
)
def test_plone_strings_staff_and_administrators_see_are_chinese(portal, msgid, chinese):
    assert chinese in translate(PloneMessage(msgid, default="English"), target_language="zh_CN")


def test_the_browsers_language_is_not_negotiated_the_cookie_is(portal):
    assert api.portal.get_registry_record("plone.use_request_negotiation") is False
    assert api.portal.get_registry_record("plone.use_cookie_negotiation") is True
    assert "en" in api.portal.get_registry_record("plone.available_languages")
    assert api.portal.get_default_language() == "zh-cn"


def test_status_messages_have_no_info_or_error_prefix(portal):
    request = portal.REQUEST
    IStatusMessage(request).add("已保存。", "info")
    IStatusMessage(request).add("不能提交：缺少正文。", "error")
    html = render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    assert "已保存。" in html and "不能提交：缺少正文。" in html
    for prefix in ("Info:", "Error:", "提示：", "错误："):
        assert prefix not in html, prefix
    assert 'class="portalMessage statusmessage statusmessage-error alert alert-danger"' in html


def test_the_notice_form_has_chinese_help_and_no_format_select(portal):
    with api.env.adopt_user(username="cy_office_deputy"):
        html = portal["changyuan"].restrictedTraverse("++add++gongwen_notice")()
    assert api.portal.get_registry_record("plone.allowed_types") == ("text/html",)
    assert 'value="text/x-web-textile"' not in html
    assert "该内容到那天才出现在列表和搜索结果中" in html  # 发布日期's help
    for english in ("listings and searches", "If this date is in the future", "No value"):
        assert english not in html, english
