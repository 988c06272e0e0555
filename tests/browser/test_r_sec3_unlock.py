"""R-SEC3 in Chromium: a staff member who mistyped their password five times is locked (and
only they: the office behind the same address goes on); the 安全保密管理员 opens 网站设置 →
安全设置, finds them under 当前锁定 with their failures and unlock time, clicks 「解锁」, and the
staff member signs in at once."""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.accounts import plugin as lockout_plugin
from tests.browser.conftest import log_in
from tests.support.rest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCKED = "登录失败次数过多，已暂时锁定"


@pytest.fixture
def no_tallies(functional_portal):
    plugin = functional_portal.acl_users[lockout_plugin.PLUGIN_ID]
    plugin._tallies.clear()
    transaction.commit()
    yield
    transaction.begin()
    plugin._tallies.clear()
    transaction.commit()


def try_login(tab, portal_url, login, password):
    tab.goto(f"{portal_url}/login")
    tab.fill("input[name='__ac_name']", login)
    tab.fill("input[name='__ac_password']", password)
    tab.click("button[name='buttons.login']")


def test_r_sec3_secadmin_unlocks_a_locked_account(
    chromium, page, portal_url, screenshot, no_tallies
):
    for _ in range(5):
        try_login(page, portal_url, "cy_eng_staff", "Wrong-pass-2026")
    try_login(page, portal_url, "cy_eng_staff", PASSWORD)
    expect(page.locator(".portalMessage").filter(has_text=LOCKED)).to_have_count(1)
    screenshot(page, "staff-locked")

    # a colleague behind the same address is not locked out
    colleague = chromium.new_context(locale="zh-CN").new_page()
    log_in(colleague, portal_url, "cy_secretary1")
    colleague.context.close()

    admin = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    tab = admin.new_page()
    log_in(tab, portal_url, "gw_secadmin")
    tab.goto(f"{portal_url}/@@overview-controlpanel")
    tab.get_by_role("link", name="安全设置").click()
    expect(tab.locator("h1")).to_have_text("安全设置")
    expect(tab.get_by_text("同一地址连续输错几次后锁定该地址")).to_be_visible()
    locks = tab.locator("#gongwen-locks")
    expect(locks.locator("h2")).to_have_text("当前锁定")
    row = locks.locator("tr[data-name='cy_eng_staff']")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("账号")
    expect(row.locator("td").nth(2)).to_have_text("5")
    expect(row.locator("td").nth(3)).to_contain_text("分钟后")
    expect(locks.locator("tr[data-kind='address']")).to_have_count(0)
    locks.scroll_into_view_if_needed()
    screenshot(tab, "current-locks")
    row.get_by_role("button", name="解锁").click()
    expect(
        tab.locator(".portalMessage").filter(has_text="已解锁账号「cy_eng_staff」")
    ).to_have_count(1)
    expect(tab.locator("#gongwen-locks")).to_contain_text("目前没有锁定的账号或地址")
    screenshot(tab, "unlocked")
    admin.close()

    log_in(page, portal_url, "cy_eng_staff")
    screenshot(page, "staff-signed-in")
