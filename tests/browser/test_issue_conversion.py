"""The secretary's day with files, in Chromium, with a real conversion worker (R-A1, R-A2, R-A3).

She uploads a 20-page Chinese DOCX and an 8-page scanned PDF to a 收文: the
page comes back at once with the files queued; a moment later both show
inline in the viewer; a phrase that occurs only on page 7 of the scan (so
only in its Chinese OCR) finds the document in the site search; replacing
the DOCX keeps version 1 viewable.
"""

import time

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in
from tests.browser.test_document_files import STATUS
from tests.browser.test_document_files import row
from tests.browser.test_document_files import viewer_page_one

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECRETARY = "cy_secretary1"
PASSWORD = "gongwen2026"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def incoming(functional_portal):
    with api.env.adopt_user(username=SECRETARY):
        document = api.content.create(
            container=functional_portal.changyuan.incoming,
            type="gongwen_incoming",
            id="inspection",
            title="关于开展汛前堤防检查的通知",
            source_organ="新乡河务局",
            source_number="新河〔2026〕21号",
        )
    transaction.commit()
    return document


def upload(name, path, mime):
    return {"name": name, "mimeType": mime, "buffer": path.read_bytes()}


def test_r_a1_r_a2_r_a3_docx_and_scan_convert_in_background_and_are_found(
    page, portal_url, incoming, long_samples, conversion_worker, screenshot
):
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error} {error.stack}"))
    log_in(page, portal_url, SECRETARY, PASSWORD)
    page.goto(incoming.absolute_url())

    page.locator("#gongwen-add-files-input").set_input_files(
        [
            upload("堤防检查要求.docx", long_samples["docx"], DOCX_TYPE),
            upload("检查记录扫描件.pdf", long_samples["scan"], "application/pdf"),
        ]
    )
    start = time.monotonic()
    page.locator(".gongwen-add button[type=submit]").click()
    expect(page.get_by_text("已添加 2 个文件")).to_be_visible()
    returned = time.monotonic() - start
    # The page came back before any conversion could finish: both still pending.
    for title in ("堤防检查要求", "检查记录扫描件"):
        expect(row(page, title).locator(".gongwen-file-status")).to_have_text(STATUS)
    assert returned < 5, f"upload took {returned:.1f} s"
    screenshot(page, "queued")

    # A moment later both are converted, without reloading the page.
    expect(row(page, "堤防检查要求").locator(".gongwen-file-status")).to_have_text(
        "已完成（20 页）", timeout=240_000
    )
    expect(row(page, "检查记录扫描件").locator(".gongwen-file-status")).to_have_text(
        "已完成（8 页）", timeout=240_000
    )
    for title in ("堤防检查要求", "检查记录扫描件"):
        row(page, title).locator("a.gongwen-view").click()
        expect(page.locator("#gongwen-viewer")).to_contain_text(f"查看：{title}")
        viewer_page_one(page)
        screenshot(page, f"inline-{title}")

    # The phrase is only in the OCR of page 7 of the scan; the site search finds the 收文.
    page.goto(f"{portal_url}/@@search?SearchableText={long_samples['phrase']}")
    expect(page.locator("#search-results")).to_contain_text(incoming.Title())
    screenshot(page, "search")

    # Replacing the DOCX keeps version 1 viewable.
    page.goto(incoming.absolute_url())
    replace = row(page, "堤防检查要求").locator("form.gongwen-replace")
    replace.locator("input[type=file]").set_input_files(
        [upload("堤防检查要求（修订）.docx", long_samples["short_docx"], DOCX_TYPE)]
    )
    replace.locator("button").click()
    expect(page.get_by_text("原文件已保存为历史版本")).to_be_visible()
    expect(row(page, "堤防检查要求（修订）").locator(".gongwen-file-status")).to_have_text(
        "已完成（1 页）", timeout=240_000
    )
    row(page, "堤防检查要求（修订）").locator("a.gongwen-versions").click()
    page.locator("tr.gongwen-version").nth(1).locator("a.gongwen-version-view").click()
    viewer_page_one(page, "#gongwen-version-viewer")
    pages = page.locator("#gongwen-version-viewer .DV-totalPages, #gongwen-version-viewer")
    expect(pages.first).to_contain_text("20")
    image = page.locator("#gongwen-version-viewer img.DV-pageImage").first.get_attribute("src")
    assert "/@@gongwen-version-pages/0/" in image
    screenshot(page, "version-1")
    assert errors == []
