"""SPEC §0/§2 in Chromium: the 系统管理员 sets up a unit, a department and a person; the
安全保密管理员 gives the person functions (三员分立, R-U2).

The functions live only in Plone groups, so the unit's 「职能与人员」 page and
用户和用户组 must show the same thing whichever of them was used. The 系统管理员 sees
no 「职能与人员」 link and is refused the page in Chinese.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The demo organisation's 系统管理员 and 安全保密管理员 (R-U2), not the Zope root Manager.
DEMO_ADMIN = ("gw_admin", "gongwen2026")
DEMO_SECADMIN = ("gw_secadmin", "gongwen2026")
NEW_USER = {"id": "lixiaoyun", "fullname": "李晓云", "password": "Xiaoyun-2026"}


def holders_select(page, group_id):
    return page.locator(f"select[name='holders.{group_id}:list']")


def fill_short_name(page, short_name):
    """The short name (the id, used in the group ids) is on the 设置 tab."""
    page.locator("form .autotoc-nav a").filter(has_text="设置").click()
    page.fill("input[name='form.widgets.IShortName.id']", short_name)


def add_unit(page, portal_url, screenshot):
    page.goto(f"{portal_url}/++add++gongwen_unit")
    screenshot(page, "add-unit")
    page.fill("input[name='form.widgets.title']", "濮阳河务局")
    fill_short_name(page, "puyang")
    page.locator("form .autotoc-nav a").first.click()
    page.fill("input[name='form.widgets.agency_code']", "长河")  # 长垣's: refused
    page.fill("input[name='form.widgets.issuer_mark']", "濮阳河务局文件")
    page.click("button[name='form.buttons.save']")


def functions_link(page):
    """The unit's 「职能与人员」 link (an object action of units and departments)."""
    return page.get_by_role("link", name="职能与人员")


def test_spec2_admin_sets_up_unit_department_person_and_functions(page, portal_url, screenshot):
    log_in(page, portal_url, *DEMO_ADMIN)

    # A unit, through its add form; a duplicate 机关代字 is refused in Chinese.
    add_unit(page, portal_url, screenshot)
    expect(page.locator("body")).to_contain_text("机关代字「长河」已被其他单位使用")
    screenshot(page, "duplicate-agency-code")
    page.locator("form .autotoc-nav a").first.click()
    page.fill("input[name='form.widgets.agency_code']", "濮河")
    page.click("button[name='form.buttons.save']")
    expect(page).to_have_url(re.compile(r"/puyang(/view)?$"))
    expect(page.locator("#content")).to_contain_text("发文")
    expect(page.locator("#content")).to_contain_text("收文")  # 档案管理 is the archivists' only

    # A department inside it.
    page.goto(f"{portal_url}/puyang/++add++gongwen_department")
    page.fill("input[name='form.widgets.title']", "工务科")
    fill_short_name(page, "works")
    page.click("button[name='form.buttons.save']")
    expect(page).to_have_url(re.compile(r"/puyang/works(/view)?$"))

    # A person, through 用户和用户组 → 添加新用户.
    page.goto(f"{portal_url}/@@new-user")
    page.fill("input[name='form.widgets.fullname']", NEW_USER["fullname"])
    page.fill("input[name='form.widgets.username']", NEW_USER["id"])
    page.fill("input[name='form.widgets.email']", "lixiaoyun@example.com")
    page.fill("input[name='form.widgets.password']", NEW_USER["password"])
    page.fill("input[name='form.widgets.password_ctl']", NEW_USER["password"])
    page.click("button[name='form.buttons.register']")
    expect(page.locator("body")).not_to_contain_text("There were errors")

    # Functions are not the 系统管理员's: no link on the unit, the page refused in Chinese.
    page.goto(f"{portal_url}/puyang")
    expect(page.locator("h1")).to_contain_text("濮阳河务局")
    expect(functions_link(page)).to_have_count(0)
    screenshot(page, "unit-as-system-admin")
    response = page.goto(f"{portal_url}/puyang/@@gongwen-functions")
    assert response.status != 500
    expect(page.locator("#gongwen-functions-form")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("权限")
    screenshot(page, "functions-refused")

    # The 安全保密管理员 gives them on the unit's 「职能与人员」 page, reached from the unit's menu.
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, *DEMO_SECADMIN)
    page.goto(f"{portal_url}/puyang")
    screenshot(page, "unit-as-security-admin")
    functions_link(page).first.click()
    expect(page.locator("h1")).to_contain_text("职能与人员")
    holders_select(page, "puyang-secretaries").select_option([NEW_USER["id"]], force=True)
    holders_select(page, "puyang-works-heads").select_option([NEW_USER["id"]], force=True)
    page.click("button[name='form.buttons.save']")
    expect(page.locator("body")).to_contain_text("职能与人员已保存")
    screenshot(page, "functions-form")

    # 用户和用户组 shows the same membership.
    page.goto(f"{portal_url}/@@usergroup-groupmembership?groupname=puyang-secretaries")
    expect(page.locator("#content")).to_contain_text(NEW_USER["fullname"])
    screenshot(page, "group-members")

    # And the other way round: a function given in 用户和用户组 shows on the form.
    page.goto(f"{portal_url}/@@usergroup-usermembership?userid={NEW_USER['id']}&showAll=y")
    page.locator("input[name='add:list'][value='puyang-works-receivers']").check()
    page.click("button[name='form.button.Add']")
    expect(page.locator("#content")).to_contain_text("濮阳河务局 工务科 部门收文员")
    screenshot(page, "user-membership")
    page.goto(f"{portal_url}/puyang/@@gongwen-functions")
    for group_id in ("puyang-secretaries", "puyang-works-heads", "puyang-works-receivers"):
        selected = holders_select(page, group_id).evaluate(
            "select => [...select.selectedOptions].map(option => option.value)"
        )
        assert selected == [NEW_USER["id"]], group_id
    assert holders_select(page, "puyang-leaders").evaluate("s => s.selectedOptions.length") == 0
    screenshot(page, "functions-after-usergroups")


def test_spec2_gongwen_settings_in_site_setup(page, portal_url, screenshot):
    log_in(page, portal_url, *DEMO_ADMIN)
    page.goto(f"{portal_url}/@@overview-controlpanel")
    page.get_by_role("link", name="公文设置").first.click()
    expect(page.locator("h1")).to_contain_text("公文设置")
    page.fill("input[name='form.widgets.upload_max_mb']", "60")
    page.click("button[name='form.buttons.save']")
    expect(page.locator("input[name='form.widgets.upload_max_mb']")).to_have_value("60")
    # issue 19: the step deadlines are the units' (自然日), not here
    expect(page.locator("#content")).not_to_contain_text("默认办理时限")
    expect(page.locator("#content")).to_contain_text("在各单位的「办理时限」中设置")
    screenshot(page, "settings")
