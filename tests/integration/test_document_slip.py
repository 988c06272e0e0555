"""The 处理笺 page of a 发文/收文 (issue 19 item 1): header, actions with 常用意见, 正文 and
files, then the opinion history; the fields behind 「详细信息」 with the empty ones left out;
an action's messages shown in the panel it came from (R-O2: a refusal where one looks).
"""

import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.content.posting import MESSAGE_PLACE_COOKIE
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.browser.phrases import personal_phrases
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_panel import act_form
from tests.support.incoming import register_incoming
from tests.support.uploads import post
from tests.support.views import post_as
from tests.support.views import render_as


@pytest.fixture
def notice(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    return document


def page(document, user):
    """The document's page as ``user``."""
    with api.env.adopt_user(username=user):
        return document.restrictedTraverse("view")()


def in_order(html, *markers):
    """True when each of ``markers`` appears in ``html`` after the one before."""
    at = 0
    for marker in markers:
        at = html.find(marker, at)
        assert at != -1, f"{marker} not after the markers before it"
    return True


def positions(html, *markers):
    found = [html.find(marker) for marker in markers]
    assert -1 not in found, dict(zip(markers, found, strict=True))
    return found


def test_slip_page_puts_header_actions_body_files_history_before_the_fields(notice):
    html = page(notice, "cy_eng_head")
    assert in_order(
        html,
        'class="gongwen-slip-header',
        "关于做好汛前检查的通知",
        'class="mb-0 gongwen-routing-state">部门负责人核稿<',
        'id="gongwen-actions"',
        'id="gongwen-opinion"',
        'id="gongwen-body"',
        "请各部门认真做好汛前检查。",
        'id="gongwen-files"',
        'id="gongwen-history"',
        'id="gongwen-pane-details"',
    )
    # the title once, as the page's heading; no second copy of the 正文 among the fields
    assert html.count("documentFirstHeading") == 1
    assert html.count("请各部门认真做好汛前检查。") == 1


def test_slip_incoming_page_has_the_same_order(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = register_incoming(portal)
    html = page(document, "cy_secretary1")
    assert in_order(
        html,
        'class="gongwen-slip-header',
        'class="mb-0 gongwen-routing-state">秘书登记<',
        'id="gongwen-actions"',
        'id="gongwen-opinion"',
        'id="gongwen-files"',
        'id="gongwen-history"',
        'id="gongwen-pane-details"',
        "来文机关",
    )
    details = html[html.index('id="gongwen-pane-details"') :]
    assert "阅批领导" not in details and "拟办意见" not in details  # not filled in yet


def test_slip_metadata_tab_hides_empty_fields(notice):
    html = page(notice, "cy_eng_head")
    details = html[html.index('id="gongwen-pane-details"') :]
    assert "文种" in details and "主送机关" in details
    # 印发日期, 发文字号 and 附件说明 are not filled in yet: not shown at all
    assert "印发日期" not in details
    assert "发文字号" not in details
    assert "附件说明" not in details


def test_slip_header_shows_numbers_marks_holders_and_deadlines(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = register_incoming(
        portal,
        urgency="very_urgent",
        deadline=__import__("datetime").date(2026, 12, 5),
        source_number="新河〔2026〕77号",
    )
    _view, html = render_as(document, "gongwen-slip-header", "cy_secretary1")
    assert "特急" in html and "gongwen-mark-urgency" in html
    assert "新河〔2026〕77号" in html and "新乡河务局" in html
    assert "秘书登记" in html
    assert "2026年12月5日" in html and "26-12-5" not in html


def test_r_o11_slip_header_tells_the_sender_whether_the_holder_opened_it(notice):
    _view, html = render_as(notice, "gongwen-slip-header", "cy_eng_staff")
    assert "gongwen-holders-unopened" in html  # the head has not opened it yet
    _view, html = render_as(notice, "gongwen-slip-header", "cy_eng_head")
    assert "gongwen-holders-unopened" not in html  # no news to the holder
    page(notice, "cy_eng_head")  # the head opens the page
    _view, html = render_as(notice, "gongwen-slip-header", "cy_eng_staff")
    head = api.user.get(userid="cy_eng_head").getProperty("fullname")
    assert "gongwen-holders-opened" in html and head in html
    assert "gongwen-holders-unopened" not in html


def test_slip_refusal_message_is_shown_inside_the_panel(notice):
    request = notice.REQUEST
    with api.env.adopt_user(username="cy_eng_head"):
        post(request, act_form(notice, "approve", "   "))
        notice.restrictedTraverse("@@gongwen-act")()
    location = request.response.getHeader("location")
    assert location == notice.absolute_url() + "#gongwen-messages"
    assert request.response.cookies[MESSAGE_PLACE_COOKIE]["value"] == "gongwen-routing"
    # the next page: the message right above the opinion box, not in Plone's bar
    request.response.setStatus(200)
    request.method = request["REQUEST_METHOD"] = "GET"
    request.form.clear()
    html = page(notice, "cy_eng_head")
    assert in_order(html, 'id="gongwen-messages"', "请填写意见后再提交", 'id="gongwen-actions"')
    top = html[: html.index("gongwen-slip-header")]
    assert "请填写意见后再提交" not in top


def test_slip_file_action_message_is_shown_in_the_files_panel(notice):
    request = notice.REQUEST
    request.other[MESSAGE_PLACE_COOKIE] = "gongwen-files"
    api.portal.show_message("已上传 1 个文件。", request=request)
    html = page(notice, "cy_eng_head")
    assert in_order(html, 'id="gongwen-files"', 'id="gongwen-messages"', "已上传 1 个文件。")
    assert html.index('id="gongwen-messages"') > html.index('id="gongwen-actions"')


def test_slip_offers_personal_unit_and_default_phrases(notice):
    html = page(notice, "cy_eng_head")
    assert 'class="btn btn-outline-secondary btn-sm gongwen-phrase gongwen-phrase-default"' in html
    assert 'data-text="同意。"' in html
    notice.aq_parent.aq_parent.common_opinions = ["同意，请办公室把关。"]
    post_as(api.portal.get(), "gongwen-my-phrases", "cy_eng_head", phrases="拟同意。\n\n拟同意。")
    assert personal_phrases("cy_eng_head") == ["拟同意。"]
    html = page(notice, "cy_eng_head")
    mine, unit = positions(html, 'data-text="拟同意。"', 'data-text="同意，请办公室把关。"')
    assert mine < unit
    assert 'data-text="已阅。"' not in html  # the defaults only when there are none


def test_r_sec5_phrases_are_bounded_with_a_chinese_message(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    typed = "\n".join(f"意见{n}" for n in range(31))
    _view, html = post_as(portal, "gongwen-my-phrases", "cy_eng_head", phrases=typed)
    assert "我的常用意见不能超过 30 项（现为 31 项）。" in html
    assert "意见30</textarea>" in html  # what was typed is kept
    assert personal_phrases("cy_eng_head") == []
    _view, html = post_as(portal, "gongwen-my-phrases", "cy_eng_head", phrases="同" * 101)
    assert "第 1 项不能超过 100 字（现为 101 字）" in html
    post_as(portal, "gongwen-my-phrases", "cy_eng_head", phrases="同意。")
    _view, html = post_as(portal, "gongwen-my-phrases", "cy_eng_head", phrases=["a", "b"])
    assert "常用意见须为文字，每行一条。" in html
    assert personal_phrases("cy_eng_head") == ["同意。"]  # a malformed post changes nothing


def test_unit_phrases_are_kept_by_the_office_only(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    unit = portal["changyuan"]
    view, html = post_as(unit, "gongwen-unit-phrases", "cy_eng_staff", phrases="同意。")
    assert not view.may_edit() and "只有本单位办公室负责人、秘书可以修改" in html
    assert not getattr(unit, "common_opinions", None)
    _view, html = post_as(unit, "gongwen-unit-phrases", "cy_secretary1", phrases="请按程序办理。")
    assert "已保存 1 条常用意见。" in html
    assert unit.common_opinions == ["请按程序办理。"]
