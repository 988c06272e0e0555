"""SPEC §15 in Chromium: a drafter submits a 发文 and the department head gets the mail.

The site's MailHost sends to a real SMTP server (aiosmtpd) on 127.0.0.1. The
head follows the mail's link to the document, then turns overdue reminders
off on 邮件通知设置, reached from the personal menu.
"""

import re

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.notify import rules
from collective.gongwen.notify.recipients import preferences
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing
from tests.support.smtp import address

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于开展汛前堤防检查的通知"


@pytest.fixture
def notice(functional_portal, mail_inbox):
    document = draft_outgoing(functional_portal, id="inspection-notice", title=TITLE)
    transaction.commit()
    return document


def test_spec15_drafter_submits_and_the_department_head_gets_the_mail(
    page, portal_url, notice, mail_inbox, screenshot
):
    log_in(page, portal_url, "cy_eng_staff", PASSWORD)
    page.goto(notice.absolute_url())
    page.locator("#gongwen-routing").get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理")

    assert mail_inbox.wait_for(lambda: mail_inbox.to("cy_eng_head"), timeout=30)
    assert mail_inbox.recipients() == [address("cy_eng_head")]  # not the drafter
    (mail,) = mail_inbox.to("cy_eng_head")
    assert mail.subject == f"【待办】{TITLE}"
    assert "当前环节：部门负责人核稿" in mail.body

    # The head follows the mail's link and finds the step waiting.
    link = re.search(r"办理：(\S+)", mail.body).group(1)
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_eng_head", PASSWORD)
    page.goto(link)
    expect(page.locator("#gongwen-routing .gongwen-routing-state")).to_have_text("部门负责人核稿")

    # 邮件通知设置 from the personal menu: overdue reminders off, the digest on.
    settings = page.locator("#personaltools-gongwen_mail_settings")
    expect(settings).to_have_count(1)
    page.goto(settings.get_attribute("href"))
    expect(page.locator("h1")).to_have_text("邮件通知设置")
    page.locator("#mail_overdue").uncheck()
    page.locator("#mail_digest").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".portalMessage").first).to_contain_text("邮件通知设置已保存")
    screenshot(page, "mail-settings")
    transaction.begin()
    assert preferences("cy_eng_head") == {
        rules.TODO: True,
        rules.OVERDUE: False,
        rules.DIGEST: True,
    }
