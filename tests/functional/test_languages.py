"""Chinese first, English too: the UI language follows the browser's request."""

import pytest
import requests

pytestmark = pytest.mark.slow


def front_page(portal_url, accept_language):
    response = requests.get(portal_url, headers={"Accept-Language": accept_language}, timeout=60)
    assert response.status_code == 200
    return response.text


def test_chinese_browser_gets_the_chinese_portal(portal_url):
    html = front_page(portal_url, "zh-CN,zh;q=0.9")
    assert 'lang="zh-cn"' in html
    assert "登录" in html


def test_english_browser_gets_the_english_portal(portal_url):
    html = front_page(portal_url, "en-US,en;q=0.9")
    assert 'lang="en"' in html
    assert "Log in" in html
    assert "登录" not in html


def test_english_add_form_translates_fieldsets_and_vocabularies(portal_url):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    response = requests.get(
        f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing",
        headers={"Accept-Language": "en"},
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
        headers={"Accept-Language": "en-US,en;q=0.9"},
        auth=("cy_eng_staff", "gongwen2026"),
        timeout=60,
    )
    assert response.status_code == 200
    for heading in ("My to-do list", "My reading list", "Notices", "Incoming", "Work news"):
        assert heading in response.text
    assert "我的待办" not in response.text and "工作动态" not in response.text
