"""R-U2 三员分立 in Chromium: the 系统管理员, the 安全保密管理员 and the 安全审计员 each log in,
see only their own entries in 网站设置, do one thing of their duty, and are refused another's
page (a direct URL) on a Chinese page, never a 500. The auditor then finds the other two's
actions in the audit log (R-U1: the administrators' own actions are audited)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SYSTEM_ADMIN = "gw_admin"
SECURITY_ADMIN = "gw_secadmin"
AUDITOR = "gw_auditor"
NEW_USER = {"id": "wangxiaoli", "fullname": "王晓丽", "password": "Wang-Xiaoli-2026"}
FUNCTION_GROUP = "changyuan-engineering-members"

# 网站设置's entries each must and must not see (Plone's and ours).
SITE_SETUP = {
    SYSTEM_ADMIN: {
        "sees": {"用户", "登录情况", "公文设置", "网站", "邮件", "日期和时间"},
        "not": {"安全设置", "审计日志", "审计日志保存期限", "安全"},
    },
    SECURITY_ADMIN: {
        "sees": {"用户", "安全设置", "审计日志保存期限", "安全"},
        "not": {"登录情况", "审计日志", "公文设置", "网站", "邮件", "日期和时间"},
    },
    AUDITOR: {
        "sees": {"审计日志"},
        "not": {
            "用户",
            "登录情况",
            "安全设置",
            "审计日志保存期限",
            "安全",
            "公文设置",
            "网站",
            "邮件",
        },
    },
}


def site_setup_entries(page, portal_url, screenshot, who):
    """The titles of the entries of 网站设置 as ``who`` sees them (a screenshot taken)."""
    page.goto(f"{portal_url}/@@overview-controlpanel")
    expect(page.locator("h1.documentFirstHeading")).to_have_text("网站设置")
    screenshot(page, f"site-setup-{who}")
    titles = page.locator(".controlPanelOverview ul.configlets li a").all_inner_texts()
    return {" ".join(title.split()) for title in titles}


def check_site_setup(page, portal_url, screenshot, who):
    entries = site_setup_entries(page, portal_url, screenshot, who)
    expected = SITE_SETUP[who]
    assert expected["sees"] <= entries, (who, sorted(expected["sees"] - entries))
    assert not expected["not"] & entries, (who, sorted(expected["not"] & entries))


def refused(page, url):
    """``url`` opened directly is refused on Plone's Chinese 无权限 page, not a 500."""
    response = page.goto(url)
    assert response.status < 500, (url, response.status)
    expect(page.locator("h1")).to_contain_text("无权限")
    expect(page.locator("body")).to_contain_text("您没有足够的权限")


def log_out(page, portal_url):
    page.goto(f"{portal_url}/logout")


def holders(page, group_id):
    return page.locator(f"select[name='holders.{group_id}:list']")


def selected(select):
    return select.evaluate("select => [...select.selectedOptions].map(option => option.value)")


def test_r_u2_three_duties_each_see_and_do_only_their_own(page, portal_url, screenshot):
    # 系统管理员: accounts, units, general settings.
    log_in(page, portal_url, SYSTEM_ADMIN)
    check_site_setup(page, portal_url, screenshot, SYSTEM_ADMIN)
    page.goto(f"{portal_url}/@@new-user")
    # no groups to join on the form: group membership is the 安全保密管理员's
    expect(page.locator("input[name='form.widgets.groups:list']")).to_have_count(0)
    page.fill("input[name='form.widgets.fullname']", NEW_USER["fullname"])
    page.fill("input[name='form.widgets.username']", NEW_USER["id"])
    page.fill("input[name='form.widgets.email']", "wangxiaoli@example.com")
    page.fill("input[name='form.widgets.password']", NEW_USER["password"])
    page.fill("input[name='form.widgets.password_ctl']", NEW_USER["password"])
    screenshot(page, "new-user")
    page.click("button[name='form.buttons.register']")
    expect(page.locator("input[name='form.widgets.username']")).to_have_count(0)
    page.goto(f"{portal_url}/@@usergroup-userprefs?searchstring={NEW_USER['id']}")
    row = page.locator("tr", has_text=NEW_USER["fullname"])
    expect(row).to_have_count(1)
    # roles are not the 系统管理员's: no role columns at all
    expect(page.locator("input[name='users.roles:list:records']")).to_have_count(0)
    screenshot(page, "users-as-system-admin")
    refused(page, f"{portal_url}/@@gongwen-accounts-settings")
    refused(page, f"{portal_url}/@@gongwen-audit-log")
    log_out(page, portal_url)

    # 安全保密管理员: functions, roles, security settings.
    log_in(page, portal_url, SECURITY_ADMIN)
    check_site_setup(page, portal_url, screenshot, SECURITY_ADMIN)
    page.goto(f"{portal_url}/@@usergroup-userprefs?searchstring={NEW_USER['id']}")
    expect(page.locator("input[name='users.roles:list:records']").first).to_be_attached()
    screenshot(page, "users-as-security-admin")
    page.goto(f"{portal_url}/changyuan/@@gongwen-functions")
    expect(page.locator("h1")).to_contain_text("职能与人员")
    members = holders(page, FUNCTION_GROUP)
    before = selected(members)
    members.select_option([*before, NEW_USER["id"]], force=True)
    page.click("button[name='form.buttons.save']")
    expect(page.locator("body")).to_contain_text("职能与人员已保存")
    assert sorted(selected(holders(page, FUNCTION_GROUP))) == sorted([*before, NEW_USER["id"]])
    screenshot(page, "functions-as-security-admin")

    page.goto(f"{portal_url}/@@gongwen-accounts-settings")
    expect(page.locator("h1")).to_contain_text("安全设置")
    minutes = page.locator("input[name='form.widgets.lockout_minutes']")
    old_minutes = minutes.input_value()
    minutes.fill("20")
    page.click("button[name='form.buttons.save']")
    expect(page.locator("input[name='form.widgets.lockout_minutes']")).to_have_value("20")
    screenshot(page, "security-settings")
    refused(page, f"{portal_url}/@@gongwen-login-activity")
    refused(page, f"{portal_url}/@@gongwen-audit-log")
    refused(page, f"{portal_url}/@@gongwen-settings")

    # as it was, for the tests after this one
    page.goto(f"{portal_url}/@@gongwen-accounts-settings")
    page.fill("input[name='form.widgets.lockout_minutes']", old_minutes)
    page.click("button[name='form.buttons.save']")
    expect(page.locator("input[name='form.widgets.lockout_minutes']")).to_have_value(old_minutes)
    log_out(page, portal_url)

    # 安全审计员: reads the audit log, nothing else.
    log_in(page, portal_url, AUDITOR)
    check_site_setup(page, portal_url, screenshot, AUDITOR)
    page.locator(".controlPanelOverview ul.configlets a", has_text="审计日志").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("审计日志")
    for actor, action, title, what in (
        (SYSTEM_ADMIN, "account_create", "创建账号", NEW_USER["id"]),
        (SECURITY_ADMIN, "group_change", "调整用户组", FUNCTION_GROUP),
        (SECURITY_ADMIN, "settings_change", "修改设置", "lockout_minutes"),
    ):
        page.fill("#gongwen-audit-actor", actor)
        page.select_option("#gongwen-audit-action", [action])
        page.get_by_role("button", name="筛选").click()
        entry = page.locator("tr.gongwen-audit-entry", has_text=what).first
        expect(entry).to_be_visible()
        expect(entry.locator(".gongwen-audit-action")).to_have_text(title)
        screenshot(page, f"audit-{action}")
    refused(page, f"{portal_url}/@@usergroup-userprefs")
    refused(page, f"{portal_url}/@@gongwen-accounts-settings")
    refused(page, f"{portal_url}/changyuan/@@gongwen-functions")
    log_out(page, portal_url)

    # the function given above taken back, for the tests after this one
    log_in(page, portal_url, SECURITY_ADMIN)
    page.goto(f"{portal_url}/changyuan/@@gongwen-functions")
    holders(page, FUNCTION_GROUP).select_option(before, force=True)
    page.click("button[name='form.buttons.save']")
    expect(page.locator("body")).to_contain_text("职能与人员已保存")
    assert sorted(selected(holders(page, FUNCTION_GROUP))) == sorted(before)
