"""The viewer on a phone (issue 19 item 5, 390 × 844): it keeps its search and its paging.

DocumentCloud marks a viewer under 500 px wide 「DV-supermini」 and hides its search box
there; viewer/static/documentviewer.css shows it again. A three-page 通知 (each page with
its own phrase) is opened on a phone: the search box is on screen, finds the phrase of
page 3, and the footer's 下一页 goes from page 1 to page 2.
"""

import re

import pytest
import transaction
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from playwright.sync_api import expect
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from weasyprint import HTML
from zope.interface import alsoProvides

from tests.browser.conftest import log_in
from tests.browser.test_viewer_language_search import ensure_converted
from tests.browser.test_viewer_language_search import search_in_viewer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ("加强堤防巡查", "做好物资储备", "落实值班制度")
PHONE_WIDTH = 390


@pytest.fixture
def three_pages(functional_portal):
    """A three-page PDF 通知, converted; the test user may read it."""
    portal = functional_portal
    alsoProvides(portal.REQUEST, IViewerLayer)
    sections = "".join(
        f'<section style="page-break-after: always"><h1>第{n}部分</h1><p>关于{phrase}的要求。'
        f"各单位务必认真落实。</p></section>"
        for n, phrase in enumerate(PAGES, start=1)
    )
    pdf = HTML(string=f'<html lang="zh"><body>{sections}</body></html>').write_pdf()
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(
            container=portal,
            type="File",
            id="three-pages",
            title="防汛工作通知",
            file=NamedBlobFile(pdf, filename="three-pages.pdf", contentType="application/pdf"),
        )
        api.user.grant_roles(user=api.user.get(userid=TEST_USER_ID), obj=obj, roles=["Reader"])
    transaction.commit()
    return ensure_converted(obj)


def test_phone_viewer_keeps_search_and_paging(phone_page, portal_url, three_pages, screenshot):
    tab = phone_page
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    log_in(tab, portal_url, TEST_USER_NAME, TEST_USER_PASSWORD)
    tab.goto(f"{three_pages.absolute_url()}/view")
    tab.locator(".DV-page img.DV-pageImage").first.wait_for(state="visible")
    viewer = tab.locator(".DV-docViewer")
    # DocumentCloud's narrow mode, where it used to hide the search
    expect(viewer).to_have_class(re.compile(r"\bDV-supermini\b"))
    box = viewer.locator("input.DV-searchInput")
    expect(box).to_be_visible()
    found = box.bounding_box()
    assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE_WIDTH, found
    assert found["width"] >= 80, found  # room for a few characters
    # the viewer takes the content's width and leaves room to scroll the page around it
    shown = viewer.bounding_box()
    assert shown["width"] >= tab.locator("#content").bounding_box()["width"] - 2, shown
    assert shown["height"] <= 844 * 0.75, shown
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(tab, "viewer")

    # paging: the footer's 下一页
    expect(viewer.locator(".DV-currentPage").first).to_have_text("1")
    next_page = viewer.locator(".DV-next").first
    expect(next_page).to_be_visible()
    next_page.tap()
    expect(viewer.locator(".DV-currentPage").first).to_have_text("2")
    screenshot(tab, "page-2")

    search_in_viewer(tab, PAGES[2])
    expect(tab.locator(".DV-textCurrentPage")).to_have_text("第3页")
    expect(tab.locator(".DV-textContents span.DV-highlightedMatch")).to_have_text(PAGES[2])
    screenshot(tab, "found")
    assert errors == []
