"""R-X1, R-X2 in Chromium: 长垣河务局 sends a 上行文 请示 to 新乡河务局.

新乡's secretary finds it 待签收 and opens it; 长垣's secretary, whose page
still offers 收回, is refused (it was opened); 新乡 签收 and has it in its
收文 workflow, pre-filled. A second 请示 is recalled before anyone opens it
and vanishes from 新乡's list; the document is back at 审核发送.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.integration.test_exchange_deliveries import sent_request

pytestmark = [pytest.mark.browser]

PASSWORD = "gongwen2026"


@pytest.fixture
def second_tab(chromium):
    """Another person's browser (own cookies)."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_r_x1_r_x2_request_signed_for_at_the_superior_and_a_recall(
    page, second_tab, portal_url, functional_portal, screenshot
):
    document = sent_request(functional_portal)
    number = document.issue_number
    transaction.commit()

    sender = second_tab
    log_in(sender, portal_url, "cy_secretary2", PASSWORD)
    sender.goto(document.absolute_url())
    receipt = sender.locator("tr.gongwen-receipt[data-recipient=新乡河务局]")
    expect(receipt.locator(".gongwen-receipt-state")).to_have_text("待签收（未打开）")
    expect(receipt.locator("button.gongwen-recall")).to_be_visible()
    screenshot(sender, "receipt-sent")

    log_in(page, portal_url, "xx_secretary", PASSWORD)
    page.get_by_role("link", name="待签收", exact=True).first.click()
    item = page.locator("tr.gongwen-to-sign-item", has_text=number)
    expect(item).to_contain_text("长垣河务局")
    expect(item).to_contain_text("待签收（未打开）")
    screenshot(page, "to-sign")
    item.get_by_role("link", name="关于堤防维修经费的请示").click()
    expect(page.locator(".gongwen-delivery-state")).to_contain_text("待签收（已打开）")
    expect(page.locator(".gongwen-delivery-files a").first).to_be_visible()
    screenshot(page, "opened")

    # 长垣's page was loaded before the open: its 收回 is refused now (第十三条).
    receipt.locator("button.gongwen-recall").click()
    expect(sender.locator(".portalMessage").first).to_contain_text("对方已打开该公文，不能收回")
    receipt = sender.locator("tr.gongwen-receipt[data-recipient=新乡河务局]")
    expect(receipt.locator(".gongwen-receipt-state")).to_have_text("待签收（已打开）")
    screenshot(sender, "recall-refused")

    page.locator("button.gongwen-sign").click()
    expect(page.locator(".portalMessage").first).to_contain_text("已签收，收文已登记为")
    expect(page.locator("body")).to_contain_text(number)  # 来文字号 = the sender's 文号
    expect(page.locator("body")).to_contain_text("长垣河务局")  # 来文机关
    expect(page.locator("#gongwen-routing, .gongwen-incoming-panel").first).to_be_visible()
    screenshot(page, "signed-incoming")

    sender.reload()
    receipt = sender.locator("tr.gongwen-receipt[data-recipient=新乡河务局]")
    expect(receipt.locator(".gongwen-receipt-state")).to_have_text("已签收")

    # A second 请示, recalled before 新乡 opens it.
    transaction.begin()
    second = sent_request(functional_portal)
    second_number = second.issue_number
    transaction.commit()
    sender.goto(second.absolute_url())
    sender.locator("button.gongwen-recall").click()
    expect(sender.locator(".portalMessage").first).to_contain_text("已收回")
    expect(sender.locator("tr.gongwen-receipt .gongwen-receipt-state")).to_have_text("已收回")
    screenshot(sender, "recalled")

    page.goto(f"{portal_url}/@@gongwen-to-sign")
    expect(page.locator("body")).not_to_contain_text(second_number)
    screenshot(page, "to-sign-after-recall")


def test_r_x1_a_return_needs_a_reason_and_comes_back_to_the_senders_secretaries(
    page, portal_url, functional_portal, screenshot
):
    document = sent_request(functional_portal)
    transaction.commit()
    log_in(page, portal_url, "xx_secretary", PASSWORD)
    page.goto(f"{portal_url}/@@gongwen-to-sign")
    page.locator("tr.gongwen-to-sign-item", has_text=document.issue_number).get_by_role(
        "link"
    ).click()
    page.locator("button.gongwen-return").click()
    expect(page.locator(".portalMessage").first).to_contain_text("退回时请填写退回原因")
    page.fill("#gongwen-return-reason", "请补充维修预算明细")
    page.locator("button.gongwen-return").click()
    expect(page.locator(".portalMessage").first).to_contain_text("已退回发文单位")
    screenshot(page, "returned")

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_secretary1", PASSWORD)
    page.get_by_role("link", name="我的待办", exact=True).first.click()
    page.get_by_role("link", name="关于堤防维修经费的请示").first.click()
    expect(page.locator("#gongwen-routing")).to_contain_text("新乡河务局：请补充维修预算明细")
    expect(page.locator("tr.gongwen-receipt .gongwen-receipt-state")).to_have_text("已退回")
    screenshot(page, "back-with-sender")
