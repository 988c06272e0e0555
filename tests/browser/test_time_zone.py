"""R-RUN2 in Chromium, the browser set to UTC: the head finds the 通知 in 我的待办 「不到 1 分钟」
after it was submitted, its history shows Beijing's minute, and so does the toolbar.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import transaction
from playwright.sync_api import expect
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于统一门户时区的通知"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def utc_page(chromium):
    """A tab whose browser believes it is in UTC (a server-room machine)."""
    context = chromium.new_context(
        locale="zh-CN", timezone_id="UTC", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def beijing_minutes(start, end):
    """The Beijing minutes from ``start`` to ``end`` (aware datetimes)."""
    minutes, moment = set(), start.replace(second=0, microsecond=0)
    while moment <= end:
        minutes.add(moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
        moment += datetime.timedelta(minutes=1)
    return minutes


def test_r_run2_history_todo_and_toolbar_in_beijing_time(
    utc_page, portal_url, functional_portal, screenshot
):
    page = utc_page
    document = draft_outgoing(functional_portal, title=TITLE)
    transaction.commit()
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(document.absolute_url())
    start = datetime.datetime.now(datetime.UTC)
    page.locator("#gongwen-routing").get_by_role("button", name="提交").click()
    expect(page.get_by_text("已办理「提交」，当前环节：部门负责人核稿。")).to_be_visible()
    end = datetime.datetime.now(datetime.UTC)
    given = beijing_minutes(start, end)

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_eng_head")
    page.goto(f"{portal_url}/@@gongwen-todo")
    row = page.locator(".gongwen-todo-item").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row.locator("time")).to_have_text("不到 1 分钟")
    assert row.locator("time").get_attribute("datetime").endswith("+08:00")
    screenshot(page, "todo")

    row.get_by_role("link", name=TITLE).click()
    submitted = page.locator(".gongwen-routing-history .gongwen-opinion time").first
    assert submitted.inner_text() in given, (submitted.inner_text(), given)
    assert submitted.get_attribute("datetime").endswith("+08:00")
    screenshot(page, "history")

    # The toolbar (an editor's): the modification time as Beijing's wall clock, in a UTC browser.
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page.goto(document.absolute_url())
    toolbar = page.locator("#contentview-history time")
    expect(toolbar).to_have_text(re.compile(r"\d{1,2}:\d{2}:\d{2}"))
    iso = toolbar.get_attribute("datetime")
    assert iso.endswith("+08:00"), iso
    shown = toolbar.inner_text()  # moment's L LTS: 12/06/2026 1:24:39 AM or 2026/12/06 01:24:39
    modified = datetime.datetime.fromisoformat(iso)
    clock = (modified.strftime("%H:%M:%S"), f"{modified.hour % 12 or 12}:{modified:%M:%S}")
    assert any(text in shown for text in clock), (shown, iso)
    assert str(modified.day) in shown and str(modified.year) in shown, (shown, iso)
    screenshot(page, "toolbar")
