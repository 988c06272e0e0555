"""R-O12 in Chromium: the office 催办s an overdue 发文 (issue 19, "the office 催办s another").

A 通知 waits past its step deadline for 主管局领导签发 (cy_leader2). The office head
(cy_office_head) opens it, sees the deadline marked, 催办s it with a note and finds the
催办记录; the leader is mailed (a real SMTP server) and sees the document marked 「已超期」
in 我的待办; the office head's overdue statistics count it under 发文 — at 1366 × 768 and on
a phone.
"""

import datetime

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.conftest import PHONE
from tests.browser.conftest import log_in
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.incoming import overdue_now
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.smtp import address

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"
NOTE = "防汛检查在即，请今天签发。"
PAST = datetime.date.today() - datetime.timedelta(days=3)


@pytest.fixture
def overdue_notice(functional_portal):
    """The 通知 at 主管局领导签发 (cy_leader2), its step due three days ago."""
    document = draft_outgoing(functional_portal, title=TITLE, main_recipients=["新乡河务局"])
    walk_until(document, DOWNWARD_PATH, "leader_sign")
    overdue_now(document, PAST)
    transaction.commit()
    return document


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_r_o12_office_reminds_an_overdue_outgoing_document(
    open_tab, portal_url, overdue_notice, mail_inbox, screenshot, device
):
    office = open_tab(**(DESKTOP if device == "desktop" else PHONE))
    log_in(office, portal_url, "cy_office_head")
    office.goto(overdue_notice.absolute_url())
    form = office.locator("form.gongwen-remind")
    expect(form).to_be_visible()
    form.locator("#gongwen-remind-note").fill(NOTE)
    mail_inbox.clear()
    form.get_by_role("button", name="催办").click()
    expect(office.get_by_text("已催办：主管局领导签发（张志强）。")).to_be_visible()
    records = office.locator(".gongwen-reminders")
    expect(records).to_contain_text(NOTE)
    expect(records).to_contain_text("张志强")
    screenshot(office, f"{device}-reminded")

    # the holder is mailed …
    (mail,) = mail_inbox.to("cy_leader2")
    assert mail.subject == f"【催办】{TITLE}"
    assert f"催办说明：{NOTE}" in mail.body and overdue_notice.absolute_url() in mail.body
    assert mail_inbox.recipients() == [address("cy_leader2")]

    # … and finds it marked overdue in 我的待办
    leader = open_tab(**(DESKTOP if device == "desktop" else PHONE))
    log_in(leader, portal_url, "cy_leader2")
    leader.goto(f"{portal_url}/@@gongwen-todo")
    row = leader.locator("tr", has_text=TITLE)
    expect(row).to_be_visible()
    expect(row).to_contain_text("已超期")
    expect(row).to_contain_text(PAST.isoformat())
    screenshot(leader, f"{device}-todo")

    # the office's statistics (from the front page) count it under 发文, for the office and
    # the leaders
    office.goto(portal_url)
    office.locator(".gongwen-unit-nav-overdue-statistics a").first.click()
    expect(office.locator("h1")).to_contain_text("公文超期情况")
    office_row = office.locator("tr.gongwen-overdue-department", has_text="办公室及局领导环节")
    expect(office_row.locator(".gongwen-overdue-outgoing-open")).to_have_text("1")
    item = office.locator("tr.gongwen-overdue-item", has_text=TITLE)
    expect(item).to_contain_text("发文")
    expect(item).to_contain_text("主管局领导签发")
    expect(item).to_contain_text(PAST.isoformat())
    screenshot(office, f"{device}-overdue")
