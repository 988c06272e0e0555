"""Issue 19 item 4, in Chromium at 1366 × 768: the bureau's portal, in a zh-CN and an en-US
browser — the unit's name and logo on the login page and the front page, no Plone logo,
footer or 「Powered by Plone」, Chinese in both; a member of staff's toolbar without
共享/剪切/删除; English on request through the language switch."""

import re

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.portal.brand import sync_site_title
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing

pytestmark = pytest.mark.slow

PLONE_MARKS = ("Plone", "Powered by", "GNU GPL", "网站地图", "联系管理员", "可访问性")


def check_brand(tab):
    logo = tab.locator("#portal-logo")
    expect(logo).to_contain_text("新乡河务局")
    expect(logo).to_contain_text("电子公文系统")
    image = logo.locator("img")
    expect(image).to_have_attribute("src", re.compile(r"collective\.gongwen\.portal/logo\.svg$"))
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(tab.locator("#portal-footer")).to_contain_text("新乡河务局 电子公文系统")
    text = tab.locator("body").inner_text()
    for mark in PLONE_MARKS:
        assert mark not in text, mark
    assert tab.locator("img[src*='plone-logo']").count() == 0


def login_page(tab, portal_url):
    tab.goto(f"{portal_url}/login")
    card = tab.locator(".gongwen-login")
    expect(card.locator(".gongwen-login-unit")).to_have_text("新乡河务局")
    expect(card.locator(".gongwen-login-system")).to_have_text("电子公文系统")
    expect(card).to_contain_text("请联系本单位的系统管理员")
    expect(card.locator("button[name='buttons.login']")).to_have_text("登录")
    assert "Get help" not in card.inner_text()
    check_brand(tab)


@pytest.mark.parametrize("browser_locale", ["zh-CN", "en-US"])
def test_login_and_front_page_name_the_unit_in_any_browser(
    functional_portal, open_tab, portal_url, screenshot, browser_locale
):
    with api.env.adopt_roles(["Manager"]):
        sync_site_title()  # the site's title, as 门户设置 or upgrade_1012 leave it
    transaction.commit()
    tab = open_tab(browser_locale, viewport={"width": 1366, "height": 768})
    login_page(tab, portal_url)
    assert tab.locator("html").get_attribute("lang") == "zh-cn"
    screenshot(tab, "login")
    log_in(tab, portal_url, "cy_eng_staff")
    tab.goto(portal_url)
    expect(tab.locator("#content")).to_contain_text("我的待办")
    expect(tab.locator("h1.documentFirstHeading")).to_have_text("新乡河务局 电子公文系统")
    screenshot(tab, "front")
    check_brand(tab)
    assert tab.title().endswith("新乡河务局 电子公文系统")


def test_a_member_of_staff_sees_no_cms_actions_on_a_draft(
    functional_portal, open_tab, portal_url, screenshot
):
    document = draft_outgoing(functional_portal, title="关于防汛物资检查的通知")
    transaction.commit()
    tab = open_tab(viewport={"width": 1366, "height": 768})
    log_in(tab, portal_url, "cy_eng_staff")
    tab.goto(document.absolute_url())
    toolbar = tab.locator("#edit-zone")
    expect(toolbar).to_contain_text("编辑")
    expect(toolbar).to_contain_text("状态")
    for menu in (
        "#plone-contentmenu-actions",
        "#plone-contentmenu-display",
        "#contentview-local_roles",
    ):
        assert toolbar.locator(menu).count() == 0, menu
    text = toolbar.inner_text()
    for word in ("共享", "剪切", "删除", "重命名", "URL 管理", "icalendar", "显示"):
        assert word not in text, word
    screenshot(tab, "toolbar")
    tab.goto(f"{portal_url}/changyuan")
    for menu in (
        "#plone-contentmenu-actions",
        "#contentview-folderContents",
        "#contentview-local_roles",
    ):
        assert tab.locator(menu).count() == 0, menu
    screenshot(tab, "unit")


def test_english_on_request_through_set_language(
    functional_portal, english_page, portal_url, screenshot
):
    with api.env.adopt_roles(["Manager"]):
        sync_site_title()
    transaction.commit()
    english_page.goto(portal_url)
    assert english_page.locator("html").get_attribute("lang") == "zh-cn"
    # the header's two links (the portal's languages, current one marked) switch it
    selector = english_page.locator("#portal-languageselector li")
    expect(selector).to_have_count(2)
    expect(english_page.locator("#portal-languageselector li.currentLanguage")).to_have_class(
        re.compile("language-zh-cn")
    )
    english_page.locator("#portal-languageselector a", has_text="English").click()
    english_page.wait_for_load_state()
    assert english_page.locator("html").get_attribute("lang") == "en"
    expect(english_page.locator("#portal-logo")).to_contain_text("新乡河务局")
    expect(english_page.locator("#portal-searchbox")).to_contain_text("Search")
    screenshot(english_page, "english")
    english_page.goto(f"{portal_url}?set_language=zh-cn")
    assert english_page.locator("html").get_attribute("lang") == "zh-cn"


EMBLEM = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    b'<rect width="64" height="64" rx="8" fill="#1d4f91"/>'
    b'<path d="M12 40h40M12 30h40M12 20h40" stroke="#fff" stroke-width="5"/></svg>'
)


def test_the_system_administrator_sets_the_units_name_and_logo(open_tab, portal_url, screenshot):
    tab = open_tab(viewport={"width": 1366, "height": 768})
    log_in(tab, portal_url, "gw_admin")
    tab.goto(f"{portal_url}/@@overview-controlpanel")
    tab.get_by_role("link", name="门户设置").click()
    expect(tab.locator("h1")).to_have_text("门户设置")
    tab.fill("input[name='form.widgets.unit_name']", "新乡黄河河务局")
    tab.set_input_files(
        "input[name='form.widgets.logo']",
        files=[{"name": "emblem.svg", "mimeType": "image/svg+xml", "buffer": EMBLEM}],
    )
    screenshot(tab, "settings")
    tab.click("button[name='form.buttons.save']")
    expect(tab.locator(".portalMessage")).to_contain_text("保存")
    screenshot(tab, "saved")
    logo = tab.locator("#portal-logo")
    expect(logo).to_contain_text("新乡黄河河务局")
    expect(logo.locator("img")).to_have_attribute("src", re.compile(r"@@site-logo/emblem\.svg$"))
    assert logo.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    tab.goto(f"{portal_url}/logout")
    tab.goto(f"{portal_url}/login")
    expect(tab.locator(".gongwen-login-unit")).to_have_text("新乡黄河河务局")
    expect(tab.locator(".gongwen-login-brand img")).to_have_attribute(
        "src", re.compile(r"@@site-logo/emblem\.svg$")
    )
    screenshot(tab, "login")


def test_the_brand_on_a_phone_and_a_notices_publisher(open_tab, phone_page, portal_url, screenshot):
    login_page(phone_page, portal_url)
    logo = phone_page.locator("#portal-logo")
    assert logo.bounding_box()["x"] + logo.bounding_box()["width"] <= 390
    screenshot(phone_page, "login-phone")
    tab = open_tab(viewport={"width": 1366, "height": 768})
    log_in(tab, portal_url, "cy_eng_staff")
    tab.goto(f"{portal_url}/changyuan/notice-1")
    byline = tab.locator("#section-byline")
    expect(byline).to_contain_text(re.compile(r"^陈静 发布于 \d{4}年\d{1,2}月\d{1,2}日$"))
    assert "admin" not in tab.locator("#content").inner_text()
    screenshot(tab, "notice")
