"""Playwright fixtures: Debian's Chromium driving the functional layer's site.

Screenshots go to ``tests/_artifacts/`` (not committed) so a person can look
at what the tests saw.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

from collective.gongwen.testing import CHROMIUM_LAUNCH_OPTIONS
from tests.support.rest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"
# An assertion waits as long as a page may take on CI's loaded two cores: a save's redirect
# once took longer than Playwright's 5 s (the add form's heading was still there). A
# passing assertion returns as soon as it holds; only a failing one waits the whole time.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH_OPTIONS)
        yield browser
        browser.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def open_tab(chromium):
    """``open_tab(locale="zh-CN", **context_options)``: a fresh tab with its own cookies
    (``PHONE``, ``DESKTOP`` or a ``viewport``); closed after the test."""
    contexts = []

    def open_(locale="zh-CN", **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.new_context(locale=locale, **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_tab):
    """A fresh browser tab (own cookies) in Simplified Chinese, 1280×900."""
    return open_tab()


@pytest.fixture
def phone_page(open_tab):
    """A phone's tab: 390 × 844, touch, Simplified Chinese."""
    return open_tab(**PHONE)


@pytest.fixture
def english_page(open_tab):
    """A tab of an en-US browser at 1366 × 768 (the portal stays Chinese unless asked)."""
    return open_tab(locale="en-US", **DESKTOP)


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves ``tests/_artifacts/<test>-<name>.png``."""

    def take(tab, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(tab, portal_url, login, password=PASSWORD):
    """Log in through Plone's login form, as a person does (a demo user unless ``password``)."""
    tab.goto(f"{portal_url}/login")
    tab.fill("input[name='__ac_name']", login)
    tab.fill("input[name='__ac_password']", password)
    tab.click("button[name='buttons.login']")
    # Plone leaves the login form once the credentials are accepted.
    expect(tab.locator("input[name='__ac_password']")).to_have_count(0)


def routing_panel(tab):
    """The document page's 办理 panel."""
    return tab.locator("#gongwen-routing")


# How long a test waits for a real worker's render (R-RUN1) to show without a reload.
WORKER_TIMEOUT = 120_000


def official_arrives(tab, timeout=WORKER_TIMEOUT):
    """The 正式文件's row, once a real worker filed it and the 「文件」 panel's own polling
    (files-panel.js) brought it in — no reload by hand."""
    row = tab.locator("#gongwen-files tr.gongwen-file[data-id=official]")
    expect(row).to_have_count(1, timeout=timeout)
    return row


def void_in_the_panel(tab, screenshot, state, reason):
    """R-O13 as a person does it: no 删除 anywhere, 作废 without a reason refused (still at
    ``state``), then with ``reason`` done — 已作废, nothing more to do, ``reason`` the last
    opinion. The last opinion's locator."""
    panel = routing_panel(tab)
    expect(tab.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    expect(tab.locator("a[href$='/delete_confirmation']")).to_have_count(0)
    expect(panel.get_by_role("button", name="作废")).to_be_visible()
    expect(panel.locator(".gongwen-void-help")).to_be_visible()

    panel.get_by_role("button", name="作废").click()
    expect(tab.get_by_text("作废公文须填写作废原因。")).to_be_visible()
    expect(panel.locator(".gongwen-routing-state")).to_have_text(state)
    screenshot(tab, "no-reason")

    tab.fill("#gongwen-opinion", reason)
    panel.get_by_role("button", name="作废").click()
    expect(panel.locator(".gongwen-routing-state")).to_have_text("已作废")
    expect(panel.locator("form.gongwen-act")).to_have_count(0)
    last = panel.locator(".gongwen-opinion").last
    expect(last).to_contain_text(reason)
    expect(tab.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    screenshot(tab, "voided")
    return last
