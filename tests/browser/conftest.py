"""Playwright fixtures: Debian's Chromium driving the functional layer's site.

Screenshots go to ``tests/_artifacts/`` (not committed) so a person can look
at what the tests saw.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

from collective.gongwen.testing import CHROMIUM_LAUNCH_OPTIONS

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH_OPTIONS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser tab (own cookies) in Simplified Chinese, 1280×900."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves ``tests/_artifacts/<test>-<name>.png``."""

    def take(tab, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(tab, portal_url, login, password):
    """Log in through Plone's login form, as a person does."""
    tab.goto(f"{portal_url}/login")
    tab.fill("input[name='__ac_name']", login)
    tab.fill("input[name='__ac_password']", password)
    tab.click("button[name='buttons.login']")
    # Plone leaves the login form once the credentials are accepted.
    expect(tab.locator("input[name='__ac_password']")).to_have_count(0)
