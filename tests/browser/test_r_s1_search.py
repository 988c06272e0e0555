"""R-S1 in Chromium: a secretary finds a 收文 by its 收文编号 typed with [] brackets, narrows
a full-text search with the facets (chips take them off), opens a result, saves the search and
exports the results as CSV.

Three 收文 of 长垣河务局 about 防汛 (one 特急) and one about something else; cy_secretary1
(who registered them) comes to 公文检索 from the global navigation.
"""

import csv
import io

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.incoming import register_incoming

pytestmark = [pytest.mark.browser, pytest.mark.slow]

URGENT = "关于立即开展防汛隐患排查的特急通知"
PLAIN = "关于做好防汛物资储备工作的通知"
REQUEST = "关于增拨防汛经费的请示"
OTHER = "关于报送年度工作总结的通知"


def results(page):
    return page.locator("li.gongwen-search-result")


def test_r_s1_secretary_searches_by_number_facets_saves_and_exports(
    page, portal_url, functional_portal, screenshot
):
    urgent = register_incoming(functional_portal, title=URGENT, urgency="very_urgent")
    register_incoming(functional_portal, title=PLAIN)
    register_incoming(functional_portal, title=REQUEST, doc_kind="request")
    register_incoming(functional_portal, title=OTHER)
    transaction.commit()
    number = urgent.receipt_number  # 长河收〔2026〕N号
    typed = number.replace("〔", "[").replace("〕", "]")

    log_in(page, portal_url, "cy_secretary1")
    page.get_by_role("link", name="公文检索").first.click()
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("公文检索")

    # the 收文编号 as people type it on a keyboard
    page.fill("#gongwen-search-q", typed)
    page.click("button.gongwen-search-submit")
    first = results(page).first
    expect(first.locator(".gongwen-search-title")).to_have_text(URGENT)
    expect(first.locator(".gongwen-search-exact")).to_have_text("编号精确匹配")
    expect(first.locator(".gongwen-search-number mark")).to_have_text(number)
    screenshot(page, "number")

    # full text, then the facets
    page.fill("#gongwen-search-q", "防汛")
    page.click("button.gongwen-search-submit")
    for title in (URGENT, PLAIN, REQUEST):
        expect(results(page).filter(has_text=title)).to_have_count(1)
    expect(results(page).filter(has_text=OTHER)).to_have_count(0)
    expect(page.locator(".gongwen-search-title mark").first).to_have_text("防汛")
    kind = page.locator("section[data-facet=kind]")
    expect(kind.locator("a", has_text="通知")).to_contain_text("2")
    expect(kind.locator("a", has_text="请示")).to_contain_text("1")
    screenshot(page, "full-text")

    page.locator("section[data-facet=urgency] a", has_text="特急").click()
    expect(page.locator(".gongwen-search-chip")).to_have_count(1)
    expect(page.locator(".gongwen-search-chip")).to_contain_text("紧急程度：特急")
    expect(results(page)).to_have_count(1)
    expect(page.locator(".gongwen-search-count")).to_contain_text("共找到 1 件")
    # the other values of the chosen facet still count (choose either)
    expect(page.locator("section[data-facet=urgency] a", has_text="普通")).to_contain_text("2")
    screenshot(page, "facet")

    # save the search, find it in the list
    page.fill("#gongwen-save-search-name", "特急防汛来文")
    page.get_by_role("button", name="保存").click()
    expect(
        page.locator(".portalMessage").filter(has_text="已保存检索「特急防汛来文」")
    ).to_be_visible()
    saved = page.locator(".gongwen-saved-search a", has_text="特急防汛来文")
    expect(saved).to_have_count(1)

    # export what is shown
    with page.expect_download() as download_info:
        page.click("a.gongwen-search-export")
    data = download_info.value.path().read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "标题" and [row[0] for row in rows[1:]] == [URGENT]

    # take the chip off: all three again; the saved search brings the filter back
    page.locator(".gongwen-search-chip").click()
    expect(results(page)).to_have_count(3)
    page.locator(".gongwen-saved-search a", has_text="特急防汛来文").click()
    expect(results(page)).to_have_count(1)
    screenshot(page, "saved")

    # open the result
    results(page).first.locator(".gongwen-search-title").click()
    expect(page).to_have_url(urgent.absolute_url().replace("http://nohost/plone", portal_url))
    expect(page.locator("h1").filter(has_text=URGENT)).to_have_count(1)
    screenshot(page, "opened")
