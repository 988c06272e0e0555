"""R-O13 in Chromium: a secretary finds a 收文 registered twice (the 来文字号 typed another
way), sees no 删除 but 作废, is refused without a reason, voids it with one, and finds it
已作废 — its 收文编号 still shown — in the unit's 收文 listing and no longer in 我的待办.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.incoming import register_incoming

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于开展防汛物资清查的通知"
REASON = "与长河收文重复登记（来文字号录入为「新河[2026]41号」），此条作废。"


@pytest.fixture
def duplicate(functional_portal):
    """The same 来文 registered twice: correctly, and with its 字号 typed another way."""
    register_incoming(functional_portal, title=TITLE, source_number="新河〔2026〕41号")
    document = register_incoming(
        functional_portal, "cy_secretary2", title=TITLE, source_number="新河2026-41"
    )
    transaction.commit()
    return document


def panel(page):
    return page.locator("#gongwen-routing")


def test_r_o13_secretary_voids_a_mistaken_registration(page, portal_url, duplicate, screenshot):
    number = duplicate.receipt_number
    log_in(page, portal_url, "cy_secretary1", PASSWORD)
    page.goto(duplicate.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("秘书登记")
    expect(page.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    expect(page.locator("a[href$='/delete_confirmation']")).to_have_count(0)
    expect(panel(page).get_by_role("button", name="作废")).to_be_visible()
    expect(panel(page).get_by_role("button", name="送拟办")).to_be_visible()
    expect(panel(page).locator(".gongwen-void-help")).to_be_visible()
    screenshot(page, "registered")

    panel(page).get_by_role("button", name="作废").click()
    expect(page.get_by_text("作废公文须填写作废原因。")).to_be_visible()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("秘书登记")
    screenshot(page, "no-reason")

    page.fill("#gongwen-opinion", REASON)
    panel(page).get_by_role("button", name="作废").click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理「作废」")
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("已作废")
    expect(panel(page).locator("form.gongwen-act")).to_have_count(0)
    expect(panel(page).locator("form.gongwen-remind")).to_have_count(0)
    last = panel(page).locator(".gongwen-opinion").last
    expect(last).to_contain_text(f"作废（{number}）")
    expect(last).to_contain_text(REASON)
    expect(page.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    screenshot(page, "voided")

    page.goto(f"{portal_url}/changyuan/incoming")
    rows = page.locator("table.gongwen-listing tbody tr").filter(has_text=TITLE)
    expect(rows).to_have_count(2)
    voided = rows.filter(has_text=number)
    expect(voided).to_have_count(1)
    expect(voided).to_contain_text("已作废")
    screenshot(page, "listing")

    page.goto(f"{portal_url}/@@gongwen-todo")
    # the correct entry waits at 秘书登记; the voided one is no one's to do
    waiting = page.locator("tbody tr").filter(has_text=TITLE)
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("秘书登记")
    screenshot(page, "todo")
