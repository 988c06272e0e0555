"""第三条 in Chromium: the site administrator finds who has never logged in.

gw_admin (Site Administrator) opens 网站设置, follows 「登录情况」 and sees
财务科's 朱琳 (cy_fin_staff, who no browser test logs in as) marked
「从未登录」 under 长垣河务局; a member of staff is refused the page.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"


def test_article3_admin_sees_a_never_logged_in_member_of_a_department(
    page, portal_url, functional_portal, screenshot
):
    log_in(page, portal_url, "gw_admin", PASSWORD)
    page.goto(f"{portal_url}/@@overview-controlpanel")
    page.get_by_role("link", name="登录情况").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("登录情况")
    unit = page.locator(".gongwen-login-activity-unit", has_text="长垣河务局")
    finance = unit.locator(".gongwen-login-activity-section[data-title='财务科']")
    row = finance.locator("tr[data-user='cy_fin_staff']")
    expect(row).to_contain_text("朱琳")
    expect(row.locator(".gongwen-login-never")).to_have_text("从未登录")
    # the administrator has just logged in: shown only when asked for
    expect(page.locator("tr[data-user='gw_admin']")).to_have_count(0)
    screenshot(page, "login-activity")

    page.check("#gongwen-login-show-all")
    page.fill("#gongwen-login-days", "3")
    page.get_by_role("button", name="筛选").click()
    admin = page.locator("tr[data-user='gw_admin']")
    expect(admin).to_contain_text("高远")
    expect(admin).to_contain_text("0")
    expect(page.locator("#gongwen-login-days")).to_have_value("3")
    screenshot(page, "login-activity-all")

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_eng_staff", PASSWORD)
    page.goto(f"{portal_url}/@@gongwen-login-activity")
    expect(page.locator(".gongwen-login-activity-unit")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("权限")
