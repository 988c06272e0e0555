"""R-O11 撤回 and R-O12 流程跟踪 in Chromium, as the people who use them.

The drafter (cy_eng_staff) 提交s a 通知, sees 「撤回」 while the department head has not
opened it, takes it back with a reason, and finds both moves in the history; once the head
has opened the resubmitted document, the drafter's 撤回 (from the page still open) is
refused in Chinese. The office head (cy_office_head) reads the 流程跟踪 of a document they
hold: the steps passed with the opinions, their own step, the steps ahead — on the desktop
and on a phone.
"""

import re

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.conftest import PHONE
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel as panel
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"
REASON = "附件漏传，补上后再送。"
WIDTHS = {"desktop": 720, "phone": 300}  # the wide and the narrow diagram's viewBox


@pytest.fixture
def notice(functional_portal):
    document = draft_outgoing(functional_portal, title=TITLE, main_recipients=["新乡河务局"])
    transaction.commit()
    return document


@pytest.fixture
def at_office_review(functional_portal):
    document = draft_outgoing(functional_portal, title=TITLE, main_recipients=["新乡河务局"])
    walk_until(document, DOWNWARD_PATH, "office_review")
    transaction.commit()
    return document


def test_r_o11_drafter_retracts_one_document(open_tab, portal_url, notice, screenshot):
    drafter = open_tab(**DESKTOP)
    drafter.on("dialog", lambda dialog: dialog.accept())  # 「确定撤回此公文吗？」
    log_in(drafter, portal_url, "cy_eng_staff")
    drafter.goto(notice.absolute_url())
    panel(drafter).get_by_role("button", name="提交").click()
    expect(drafter.get_by_text("已办理「提交」，当前环节：部门负责人核稿。")).to_be_visible()
    retract = drafter.locator("#gongwen-retract")
    expect(retract).to_be_visible()
    expect(retract).to_contain_text("对方尚未打开")
    screenshot(drafter, "submitted")
    # on the drafter's phone too, the 撤回 fits the screen
    phone = open_tab(**PHONE)
    log_in(phone, portal_url, "cy_eng_staff")
    phone.goto(notice.absolute_url())
    button = phone.locator("#gongwen-retract").get_by_role("button", name="撤回")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] + box["width"] <= 390
    screenshot(phone, "submitted-phone")

    drafter.fill("#gongwen-retract-reason", REASON)
    retract.get_by_role("button", name="撤回").click()
    expect(drafter.get_by_text("已撤回，公文回到「拟稿」，可修改后重新送出。")).to_be_visible()
    expect(panel(drafter).locator(".gongwen-routing-state").first).to_have_text("拟稿")
    expect(drafter.locator("#gongwen-retract")).to_have_count(0)
    history = drafter.locator(".gongwen-opinion")
    expect(history.last).to_contain_text("撤回")
    expect(history.last).to_contain_text(REASON)
    screenshot(drafter, "retracted")

    # submitted again; the head opens it; the drafter's page (still showing 撤回) is refused
    panel(drafter).get_by_role("button", name="提交").click()
    expect(drafter.locator("#gongwen-retract")).to_be_visible()
    head = open_tab(**DESKTOP)
    log_in(head, portal_url, "cy_eng_head")
    head.goto(notice.absolute_url())
    expect(panel(head).get_by_role("button", name="同意，送下一环节")).to_be_visible()
    drafter.locator("#gongwen-retract").get_by_role("button", name="撤回").click()
    expect(drafter.get_by_text("已打开此公文，不能再撤回")).to_be_visible()
    expect(panel(drafter).locator(".gongwen-routing-state").first).to_have_text("部门负责人核稿")
    expect(drafter.locator("#gongwen-retract")).to_have_count(0)
    screenshot(drafter, "refused")


def test_r_o12_office_head_reads_the_flow(open_tab, portal_url, at_office_review, screenshot):
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = open_tab(**size)
        log_in(tab, portal_url, "cy_office_head")
        tab.goto(at_office_review.absolute_url())
        tab.locator("#gongwen-tab-flow").click()
        expect(tab.locator("#gongwen-pane-flow")).to_have_css("opacity", "1")  # faded in
        # the desktop's wide diagram, or the phone's narrow one: one of them is shown
        svg = tab.locator("#gongwen-flow svg.gongwen-flow-svg").locator("visible=true")
        expect(svg).to_have_count(1)
        expect(svg).to_have_attribute("viewBox", re.compile(rf"^0 0 {WIDTHS[name]} "))
        current = svg.locator("g.gongwen-flow-current")
        expect(current).to_have_count(1)
        expect(current).to_contain_text("办公室负责人把关")
        expect(svg.locator("g.gongwen-flow-passed")).to_have_count(2)
        expect(svg).to_contain_text("同意。")  # the head's opinion (DOWNWARD_PATH)
        expect(svg.locator("g.gongwen-flow-ahead").first).to_contain_text("主管局领导签发")
        # drawn at a readable size: its 13 px text at 11 px or more
        assert svg.bounding_box()["width"] >= 0.85 * WIDTHS[name]
        screenshot(tab, f"flow-{name}")
        # its own page, to print
        tab.goto(f"{at_office_review.absolute_url()}/@@gongwen-flow-page")
        expect(tab.locator("#gongwen-flow svg").locator("visible=true")).to_have_count(1)
        screenshot(tab, f"flow-page-{name}")
