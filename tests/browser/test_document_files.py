"""A secretary in Chromium works with a 收文's files (R-A1, R-A2, SPEC §8).

She adds two files (each shows its conversion status), is stopped before
uploading a file over the limit, moves a file down, replaces one and opens
its versions. Conversion needs a worker; without one the files stay
「排队中」, so the test asserts the status the panel shows, then finishes a
conversion in the database and sees the panel update by itself.
"""

import re

import pytest
import transaction
from playwright.sync_api import expect
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from collective.gongwen.content import files
from collective.gongwen.conversion import status
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECRETARY = "cy_secretary1"
PASSWORD = "gongwen2026"
LIMIT_MB = 1
STATUS = re.compile("排队中|转换中|已完成")


@pytest.fixture
def incoming(functional_portal):
    """A 收文 the secretary registered; the upload limit lowered to 1 MB."""
    getUtility(IRegistry)["collective.gongwen.org.settings.IGongwenSettings.upload_max_mb"] = (
        LIMIT_MB
    )
    return flood_incoming(functional_portal)


def flood_incoming(portal):
    """The 收文 「关于转发防汛工作要求的通知」 cy_secretary1 registered, committed."""
    with api.env.adopt_user(username=SECRETARY):
        document = api.content.create(
            container=portal.changyuan.incoming,
            type="gongwen_incoming",
            id="flood",
            title="关于转发防汛工作要求的通知",
            source_organ="新乡河务局",
            source_number="新河〔2026〕12号",
        )
    transaction.commit()
    return document


def text_file(name, text):
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")}


def row(page, title):
    return page.locator("tr.gongwen-file", has=page.locator(".gongwen-file-title", has_text=title))


def titles(page):
    return page.locator("tr.gongwen-file .gongwen-file-title").all_inner_texts()


def test_r_a2_secretary_adds_reorders_replaces_and_sees_versions(
    page, portal_url, incoming, screenshot
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, portal_url, SECRETARY, PASSWORD)
    page.goto(incoming.absolute_url())
    panel = page.locator("#gongwen-files")
    expect(panel.get_by_text("尚无文件。")).to_be_visible()
    screenshot(page, "empty")

    # Over the limit: refused in the browser with the server's message, nothing sent.
    add_input = page.locator("#gongwen-add-files-input")
    add_input.set_input_files(
        [{"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": b"x" * (2 * 1024 * 1024)}]
    )
    page.locator(".gongwen-add button[type=submit]").click()
    error = page.locator(".gongwen-upload-error")
    expect(error).to_have_text(
        "扫描件.pdf：文件大小为 2.0 MB，超过上传上限 1 MB，未保存。请压缩或拆分后重新上传。"
    )
    expect(panel.get_by_text("尚无文件。")).to_be_visible()
    screenshot(page, "too-large")

    # Two files at once; each shows its conversion status.
    add_input.set_input_files(
        [
            text_file("值班表.txt", "汛期值班表：张三、李四"),
            text_file("物资清单.txt", "编织袋 500 条"),
        ]
    )
    page.locator(".gongwen-add button[type=submit]").click()
    expect(page.get_by_text("已添加 2 个文件：值班表、物资清单。")).to_be_visible()
    assert titles(page) == ["值班表", "物资清单"]
    for title in ("值班表", "物资清单"):
        expect(row(page, title).locator(".gongwen-file-status")).to_have_text(STATUS)
    expect(page.locator("#gongwen-viewer")).to_contain_text("查看：值班表")
    screenshot(page, "added")

    # 下移 the first file.
    row(page, "值班表").locator("button.gongwen-down").click()
    expect(page.get_by_text("已调整文件顺序。")).to_be_visible()
    assert titles(page) == ["物资清单", "值班表"]
    screenshot(page, "moved")

    # The panel follows a conversion by itself (no reload of the page).
    page.evaluate("window.gongwenSamePage = true")
    transaction.begin()  # see what the server's requests committed
    roster = next(item for item in files.files_of(incoming) if item.Title() == "值班表")
    if status.conversion_status(roster).get("state") is None:
        status.mark_queued(roster)
    status.mark_done(roster, 1)
    transaction.commit()
    expect(row(page, "值班表").locator(".gongwen-file-status")).to_have_text(
        "已完成（1 页）", timeout=15_000
    )
    assert page.evaluate("window.gongwenSamePage") is True
    screenshot(page, "converted")

    # 替换: the new file, the old one kept as a version.
    replace = row(page, "值班表").locator("form.gongwen-replace")
    replace.locator("input[type=file]").set_input_files(
        [text_file("值班表（修订）.txt", "汛期值班表：张三、王五")]
    )
    replace.locator("button").click()
    expect(page.get_by_text("已替换「值班表（修订）」，原文件已保存为历史版本。")).to_be_visible()
    expect(row(page, "值班表（修订）").locator(".gongwen-file-status")).to_have_text(STATUS)
    screenshot(page, "replaced")

    # 历史版本
    row(page, "值班表（修订）").locator("a.gongwen-versions").click()
    expect(page.locator("h1")).to_have_text("历史版本：值班表（修订）")
    versions = page.locator("tr.gongwen-version")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("替换文件")
    expect(versions.first).to_contain_text("当前")
    expect(versions.nth(1).locator(".gongwen-version-filename")).to_have_text("值班表.txt")
    screenshot(page, "versions")

    # The earlier version: no kept pages (never converted), so download it.
    versions.nth(1).locator("a.gongwen-version-view").click()
    expect(page.get_by_text("此版本没有保留在线预览，请下载后查看。")).to_be_visible()
    with page.expect_download() as download:
        page.locator(".gongwen-viewer-status a").click()
    assert download.value.suggested_filename == "值班表.txt"
    with open(download.value.path(), encoding="utf-8") as saved:
        assert saved.read() == "汛期值班表：张三、李四"
    screenshot(page, "old-version")
    assert errors == []


def test_r_a1_panel_asks_for_the_status_only_while_converting(page, portal_url, incoming):
    # No file pending: the panel does not ask for the status.
    asked = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.url) if "gongwen-conversion-status" in request.url else None
        ),
    )
    log_in(page, portal_url, SECRETARY, PASSWORD)
    page.goto(incoming.absolute_url())
    page.wait_for_timeout(4000)
    assert asked == []


def viewer_page_one(page, scope="#gongwen-viewer"):
    """Wait until the viewer in ``scope`` shows a loaded image of page 1."""
    page.wait_for_function(
        "(scope) => [...document.querySelectorAll(scope + ' img.DV-pageImage')]"
        ".some(img => img.complete && img.naturalWidth > 0"
        " && /dump_1\\.(png|jpg|gif)/.test(img.src))",
        arg=scope,
        timeout=240_000,
    )


def test_r_a1_r_a2_converted_files_open_inline_and_old_versions_stay_viewable(
    page, portal_url, incoming, sample_documents, conversion_worker, screenshot
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, portal_url, SECRETARY, PASSWORD)
    page.goto(incoming.absolute_url())
    pdf = sample_documents["pdf"]
    page.locator("#gongwen-add-files-input").set_input_files(
        [{"name": "防汛通知.pdf", "mimeType": "application/pdf", "buffer": pdf.read_bytes()}]
    )
    page.locator(".gongwen-add button[type=submit]").click()
    expect(row(page, "防汛通知").locator(".gongwen-file-status")).to_have_text(STATUS)
    page.evaluate("window.gongwenSamePage = true")

    # The worker converts; the panel turns the status into the viewer by itself.
    viewer_page_one(page)
    expect(row(page, "防汛通知").locator(".gongwen-file-status")).to_have_text("已完成（1 页）")
    assert page.evaluate("window.gongwenSamePage") is True
    screenshot(page, "viewer")

    # Replaced by the DOCX: the PDF's pages are kept for version 1.
    replace = row(page, "防汛通知").locator("form.gongwen-replace")
    docx = sample_documents["docx"]
    replace.locator("input[type=file]").set_input_files(
        [
            {
                "name": "防汛通知.docx",
                "mimeType": "application/octet-stream",
                "buffer": docx.read_bytes(),
            }
        ]
    )
    replace.locator("button").click()
    expect(page.get_by_text("原文件已保存为历史版本")).to_be_visible()
    viewer_page_one(page)

    row(page, "防汛通知").locator("a.gongwen-versions").click()
    page.locator("tr.gongwen-version").nth(1).locator("a.gongwen-version-view").click()
    viewer_page_one(page, "#gongwen-version-viewer")
    image = page.locator("#gongwen-version-viewer img.DV-pageImage").first.get_attribute("src")
    assert "/@@gongwen-version-pages/0/" in image
    screenshot(page, "old-version-viewer")
    assert errors == []
