"""The 处理笺 page in Chromium at 1366 × 768 (issue 19 item 1): cy_leader2 opens a 发文 to
签发 and finds the opinion box and its 常用意见 in the first screen; a 常用意见 fills the
box; a refused 签发 says why next to the panel; the fields wait behind 「详细信息」.
The 收文 page of the secretary who registered one is looked at too.
"""

import datetime

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.conftest import DESKTOP
from tests.browser.conftest import PHONE
from tests.browser.conftest import log_in
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEIGHT = DESKTOP["viewport"]["height"]


@pytest.fixture
def at_leader_sign(functional_portal):
    from tests.integration.test_routing_outgoing import DOWNWARD_PATH

    document = draft_outgoing(
        functional_portal,
        main_recipients=["局属各科室"],
        urgency="urgent",
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    walk_until(document, DOWNWARD_PATH, "leader_sign")
    transaction.commit()
    return document


def first_screen(page, request, name):
    """Save what the first screen shows (not the whole page) as ``<test>-<name>-screen.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}-screen.png"))


def within_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None, "not shown"
    assert box["y"] > -1 and box["y"] + box["height"] <= HEIGHT, box  # sub-pixel scrolling
    return box


def test_slip_leader_signs_with_the_opinion_box_in_the_first_screen(
    open_tab, portal_url, at_leader_sign, screenshot, request
):
    page = open_tab(**DESKTOP)
    log_in(page, portal_url, "cy_leader2")
    page.goto(at_leader_sign.absolute_url())
    header = page.locator(".gongwen-slip-header")
    expect(header.locator("h1")).to_have_text("关于做好汛前检查的通知")
    expect(header.locator(".gongwen-routing-state")).to_have_text("主管局领导签发")
    expect(header.locator(".gongwen-mark-urgency")).to_have_text("加急")
    first_screen(page, request, "leader-sign")
    screenshot(page, "leader-sign")
    box = page.locator("#gongwen-opinion")
    within_first_screen(box)
    within_first_screen(page.locator("#gongwen-actions").get_by_role("button", name="签发"))
    phrase = page.locator(".gongwen-phrase", has_text="同意。").first
    within_first_screen(phrase)

    # a 常用意见 fills the empty box; a second one goes in at the caret
    phrase.click()
    expect(box).to_have_value("同意。")
    page.locator(".gongwen-phrase", has_text="请按程序办理。").click()
    expect(box).to_have_value("同意。请按程序办理。")

    # refused (empty opinion): the message is next to the panel, in view, the box still there
    box.fill("")
    page.locator("#gongwen-actions").get_by_role("button", name="签发").click()
    message = page.locator("#gongwen-messages")
    expect(message).to_contain_text("请填写意见后再提交")
    first_screen(page, request, "refused")
    within_first_screen(message)
    assert message.bounding_box()["y"] < page.locator("#gongwen-opinion").bounding_box()["y"]
    expect(page.locator("#global_statusmessage")).not_to_contain_text("请填写意见后再提交")

    # one's own 常用意见: kept on 「管理我的常用意见」, offered first on the way back
    page.get_by_role("link", name="管理我的常用意见").click()
    page.fill("#gongwen-phrases-input", "同意印发。\n请办公室抓紧办理。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#gongwen-messages")).to_have_text("已保存 2 条常用意见。")
    screenshot(page, "my-phrases")
    page.get_by_role("link", name="返回公文").click()
    phrases = page.locator(".gongwen-phrase")
    expect(phrases.first).to_have_text("同意印发。")
    expect(phrases).to_have_count(2)  # the defaults only when one keeps none
    phrases.first.click()
    expect(page.locator("#gongwen-opinion")).to_have_value("同意印发。")

    # the fields, the empty ones left out, behind 「详细信息」
    details = page.locator("#gongwen-pane-details")
    expect(details).to_be_hidden()
    page.get_by_role("tab", name="详细信息").click()
    expect(details).to_be_visible()
    expect(details).to_contain_text("局属各科室")
    expect(details).not_to_contain_text("印发日期")
    screenshot(page, "details")


def test_slip_incoming_page_for_the_secretary(
    open_tab, portal_url, functional_portal, screenshot, request
):
    document = register_incoming(functional_portal, urgency="very_urgent")
    transaction.commit()
    page = open_tab(**DESKTOP)
    log_in(page, portal_url, "cy_secretary1")
    page.goto(document.absolute_url())
    header = page.locator(".gongwen-slip-header")
    expect(header.locator(".gongwen-routing-state")).to_have_text("秘书登记")
    expect(header).to_contain_text("新乡河务局")
    first_screen(page, request, "incoming")
    screenshot(page, "incoming")
    within_first_screen(page.locator("#gongwen-opinion"))

    # on a phone: one column, nothing wider than the screen, the panel before the files
    phone = open_tab(**PHONE)
    log_in(phone, portal_url, "cy_secretary1")
    phone.goto(document.absolute_url())
    expect(phone.locator("#gongwen-opinion")).to_be_visible()
    screenshot(phone, "incoming-phone")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["viewport"]["width"]
    opinion = phone.locator("#gongwen-opinion").bounding_box()
    assert opinion["y"] < phone.locator("#gongwen-files").bounding_box()["y"]
