"""R-P3 in Chromium: a secretary narrows the 收文 listing to 特急 and to overdue.

Three 收文 of 长垣河务局: a 特急 one past its step deadline, a 特急 one on
time and a 普通 one. cy_secretary2 goes from the front page's unit
navigation to 收文, filters by 紧急程度 then by 只看超期, and the rows follow.
"""

import datetime

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.incoming import register_incoming

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TODAY = datetime.date.today()
LATE = "关于立即上报凌汛险情的特急通知"
ON_TIME = "关于做好冬季防凌准备的特急通知"
NORMAL = "关于报送年度工作总结的通知"


def rows(page):
    return page.locator("table.gongwen-listing tbody tr")


def test_r_p3_secretary_filters_incoming_by_urgency_and_overdue(
    page, portal_url, functional_portal, screenshot
):
    deadline = TODAY + datetime.timedelta(days=5)
    late = register_incoming(
        functional_portal, title=LATE, urgency="very_urgent", deadline=deadline
    )
    register_incoming(functional_portal, title=ON_TIME, urgency="very_urgent", deadline=deadline)
    register_incoming(functional_portal, title=NORMAL)
    # its 登记 step was due two days ago
    late.step_deadline = TODAY - datetime.timedelta(days=2)
    late.reindexObject()
    transaction.commit()

    log_in(page, portal_url, "cy_secretary2", PASSWORD)
    page.goto(f"{portal_url}/changyuan/@@gongwen-unit-nav")
    page.locator(".gongwen-unit-nav-incoming a").first.click()
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("收文")
    for title in (LATE, ON_TIME, NORMAL):
        expect(rows(page).filter(has_text=title)).to_have_count(1)
    screenshot(page, "all")

    page.select_option("#gongwen-filter-urgency", "very_urgent")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#gongwen-filter-urgency")).to_have_value("very_urgent")
    expect(rows(page).filter(has_text=NORMAL)).to_have_count(0)
    expect(rows(page).filter(has_text=ON_TIME)).to_have_count(1)
    expect(rows(page).filter(has_text=LATE)).to_have_count(1)
    for urgency in rows(page).locator(".gongwen-listing-urgency").all_text_contents():
        assert urgency.strip() == "特急"
    screenshot(page, "very-urgent")

    page.check("#gongwen-filter-overdue")
    page.get_by_role("button", name="筛选").click()
    expect(rows(page).filter(has_text=ON_TIME)).to_have_count(0)
    late_row = rows(page).filter(has_text=LATE)
    expect(late_row).to_have_count(1)
    expect(late_row.locator(".gongwen-overdue")).to_contain_text("已超期")
    expect(late_row).to_contain_text("长河收〔")
    screenshot(page, "very-urgent-overdue")

    page.get_by_role("link", name="清除筛选").click()
    expect(rows(page).filter(has_text=NORMAL)).to_have_count(1)

    # on a phone the filters stack and the table scrolls sideways inside the page
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#gongwen-filter-urgency")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "phone")
