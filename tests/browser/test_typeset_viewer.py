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
from tests.browser.conftest import official_arrives
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
    official = numbered_in_the_print_room(page, portal_url, document, UPWARD_PATH)
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


NOTICE_TITLE = "关于印发《长垣河务局财务报销管理办法》的通知"
NOTICE_TEXT = "《长垣河务局财务报销管理办法》已经局长办公会研究通过，现印发给你们，请认真遵照执行。"


def test_r_t1_notice_with_one_attachment_keeps_its_text_on_page_one_in_the_viewer(
    page, portal_url, functional_portal, conversion_worker, screenshot
):
    """Issue 19: the print room numbers the demo's 通知 with one 附件; the 正式文件's page 1
    holds the title broken between words, the 主送, the whole text, the 附件说明 and the
    署名 and 成文日期; the viewer's search finds the text on page 1."""
    from plone import api
    from weasyprint import HTML

    from collective.gongwen.content.files import add_file
    from collective.gongwen.typeset import rules
    from tests.integration.test_routing_outgoing import DOWNWARD_PATH
    from tests.support.outgoing import body

    transaction.begin()  # see the server's commits
    document = draft_outgoing(
        functional_portal,
        title=NOTICE_TITLE,
        text=body(f"<p>{NOTICE_TEXT}</p>"),
        main_recipients=["局属各科室"],
        attachment_note=["长垣河务局财务报销管理办法"],
    )
    with api.env.adopt_roles(["Manager"]):
        add_file(
            document,
            HTML(string='<p lang="zh-CN">第一条　为规范财务报销行为。</p>').write_pdf(),
            "长垣河务局财务报销管理办法.pdf",
        )
    official = numbered_in_the_print_room(page, portal_url, document, DOWNWARD_PATH)
    # Page 1 the text, page 2 the 附件 with the 版记 at its foot (the back of the sheet).
    expect(official.locator(".gongwen-file-status")).to_have_text("已完成（2 页）", timeout=240_000)
    transaction.begin()  # see the server's commits
    with pdfplumber.open(document["official"].file.open()) as pdf:
        first = (pdf.pages[0].extract_text() or "").replace(" ", "").splitlines()
    assert first[2:4] == rules.title_lines(NOTICE_TITLE)  # 「财务」 whole
    recipients = first.index("局属各科室：")
    assert "".join(first[recipients + 1 : recipients + 3]) == NOTICE_TEXT
    assert first[recipients + 3 : recipients + 5] == [
        "附件：长垣河务局财务报销管理办法",
        "长垣河务局",
    ]

    page.locator("tr.gongwen-file[data-id=official] a.gongwen-view").click()
    viewer_page_one(page)
    screenshot(page, "notice-with-attachment-page-1")
    box = page.locator("input.DV-searchInput")
    box.click()
    box.fill("局长办公会")
    box.press("Enter")
    results = page.locator(".DV-searchResults")
    expect(results.locator(".DV-currentSearchResult")).to_have_text("第 1")
    expect(page.locator(".DV-textCurrentPage")).to_have_text("第1页")
    expect(page.locator(".DV-textContents span.DV-highlightedMatch")).to_have_text("局长办公会")
    screenshot(page, "notice-with-attachment-found-on-page-1")


def numbered_in_the_print_room(page, portal_url, document, path):
    """Walk ``document`` along ``path`` up to 编号, then cy_print clicks 登记编号 on its page;
    the 正式文件 row once the worker has typeset it."""
    for user, action, opinion, after in path:
        if after == "secretary_check":
            break
        do(document, user, action, opinion)
    transaction.commit()
    log_in(page, portal_url, "cy_print", PASSWORD)
    page.goto(document.absolute_url())
    page.locator("#gongwen-routing").get_by_role("button", name="登记编号", exact=True).click()
    expect(page.get_by_text("已办理「登记编号」").first).to_be_visible()
    return official_arrives(page, timeout=240_000)  # the worker typesets it
