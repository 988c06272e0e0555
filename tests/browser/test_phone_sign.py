"""A leader signs on a phone in three taps (issue 19 item 5, 390 × 844).

A 下行文 通知 of 工程管理科 has passed 核稿 and 把关 and waits for cy_leader2's 签发. On a
phone, from 我的待办: tap 1 opens it — the 处理笺 with its 正文; tap 2 the 常用意见
「同意。」 fills the opinion box; tap 3 「签发」. The page is short enough to read on the
phone (no sideways scrolling, the 正文 and the action box within a few screens), and its
controls are big enough for a finger.
"""

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.routing.actions import act
from collective.gongwen.steps.opinions import opinions
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"
BODY = (
    "<p>各科室：</p>"
    "<p>为切实做好今年汛前检查工作，确保堤防工程安全度汛，现将有关事项通知如下。</p>"
    "<p>一、各科室要于5月31日前完成辖区堤防、涵闸的全面检查，建立问题台账。</p>"
    "<p>二、检查中发现的险点隐患，要明确责任人和整改时限，及时上报。</p>"
)
PHONE = {"width": 390, "height": 844}
# how far down the 正文 and the 签发 button may start: a few screens of a phone
FEW_SCREENS = 4 * PHONE["height"]
FINGER = 40  # px: the smallest a button to tap may be


@pytest.fixture
def notice(functional_portal):
    document = draft_outgoing(functional_portal, title=TITLE, text=body(BODY))
    for user, action, opinion in (
        ("cy_eng_staff", "submit", ""),
        ("cy_eng_head", "approve", "同意，请办公室把关。"),
        ("cy_office_head", "approve", "请局领导签发。"),
    ):
        with api.env.adopt_user(username=user):
            act(document, action, opinion)
    assert api.content.get_state(obj=document) == "leader_sign"
    transaction.commit()
    return document


def top_of(tab, locator):
    """Where ``locator`` starts on the page (not in the window)."""
    return locator.evaluate("node => node.getBoundingClientRect().top + window.scrollY")


def test_phone_leader_reads_and_signs_in_three_taps(phone_page, portal_url, notice, screenshot):
    tab = phone_page
    log_in(tab, portal_url, "cy_leader2")
    tab.goto(f"{portal_url}/@@gongwen-todo")
    row = tab.locator("table.gongwen-todo tbody tr").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    screenshot(tab, "todo")
    taps = 0

    # tap 1: the row's title opens the 处理笺
    link = row.get_by_role("link", name=TITLE)
    assert link.bounding_box()["height"] >= 24
    link.tap()
    taps += 1
    tab.wait_for_load_state()
    expect(tab.locator("#gongwen-body")).to_contain_text("确保堤防工程安全度汛", timeout=30_000)
    panel = routing_panel(tab)
    sign = panel.get_by_role("button", name="签发", exact=True)
    expect(sign).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert top_of(tab, tab.locator("#gongwen-body")) < FEW_SCREENS
    assert top_of(tab, sign) < FEW_SCREENS
    height = tab.evaluate("document.documentElement.scrollHeight")
    print(f"处理笺 on a phone: {height} px tall")
    screenshot(tab, "slip")

    # the leader reads the 正文 (scrolling is not a tap)
    tab.locator("#gongwen-body").scroll_into_view_if_needed()
    screenshot(tab, "body")

    # tap 2: 常用意见 「同意。」
    phrase = panel.locator(".gongwen-phrase", has_text="同意。").first
    expect(phrase).to_be_visible()
    assert phrase.bounding_box()["height"] >= FINGER
    phrase.tap()
    taps += 1
    expect(tab.locator("#gongwen-opinion")).to_have_value("同意。")
    screenshot(tab, "opinion")

    # tap 3: 签发
    assert sign.bounding_box()["height"] >= FINGER
    sign.tap()
    taps += 1
    expect(tab.locator("#gongwen-messages")).to_contain_text("签发")
    screenshot(tab, "signed")
    assert taps == 3
    transaction.begin()  # see what the served site committed
    assert api.content.get_state(obj=notice) == "numbering"
    last = opinions(notice)[-1]
    assert (last.action, last.actor, last.text) == ("sign", "cy_leader2", "同意。")
