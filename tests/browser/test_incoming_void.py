"""R-O13 in Chromium: a secretary finds a 收文 registered twice (the 来文字号 typed another
way), sees no 删除 but 作废, is refused without a reason, voids it with one, and finds it
已作废 — its 收文编号 still shown — in the unit's 收文 listing and no longer in 我的待办.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.browser.conftest import void_in_the_panel
from tests.support.incoming import register_incoming

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于开展防汛物资清查的通知"
REASON = "与长河收文重复登记（来文字号误录为「新河〔2026〕14号」），此条作废。"


@pytest.fixture
def duplicate(functional_portal):
    """The same 来文 registered twice: correctly, and with its 字号 mistyped (any other
    spelling of the same 字号 is refused as a duplicate, R-I1)."""
    register_incoming(functional_portal, title=TITLE, source_number="新河〔2026〕41号")
    document = register_incoming(
        functional_portal, "cy_secretary2", title=TITLE, source_number="新河〔2026〕14号"
    )
    transaction.commit()
    return document


def test_r_o13_secretary_voids_a_mistaken_registration(page, portal_url, duplicate, screenshot):
    number = duplicate.receipt_number
    log_in(page, portal_url, "cy_secretary1")
    page.goto(duplicate.absolute_url())
    panel = routing_panel(page)
    expect(panel.locator(".gongwen-routing-state")).to_have_text("秘书登记")
    expect(panel.get_by_role("button", name="送拟办")).to_be_visible()
    screenshot(page, "registered")
    last = void_in_the_panel(page, screenshot, "秘书登记", REASON)
    expect(page.locator(".portalMessage").first).to_contain_text("已办理「作废」")
    expect(panel.locator("form.gongwen-remind")).to_have_count(0)
    expect(last).to_contain_text(f"作废（{number}）")

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
