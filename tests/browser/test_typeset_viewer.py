"""The 正式文件 in Chromium (R-T1, R-T2): the administrator uploads the unit's
electronic seal; the print room numbers a 上行文 请示, which typesets it (with
the seal, its 版记 on the back of the sheet); a real conversion worker turns
the PDF into viewer pages; the secretary opens it in the viewer and downloads
the 发文稿纸.
"""

import io

import pdfplumber
import pytest
import transaction
from PIL import Image
from PIL import ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_document_files import viewer_page_one
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于拨付堤防维修经费的请示"


def _seal_png():
    image = Image.new("RGBA", (420, 420), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 412, 412), outline=(220, 0, 0, 255), width=14)
    draw.regular_polygon((210, 210, 70), 5, fill=(220, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def upload_seal(page, portal_url, screenshot):
    """The administrator puts the unit's electronic seal in the unit's 「印章」 tab."""
    log_in(page, portal_url, "admin", "secret")
    page.goto(f"{portal_url}/changyuan/edit")
    page.locator("form .autotoc-nav a", has_text="印章").click()
    page.locator("input[type=file][name$='seal_image']").set_input_files(
        files=[{"name": "seal.png", "mimeType": "image/png", "buffer": _seal_png()}]
    )
    screenshot(page, "seal-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".portalMessage").first).to_be_visible()
    page.goto(f"{portal_url}/logout")


def test_r_t1_r_t2_numbering_typesets_a_pdf_the_viewer_shows(
    page, portal_url, functional_portal, conversion_worker, screenshot
):
    upload_seal(page, portal_url, screenshot)
    transaction.begin()  # see the server's commits
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
    # One page of text, the 版记 on its back (GB/T 9704: the 版记 on the last, even page).
    expect(official.locator(".gongwen-file-status")).to_have_text("已完成（2 页）", timeout=240_000)
    transaction.begin()  # see the server's commits
    with pdfplumber.open(document["official"].file.open()) as pdf:
        assert len(pdf.pages[0].images) == 1  # the seal, on the 署名 and 成文日期
        assert "印发" in pdf.pages[1].extract_text()

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
