"""R-O13 in Chromium: the drafter of a 通知 returned after review finds no 删除, only 作废; is
refused without a reason; voids it with one; and finds it 已作废 in the unit's 发文 listing.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.routing.actions import act
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于做好汛前检查的通知"
REASON = "汛前检查已由上级统一部署，本文不再印发。"


@pytest.fixture
def returned(functional_portal):
    from plone import api

    document = draft_outgoing(functional_portal, title=TITLE, main_recipients=["局属各科室"])
    with api.env.adopt_user(username="cy_eng_staff"):
        act(document, "submit")
    with api.env.adopt_user(username="cy_eng_head"):
        act(document, "return", "检查范围不清，请修改。")
    transaction.commit()
    return document


def panel(page):
    return page.locator("#gongwen-routing")


def test_r_o13_drafter_voids_a_returned_draft_instead_of_deleting_it(
    page, portal_url, returned, screenshot
):
    log_in(page, portal_url, "cy_eng_staff", PASSWORD)
    page.goto(returned.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("拟稿")
    # Plone's 操作 menu offers no 删除; the panel offers 作废 beside 提交
    expect(page.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    expect(page.locator("a[href$='/delete_confirmation']")).to_have_count(0)
    expect(panel(page).get_by_role("button", name="作废")).to_be_visible()
    expect(panel(page).locator(".gongwen-void-help")).to_be_visible()
    screenshot(page, "returned")

    panel(page).get_by_role("button", name="作废").click()
    expect(page.get_by_text("作废公文须填写作废原因。")).to_be_visible()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("拟稿")
    screenshot(page, "no-reason")

    page.fill("#gongwen-opinion", REASON)
    panel(page).get_by_role("button", name="作废").click()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("已作废")
    expect(panel(page).locator("form.gongwen-act")).to_have_count(0)
    last = panel(page).locator(".gongwen-opinion").last
    expect(last).to_contain_text("作废")
    expect(last).to_contain_text(REASON)
    expect(page.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    screenshot(page, "voided")

    page.goto(f"{portal_url}/changyuan/outgoing")
    row = page.locator("table.gongwen-listing tbody tr").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("已作废")
    screenshot(page, "listing")
