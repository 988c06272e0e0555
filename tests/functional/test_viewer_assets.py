"""R-A1: the viewer's scripts reach the viewer page over HTTP, and only that page."""

import re

import pytest
import requests
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD

pytestmark = pytest.mark.slow

VIEWER_BUNDLES = ["gongwen-dv-viewer", "gongwen-dv-templates", "gongwen-documentviewer"]


def script_bundles(url):
    """The data-bundle names of the page's <script> tags, in document order."""
    response = requests.get(url, auth=(TEST_USER_NAME, TEST_USER_PASSWORD), timeout=60)
    assert response.status_code == 200, response.text[:500]
    return re.findall(r'<script[^>]*data-bundle="([^"]+)"', response.text), response.text


def test_r_a1_viewer_page_loads_viewer_then_templates_then_start_script(notice_pdf):
    bundles, html = script_bundles(f"{notice_pdf.absolute_url()}/view")
    ours = [name for name in bundles if name in VIEWER_BUNDLES]
    assert ours == VIEWER_BUNDLES
    assert bundles.index("plone") < bundles.index("gongwen-dv-viewer")
    assert "++resource++dv.resources/stylesheets/viewer.css" in html
    assert 'class="pat-documentviewer DV-container"' in html


def test_r_a1_other_pages_do_not_load_the_viewer(notice_pdf, portal_url):
    for url in (portal_url, f"{portal_url}/@@search"):
        bundles, html = script_bundles(url)
        assert not set(bundles) & set(VIEWER_BUNDLES), url
        assert "dv.resources" not in html


def test_r_a1_viewer_assets_are_served(notice_pdf, portal_url):
    for path in (
        "++resource++dv.resources/assets/viewer.js",
        "++resource++dv.resources/assets/templates.js",
        "++resource++dv.resources/stylesheets/viewer.css",
        "++plone++collective.gongwen.viewer/documentviewer.js",
    ):
        response = requests.get(f"{portal_url}/{path}", timeout=60)
        assert response.status_code == 200, path
