"""The front page in Chromium at desktop and phone widths (R-P1, R-P2, R-P3).

A visitor is asked to log in; 工程管理科's receiver logs in and finds the
three columns and their 待办 with an overdue 收文 marked, at 1366 × 768 and
at 390 × 844 (the columns stack). A secretary drafts a 通知公告 and submits
it; the unit's editor finds it awaiting publication on the unit's page, next
to the departments whose 工作动态 is stale, publishes it from Plone's state
menu, and a member of staff finds it in the 通知公告 column.
"""

import datetime

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.incoming import in_handling

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
COLUMNS = (".gongwen-front-notices", ".gongwen-front-incoming", ".gongwen-front-news")


def switch_user(page, portal_url, user):
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, user, PASSWORD)


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_r_p1_front_page_with_overdue_todo_at_desktop_and_phone_widths(
    page, portal_url, functional_portal, screenshot
):
    document = in_handling(
        functional_portal, departments=("engineering",), title="关于报送冬季防凌物资清单的通知"
    )
    document.step_deadline = datetime.date.today() - datetime.timedelta(days=2)
    document.reindexObject()
    transaction.commit()

    page.set_viewport_size(DESKTOP)
    page.goto(portal_url)
    expect(page.locator(".gongwen-front-login")).to_contain_text("登录后可查看")
    for selector in COLUMNS:
        expect(page.locator(selector)).to_be_visible()
    expect(page.locator(".gongwen-front-notice")).to_have_count(0)  # staff only
    screenshot(page, "anonymous")

    log_in(page, portal_url, "cy_eng_receiver", PASSWORD)
    page.goto(portal_url)
    todo = page.locator(".gongwen-front-todo-item", has_text="关于报送冬季防凌物资清单的通知")
    expect(todo).to_have_class("list-group-item gongwen-front-todo-item gongwen-overdue")
    expect(todo).to_contain_text("已超期")
    expect(page.locator(".gongwen-front-overdue-count")).to_contain_text("超期 1")
    expect(page.locator(".gongwen-front-notices")).to_contain_text("关于元旦期间值班安排的通知")
    expect(page.locator(".gongwen-front-news")).to_contain_text("工程管理科完成汛后堤防工程普查")
    notices, incoming, news = (box(page, selector) for selector in COLUMNS)
    # Three columns side by side on a desktop.
    assert notices["y"] == incoming["y"] == news["y"]
    assert notices["x"] < incoming["x"] < news["x"]
    screenshot(page, "desktop")

    page.set_viewport_size(PHONE)
    page.goto(portal_url)
    expect(todo).to_contain_text("已超期")
    notices, incoming, news = (box(page, selector) for selector in COLUMNS)
    # One above the other on a phone, each as wide as the screen allows.
    assert notices["y"] < incoming["y"] < news["y"]
    assert notices["x"] == incoming["x"] == news["x"]
    assert notices["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone")


def test_r_p2_the_editor_publishes_a_notice_that_then_shows_on_the_front_page(
    page, portal_url, functional_portal, screenshot
):
    unit_url = f"{portal_url}/changyuan"
    title = "关于开展冬季消防安全培训的通知"
    page.set_viewport_size(DESKTOP)
    log_in(page, portal_url, "cy_secretary1", PASSWORD)
    page.goto(f"{unit_url}/++add++gongwen_notice")
    page.fill("#form-widgets-IDublinCore-title, #form-widgets-title", title)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_have_text(title)
    page.locator("#plone-contentmenu-workflow > a").click()
    page.locator("#workflow-transition-submit").click()
    expect(page.locator("#plone-contentmenu-workflow")).to_contain_text("待审核")

    switch_user(page, portal_url, "cy_eng_staff")
    page.goto(unit_url)
    expect(page.locator(".gongwen-front-notices")).not_to_contain_text(title)

    switch_user(page, portal_url, "cy_office_deputy")  # 长垣河务局's 编辑
    page.goto(unit_url)
    expect(page.locator(".gongwen-front-pending")).to_contain_text(title)
    # The demo's 办公室 never published 工作动态, 财务科 45 days ago (limit 30).
    stale = page.locator(".gongwen-front-stale")
    expect(stale).to_contain_text("从未发布")
    expect(stale).to_contain_text("财务科")
    screenshot(page, "editor-front-page")
    page.locator(".gongwen-front-pending-item a", has_text=title).click()
    page.locator("#plone-contentmenu-workflow > a").click()
    screenshot(page, "editor-publishes")
    page.locator("#workflow-transition-publish").click()
    expect(page.locator("#plone-contentmenu-workflow")).to_contain_text("已发布")

    switch_user(page, portal_url, "cy_eng_staff")
    page.goto(unit_url)
    first = page.locator(".gongwen-front-notice").first
    expect(first).to_contain_text(title)
    expect(first).to_contain_text(datetime.date.today().isoformat())
    screenshot(page, "published")
