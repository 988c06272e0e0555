"""R-O13 in Chromium: the drafter of a 通知 returned after review finds no 删除, only 作废; is
refused without a reason; voids it with one; and finds it 已作废 in the unit's 发文 listing.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.browser.conftest import void_in_the_panel
from tests.integration.test_routing_keeping import returned as returned_draft

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"
REASON = "汛前检查已由上级统一部署，本文不再印发。"


@pytest.fixture
def returned(functional_portal):
    document = returned_draft(functional_portal)
    assert document.Title() == TITLE
    transaction.commit()
    return document


def test_r_o13_drafter_voids_a_returned_draft_instead_of_deleting_it(
    page, portal_url, returned, screenshot
):
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(returned.absolute_url())
    expect(routing_panel(page).locator(".gongwen-routing-state")).to_have_text("拟稿")
    screenshot(page, "returned")
    # Plone's 操作 menu offers no 删除; the panel offers 作废 beside 提交
    last = void_in_the_panel(page, screenshot, "拟稿", REASON)
    expect(last).to_contain_text("作废")

    page.goto(f"{portal_url}/changyuan/outgoing")
    row = page.locator("table.gongwen-listing tbody tr").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("已作废")
    screenshot(page, "listing")
