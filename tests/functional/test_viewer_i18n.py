"""R-A1: collective.documentviewer's pages as a Chinese and an English administrator see them."""

import pytest
import requests
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

pytestmark = pytest.mark.slow


def admin_page(url, language):
    """``url`` as the site owner; English is asked for with the language cookie (issue 19:
    the browser's Accept-Language is not negotiated)."""
    response = requests.get(
        url,
        headers={"Accept-Language": language},
        cookies={"I18N_LANGUAGE": "en"} if language.startswith("en") else None,
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_r_a1_viewer_control_panel_in_chinese(portal_url):
    html = admin_page(f"{portal_url}/@@global-documentviewer-settings", "zh-CN,zh;q=0.9")
    for chinese in ("文档查看器全局设置", "自动转换", "文字识别（OCR）", "Word 文档", "保存"):
        assert chinese in html, chinese
    for english in ("Global Document Viewer Settings", "Auto Convert", "Word Document"):
        assert english not in html, english


def test_r_a1_viewer_control_panel_in_english(portal_url):
    html = admin_page(f"{portal_url}/@@global-documentviewer-settings", "en")
    for english in ("Global Document Viewer Settings", "Auto Convert", "Word Document"):
        assert english in html, english
    assert "自动转换" not in html


def test_r_a1_site_setup_lists_the_viewer_settings_in_chinese(portal_url):
    assert "文档查看器设置" in admin_page(f"{portal_url}/@@overview-controlpanel", "zh-CN")
    assert "Document Viewer Settings" in admin_page(f"{portal_url}/@@overview-controlpanel", "en")
