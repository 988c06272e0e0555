"""The 正式文件 in Chromium (R-T1, R-T2): the print room numbers a 上行文 请示, which
typesets it; a real conversion worker turns the PDF into viewer pages; the
secretary opens it in the viewer and downloads the 发文稿纸.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_document_files import viewer_page_one
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于拨付堤防维修经费的请示"


def test_r_t1_r_t2_numbering_typesets_a_pdf_the_viewer_shows(
    page, portal_url, functional_portal, conversion_worker, screenshot
):
    document = draft_outgoing(
        functional_portal, "upward", title=TITLE, main_recipients=["新乡河务局"]
    )
    for user, action, opinion, after in UPWARD_PATH:
        if after == "secretary_check":
            break
        do(document, user, action, opinion)
    transaction.commit()

    log_in(page, portal_url, "cy_print", PASSWORD)
    page.goto(document.absolute_url())
    page.locator("#gongwen-routing").get_by_role("button", name="登记编号", exact=True).click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理「登记编号」")
    official = page.locator("tr.gongwen-file[data-id=official]")
    expect(official).to_contain_text("正式文件")
    expect(official.locator(".gongwen-file-status")).to_have_text("已完成（1 页）", timeout=240_000)

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_secretary1", PASSWORD)
    page.goto(document.absolute_url())
    page.locator("tr.gongwen-file[data-id=official] a.gongwen-view").click()
    viewer_page_one(page)
    screenshot(page, "official-in-viewer")
    with page.expect_download() as download:
        page.locator(".gongwen-slip-link").click()
    name = download.value.suggested_filename
    assert name.startswith("长垣河务局发文稿纸-长河〔") and name.endswith(f"{TITLE}.pdf"), name
