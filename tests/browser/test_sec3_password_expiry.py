"""R-SEC3 in Chromium: a member whose password has expired logs in, is sent to 修改密码,
a weak new password is refused with the Chinese message saying what it lacks, a good one
is accepted and the site opens again."""

import time

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.accounts import password_plugin
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "Strong-pass-2026"


def change(page, current, new):
    page.fill("input[name='form.widgets.current_password']", current)
    page.fill("input[name='form.widgets.new_password']", new)
    page.fill("input[name='form.widgets.new_password_ctl']", new)
    page.click("button[name='form.buttons.reset_passwd']")


def expired_notice(page):
    return page.locator(".portalMessage").filter(has_text="您的密码已过期")


def test_r_sec3_expired_password_is_changed_before_anything_else(
    page, portal_url, functional_portal, screenshot, monkeypatch
):
    now = [time.time()]
    monkeypatch.setattr(password_plugin, "clock", lambda: now[0])
    api.user.create(email="old@example.com", username="oldpass", password=PASSWORD)
    transaction.commit()
    now[0] += 91 * 86400

    log_in(page, portal_url, "oldpass", PASSWORD)
    # The login itself ends on 修改密码; wait for that navigation to settle so the next
    # one does not race it for the status message's cookie.
    expect(page).to_have_url(f"{portal_url}/@@change-password")
    expect(expired_notice(page)).to_be_visible()
    page.goto(f"{portal_url}/@@personal-information")
    expect(page).to_have_url(f"{portal_url}/@@change-password")
    expect(expired_notice(page)).to_be_visible()
    page.reload()  # the page says why each time, not once from a cookie another request may take
    expect(expired_notice(page)).to_be_visible()
    screenshot(page, "expired")
    help_text = page.locator("#formfield-form-widgets-new_password")
    expect(help_text).to_contain_text(
        "密码至少 10 个字符，须含大写字母、小写字母、数字、符号中的至少 3 类"
    )

    change(page, PASSWORD, "12345678")
    error = page.locator("#formfield-form-widgets-new_password .invalid-feedback")
    expect(error).to_contain_text("密码不符合要求")
    expect(error).to_contain_text("尚缺：大写字母、小写字母、符号")
    screenshot(page, "weak-refused")

    change(page, PASSWORD, "Renewed-pass-2026")
    expect(page.locator(".portalMessage, .alert").first).to_be_visible()
    screenshot(page, "changed")
    page.goto(f"{portal_url}/@@personal-information")
    expect(page).to_have_url(f"{portal_url}/@@personal-information")
    screenshot(page, "site-open-again")
