"""R-A1 in Chromium: a staff member opens an uploaded Chinese PDF and sees its first page."""

import pytest
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_a1_viewer_shows_page_one(page, portal_url, notice_pdf, screenshot):
    log_in(page, portal_url, TEST_USER_NAME, TEST_USER_PASSWORD)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Plone links files as …/view (the bare URL downloads them for readers).
    page.goto(f"{notice_pdf.absolute_url()}/view")
    first_page = page.locator(".DV-page img.DV-pageImage").first
    first_page.wait_for(state="visible")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.DV-pageImage')]"
        ".some(img => img.complete && img.naturalWidth > 0 && /dump_1\\.jpg/.test(img.src))"
    )
    screenshot(page, "viewer")
    assert page.locator(".DV-loadingDocument:visible").count() == 0
    assert errors == []
