"""Issue 19 item 4: the portal is Chinese whatever the browser's language; English on request.

The browser's Accept-Language is not negotiated; English is asked for with
``?set_language=en`` (which sets the ``I18N_LANGUAGE`` cookie) or by sending that cookie.
"""

import pytest
import requests
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

pytestmark = pytest.mark.slow

ENGLISH = {"I18N_LANGUAGE": "en"}


def front_page(portal_url, accept_language, cookies=None):
    response = requests.get(
        portal_url, headers={"Accept-Language": accept_language}, cookies=cookies, timeout=60
    )
    assert response.status_code == 200
    return response.text


def test_chinese_browser_gets_the_chinese_portal(portal_url):
    html = front_page(portal_url, "zh-CN,zh;q=0.9")
    assert 'lang="zh-cn"' in html
    assert "登录" in html


def test_english_browser_still_gets_the_chinese_portal(portal_url):
    html = front_page(portal_url, "en-US,en;q=0.9")
    assert 'lang="zh-cn"' in html
    assert "登录" in html
    assert "Log in" not in html


def test_set_language_en_switches_to_english_and_keeps_it_in_a_cookie(portal_url):
    with requests.Session() as session:
        session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        switched = session.get(f"{portal_url}?set_language=en", timeout=60)
        assert switched.status_code == 200
        assert session.cookies.get("I18N_LANGUAGE") == "en"
        html = session.get(portal_url, timeout=60).text
        assert 'lang="en"' in html and "Log in" in html
        session.get(f"{portal_url}?set_language=zh-cn", timeout=60)
        html = session.get(portal_url, timeout=60).text
        assert 'lang="zh-cn"' in html and "登录" in html


def test_english_add_form_translates_fieldsets_and_vocabularies(portal_url):
    response = requests.get(
        f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing",
        cookies=ENGLISH,
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=60,
    )
    assert response.status_code == 200
    html = response.text
    english = (
        "Header",
        "Colophon",
        "Request for instructions",
        "Extra urgent",
        "Unclassified",
        "Add Outgoing document",
    )
    for text in english:
        assert text in html, text
    assert "版头" not in html
    assert "请示" not in html


def test_r_p1_the_front_page_in_english_for_a_logged_in_member_of_staff(portal_url):
    response = requests.get(
        portal_url,
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
        cookies=ENGLISH,
        auth=("cy_eng_staff", "gongwen2026"),
        timeout=60,
    )
    assert response.status_code == 200
    for heading in ("My to-do list", "My reading list", "Notices", "Incoming", "Work news"):
        assert heading in response.text
    assert "我的待办" not in response.text and "工作动态" not in response.text
