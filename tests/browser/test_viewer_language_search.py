"""R-A1 in Chromium: the viewer speaks the page's language and its search box finds Chinese."""

import base64
import re

import pytest
import transaction
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.conversion.status import conversion_status
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# OCR output as some tesseract versions write it: spaces between Chinese characters.
SPACED_TEXT = "关 于 做 好 黄 河 防 汛 工 作 的 通 知\n为 切 实 做 好 今 年 防 汛 工 作 。\n"


def ensure_converted(obj):
    """``obj``, converted by the workers' pipeline in this process unless that is done."""
    if conversion_status(obj)["state"] != "done":
        assert convert_inline(obj) == "done", conversion_status(obj)
        transaction.commit()
    return obj


@pytest.fixture
def spaced_text(functional_portal):
    """A text file written like OCR output, converted; the test user may read it."""
    portal = functional_portal
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(
            container=portal,
            type="File",
            id="spaced",
            title="识别稿",
            file=NamedBlobFile(
                SPACED_TEXT.encode("utf-8"), filename="spaced.txt", contentType="text/plain"
            ),
        )
        api.user.grant_roles(user=api.user.get(userid=TEST_USER_ID), obj=obj, roles=["Reader"])
    transaction.commit()
    return ensure_converted(obj)


@pytest.fixture
def converted_notice(notice_pdf):
    """The sample 通知, converted even when uploads leave conversion to background workers."""
    return ensure_converted(notice_pdf)


def open_viewer(tab, notice, portal_url):
    """Log in, open the notice's viewer page and wait for page 1's image."""
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    log_in(tab, portal_url, TEST_USER_NAME, TEST_USER_PASSWORD)
    tab.goto(f"{notice.absolute_url()}/view")
    tab.locator(".DV-page img.DV-pageImage").first.wait_for(state="visible")
    return errors


def test_r_a1_viewer_speaks_chinese_on_a_chinese_page(
    page, portal_url, converted_notice, screenshot
):
    errors = open_viewer(page, converted_notice, portal_url)
    assert page.locator("html").get_attribute("lang") == "zh-cn"
    viewer = page.locator(".DV-docViewer")
    expect(viewer.locator(".DV-documentView")).to_have_text("文档")
    expect(viewer.locator(".DV-textView")).to_have_text("文本")
    expect(viewer.locator(".DV-zoomLabel")).to_have_text("缩放")
    expect(viewer.locator("input.DV-searchInput")).to_have_attribute("placeholder", "搜索")
    expect(viewer.locator(".DV-pageMeta .DV-pageNumber").first).to_have_text("第1页")
    expect(viewer.locator(".DV-pdfLink")).to_contain_text("原始文档（PDF）")
    # Plone's own page around the viewer, from our catalog of the viewer's domain.
    expect(page.locator("#content-core")).to_contain_text("下载 notice.pdf")
    screenshot(page, "chinese")
    shown = viewer.inner_text()
    for english in ("Document", "Zoom", "Text", "Original Document", "Contents", "p. 1"):
        assert english not in shown, english
    assert errors == []


def test_r_a1_viewer_stays_english_on_an_english_page(
    chromium, portal_url, converted_notice, screenshot
):
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    # English on request (issue 19): the language cookie ?set_language=en sets, not the
    # browser's language, which alone gives the Chinese portal.
    context.add_cookies([{"name": "I18N_LANGUAGE", "value": "en", "url": portal_url}])
    tab = context.new_page()
    try:
        errors = open_viewer(tab, converted_notice, portal_url)
        assert tab.locator("html").get_attribute("lang") == "en"
        viewer = tab.locator(".DV-docViewer")
        expect(viewer.locator(".DV-documentView")).to_have_text("Document")
        expect(viewer.locator(".DV-zoomLabel")).to_have_text("Zoom")
        expect(viewer.locator(".DV-pageMeta .DV-pageNumber").first).to_have_text("p. 1")
        expect(tab.locator("#content-core")).to_contain_text("Download notice.pdf")
        screenshot(tab, "english")
        assert errors == []
    finally:
        context.close()


def search_in_viewer(tab, query):
    """Type ``query`` into the viewer's search box and submit it, as a person does."""
    box = tab.locator("input.DV-searchInput")
    box.click()
    box.fill(query)
    box.press("Enter")
    tab.locator(".DV-textContents span.DV-searchMatch").first.wait_for(state="visible")


def test_r_a1_viewer_search_finds_a_chinese_phrase(page, portal_url, converted_notice, screenshot):
    errors = open_viewer(page, converted_notice, portal_url)
    search_in_viewer(page, "安全度汛")
    results = page.locator(".DV-searchResults")
    expect(results.locator(".DV-currentSearchResult")).to_have_text("第 1")
    expect(results.locator(".DV-totalSearchResult")).to_have_text("/ 共 1 页")
    expect(results.locator(".DV-searchQuery")).to_have_text("安全度汛")
    expect(page.locator(".DV-textCurrentPage")).to_have_text("第1页")
    expect(page.locator(".DV-textContents span.DV-highlightedMatch")).to_have_text("安全度汛")
    screenshot(page, "found")
    # pdftotext ended the line inside this phrase: the match spans the line break.
    search_in_viewer(page, "现将有关事项")
    match = page.locator(".DV-textContents span.DV-highlightedMatch")
    # Waits for the new highlight (the previous search's one may still be shown).
    expect(match).to_have_text(re.compile(r"^\s*现\s*将\s*有\s*关\s*事\s*项\s*$"))
    screenshot(page, "across-lines")
    assert errors == []


def test_r_a1_viewer_search_finds_chinese_in_spaced_ocr_text(
    page, portal_url, spaced_text, screenshot
):
    errors = open_viewer(page, spaced_text, portal_url)
    search_in_viewer(page, "防汛工作")
    expect(page.locator(".DV-totalSearchResult")).to_have_text("/ 共 1 页")
    matches = page.locator(".DV-textContents span.DV-searchMatch")
    expect(matches).to_have_count(2)
    assert [match.inner_text() for match in matches.all()] == ["防 汛 工 作"] * 2
    screenshot(page, "found")
    assert errors == []


def test_r_a1_viewer_search_says_when_nothing_is_found(
    page, portal_url, converted_notice, screenshot
):
    errors = open_viewer(page, converted_notice, portal_url)
    box = page.locator("input.DV-searchInput")
    box.click()
    box.fill("抗旱")
    box.press("Enter")
    expect(page.locator(".DV-currentSearchResult")).to_have_text("未找到")
    expect(page.locator(".DV-searchQuery")).to_have_text("抗旱")
    assert page.locator(".DV-textContents span.DV-searchMatch").count() == 0
    screenshot(page, "not-found")
    assert errors == []


def test_r_a1_manager_sees_the_viewer_settings_in_chinese(
    chromium, portal_url, converted_notice, screenshot
):
    # The viewer's control panel needs Manage portal: the site owner, by HTTP basic auth.
    credentials = base64.b64encode(f"{SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}".encode()).decode()
    context = chromium.new_context(
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Authorization": f"Basic {credentials}"},
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        tab.goto(f"{portal_url}/@@global-documentviewer-settings")
        expect(tab.locator("h1")).to_have_text("文档查看器全局设置")
        screenshot(tab, "control-panel")
        tab.goto(f"{converted_notice.absolute_url()}/view")
        tab.locator("#plone-contentmenu-actions > a").click()
        convert = tab.locator("#plone-contentmenu-actions-documentviewer_convert")
        expect(convert).to_have_text("转换为在线查看")
        screenshot(tab, "actions")
    finally:
        context.close()
