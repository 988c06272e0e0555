"""R-U1 of the Word 正文 (R-D6) in Chromium: the drafter 签出编辑s the 正文 on the 处理笺 and
gives it back (取消签出); the document's 审计记录 names each action (and the 下载 of the file
签出编辑 hands over); the 安全审计员 finds them
in 审计日志 under their Chinese names (上传正文, 签出编辑正文, 取消签出正文), filtered by
person and action, each with the version, the file and until when it was checked out."""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_r_d6_word_body import NAME
from tests.browser.test_r_d6_word_body import TITLE
from tests.browser.test_r_d6_word_body import body_section
from tests.browser.test_r_d6_word_body import draft_notice
from tests.browser.test_r_d6_word_body import notice_docx
from tests.browser.test_r_u1_auditor import filter_log

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFTER = ("cy_eng_staff", "何磊")
ACTIONS = {
    "body_upload": "上传正文",
    "body_checkout": "签出编辑正文",
    "body_checkout_cancel": "取消签出正文",
}


@pytest.fixture
def notice(functional_portal):
    """The drafter's 通知 with its Word 正文 uploaded (上传正文: one entry), committed."""
    document = draft_notice(functional_portal, notice_docx())
    transaction.commit()
    return document


def test_r_u1_r_d6_auditor_finds_the_check_out_of_the_word_body(
    page, portal_url, notice, screenshot
):
    # The drafter checks the 正文 out (the file downloads), then gives it back.
    log_in(page, portal_url, DRAFTER[0])
    page.goto(notice.absolute_url())
    section = body_section(page)
    with page.expect_download() as download:
        section.get_by_role("button", name="签出编辑").click()
    assert download.value.suggested_filename == NAME
    expect(section.locator(".gongwen-word-body-lock")).to_contain_text("您已签出编辑（至 ")
    section.get_by_role("button", name="取消签出").click()
    expect(section.get_by_role("button", name="签出编辑")).to_be_visible()

    # The document's 审计记录: each action once, by name, newest first.
    page.reload()
    trail = page.locator(".gongwen-audit-trail")
    trail.locator("summary").click()
    rows = trail.locator("tbody tr")
    for title in ACTIONS.values():
        expect(rows.filter(has_text=title).filter(has_text=DRAFTER[1])).to_have_count(1)
    # 签出编辑 hands over the file: its 下载 is written too (every copy taken is a 下载)
    expect(rows.filter(has_text="下载").filter(has_text=NAME.removesuffix(".docx"))).to_have_count(
        1
    )
    trail.scroll_into_view_if_needed()
    screenshot(page, "trail-word-body")
    page.goto(f"{portal_url}/logout")

    # The 安全审计员: 审计日志 filtered by the drafter and the 正文's actions.
    log_in(page, portal_url, "gw_auditor")
    page.goto(f"{portal_url}/@@gongwen-audit-log")
    expect(page.locator("h1.documentFirstHeading")).to_have_text("审计日志")
    options = page.locator("#gongwen-audit-action option")
    for title in ACTIONS.values():
        expect(options.filter(has_text=title)).to_have_count(1)
    # This document's entries only: earlier walks of the suite checked out 正文 of their own.
    page.fill("#gongwen-audit-document", notice.UID())
    filter_log(page, DRAFTER[0], list(ACTIONS))
    expect(page.locator("#gongwen-audit-document")).to_have_value(notice.UID())
    entries = page.locator("tr.gongwen-audit-entry")
    expect(entries).to_have_count(3)
    shown = page.locator(".gongwen-audit-action").all_inner_texts()
    assert sorted(shown) == sorted(ACTIONS.values()), shown
    checkout = entries.filter(has=page.locator(".gongwen-audit-action", has_text="签出编辑正文"))
    expect(checkout).to_contain_text(f"第1版 · {NAME}（签出至 ")
    expect(checkout).to_contain_text(DRAFTER[1])
    expect(checkout).to_contain_text("拟稿")  # the step it was done at
    expect(checkout.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "log-word-body")
