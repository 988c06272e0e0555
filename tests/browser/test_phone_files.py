"""The 处理笺's 文件 table on a phone (issue 19 item 5, 390 × 844): it reflows.

A secretary adds two files to a 收文 from her phone. Each file is a card of labelled
lines (类别, 名称, 文件名, 大小, 预览, 操作) — no sideways scrolling, no column one
character wide — and its buttons are big enough for a finger.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_document_files import flood_incoming
from tests.browser.test_document_files import text_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE_WIDTH = 390
READABLE = 250  # px: a card's line, the screen less the page's and the card's margins
FINGER = 40


@pytest.fixture
def incoming(functional_portal):
    return flood_incoming(functional_portal)


def test_phone_files_table_reflows(phone_page, portal_url, incoming, screenshot):
    tab = phone_page
    log_in(tab, portal_url, "cy_secretary1")
    tab.goto(incoming.absolute_url())
    tab.locator("#gongwen-add-files-input").set_input_files(
        [
            text_file("值班表.txt", "汛期值班表：张三、李四"),
            text_file("物资清单.txt", "编织袋 500 条"),
        ]
    )
    tab.locator(".gongwen-add button[type=submit]").tap()
    expect(tab.get_by_text("已添加 2 个文件：值班表、物资清单。")).to_be_visible()
    rows = tab.locator("#gongwen-files tr.gongwen-file")
    expect(rows).to_have_count(2)
    tab.locator("#gongwen-files").scroll_into_view_if_needed()
    screenshot(tab, "files")
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        for cell_index in range(cells.count()):
            cell = cells.nth(cell_index)
            if not cell.is_visible():
                continue
            assert cell.bounding_box()["width"] >= READABLE, (index, cell_index)
            label = cell.get_attribute("data-label")
            if label:  # named by phone.js from the header row
                before = cell.evaluate("node => getComputedStyle(node, '::before').content")
                assert before == f'"{label}"', (label, before)
        for button in rows.nth(index).locator(".btn").all():
            if button.is_visible():
                assert button.bounding_box()["height"] >= FINGER, button.inner_text()
    # the cells got their column's name
    expect(rows.first.locator("td[data-label='文件名']")).to_contain_text("值班表.txt")
