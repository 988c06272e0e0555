"""Issue 19 item 4 in Chromium: Plone's own pages a person opens from the personal menu
(个人信息, 个人偏好) and the administrators' 用户和用户组 read in Chinese — help texts, the
icon of a role held through a group, the checkboxes' titles, Plone's own groups — in an
en-US browser too; no 信息中心 in the personal menu."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.conftest import log_in
from tests.support import crawl

pytestmark = pytest.mark.slow

PAGES = {
    "cy_eng_staff": ("/@@personal-information", "/@@personal-preferences"),
    "gw_admin": (
        "/@@personal-information",
        "/@@usergroup-userprefs",
        "/@@usergroup-groupprefs?searchstring=Administrators",
        "/@@usergroup-groupprefs?searchstring=AuthenticatedUsers",
        "/@@new-user",
        "/@@user-information?userid=cy_eng_staff",
        "/@@user-preferences?userid=cy_eng_staff",
        "/@@usergroup-usermembership?userid=cy_eng_staff",
    ),
}


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_r_p_plone_pages_of_the_personal_menu_and_users_panels_are_chinese(
    open_tab, portal_url, screenshot, locale
):
    for user, paths in PAGES.items():
        tab = open_tab(locale=locale, **DESKTOP)
        log_in(tab, portal_url, user)
        for number, path in enumerate(paths):
            tab.goto(portal_url + path)
            found = crawl.findings(tab.url, crawl.visible_text(tab.content()))
            assert found == [], [(f.word, f.context) for f in found]
            screenshot(tab, f"{locale}-{user}-{number}")
            if path == "/@@personal-preferences":
                expect(tab.locator("#form-widgets-wysiwyg_editor")).to_have_count(0)
            if path == "/@@usergroup-userprefs":
                expect(
                    tab.locator("input[name='delete:list'][title^='删除用户']").first
                ).to_be_attached()
        # the personal menu: no 信息中心 (Plone's dashboard)
        links = (
            tab.locator("a[href$='/@@personal-preferences']")
            .first.locator("xpath=ancestor::ul[1]//a")
            .evaluate_all("els => els.map(e => e.href)")
        )
        assert links and not [link for link in links if re.search(r"/dashboard$", link)]
