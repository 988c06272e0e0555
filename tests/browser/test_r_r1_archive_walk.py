"""R-R1 in Chromium: the archivist archives one 发文 from its page, and then nobody changes it.

A 发文 of 工程管理科 walked to 已发送 (its 正式文件 typeset by the worker). cy_archivist
finds it from 档案管理 (the year's 已办结未归档 count leads to the unit's 公文检索 narrowed to
the finished documents of the year), opens it, clicks 「归档…」 on the 办理 panel, reads the
proposed 归档章 (全宗号 118, 年度, 机构(问题) 工程管理科/GCK), chooses 定期10年 and submits;
the job's page follows a real ``gongwen-worker`` (四性检测 with a real clamd) to 100 % and
leads back to the document, which shows the 归档章 with its 档号. Then its department head,
its drafter and Zope's own administrator open it and find nothing to change it with: no
编辑, no 办理 form, no 归档…, no upload, no 删除 or 共享 in the menus.
"""

import pytest
import transaction
from playwright.sync_api import expect
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from collective.gongwen.archive import filing
from collective.gongwen.archive.record import archive_info
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.support.archive import sent_outgoing
from tests.support.rest import url_of
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARCHIVIST = "cy_archivist"
TITLE = "关于做好二〇二六年汛前堤防检查的通知"


@pytest.fixture
def sent(functional_portal, clamd_socket, conversion_worker):
    """A 发文 of 长垣河务局's 工程管理科 sent (已发送), committed; the worker running."""
    document = sent_outgoing(functional_portal, title=TITLE)
    transaction.commit()
    return document


# What Zope's administrator is offered on a sent 发文's page that changes it.
ADMIN_WRITES = (
    "#contentview-edit",
    "#contentview-local_roles",
    "#plone-contentmenu-actions-rename",
    "form.gongwen-add",
    "form.gongwen-replace",
)


def no_way_to_change(page):
    """The page of an archived document offers nothing that changes it."""
    panel = routing_panel(page)
    expect(page.locator("#gongwen-archive-stamp")).to_be_visible()
    expect(panel.locator("form.gongwen-act")).to_have_count(0)
    expect(panel.locator(".gongwen-panel-archive")).to_have_count(0)
    expect(page.locator("#plone-contentmenu-actions-delete")).to_have_count(0)
    expect(page.locator("#plone-contentmenu-actions-cut")).to_have_count(0)
    expect(page.locator("a[href$='/delete_confirmation']")).to_have_count(0)
    expect(page.locator("a[href$='/edit']")).to_have_count(0)
    for selector in ADMIN_WRITES:
        expect(page.locator(selector)).to_have_count(0)
    # the toolbar may still show the state (已归档), with no transition to choose
    expect(page.locator("a[href*='workflow_action=']")).to_have_count(0)


def test_r_r1_archivist_archives_a_sent_outgoing_and_nobody_changes_it(
    sent, page, portal_url, screenshot
):
    document = sent
    year = filing.document_year(document)
    document_url = url_of(portal_url, document)

    # before 归档 Zope's administrator may still edit, share, rename, upload and replace
    log_in(page, portal_url, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page.goto(document_url)
    for selector in ADMIN_WRITES:
        expect(page.locator(selector).first).to_be_attached()
    page.context.clear_cookies()

    # 档案管理: the year counts one finished document, which leads to it
    log_in(page, portal_url, ARCHIVIST)
    page.goto(f"{portal_url}/changyuan")
    page.locator(".gongwen-unit-nav-archive a").first.click()
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("档案管理")
    row = page.locator(f"tr.gongwen-archive-year[data-year='{year}']")
    expect(row.locator(".gongwen-count-finished")).to_have_text("1")
    screenshot(page, "home")
    row.locator(".gongwen-count-finished a").click()
    screenshot(page, "waiting")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("#content h1").first).to_have_text(TITLE)
    screenshot(page, "document")

    # 归档… on the 办理 panel: the proposed 归档章
    routing_panel(page).locator(".gongwen-panel-archive").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("归档")
    expect(page.locator("#gongwen-fonds-number")).to_have_value("118")
    expect(page.locator("#gongwen-archive-year")).to_have_value(str(year))
    expect(page.locator("#gongwen-organ-code")).to_have_value("GCK")
    expect(page.locator("#gongwen-organ-title")).to_have_value("工程管理科")
    page.select_option("#gongwen-archive-retention", "10_years")
    screenshot(page, "form")
    page.locator(".gongwen-archive-submit").click()

    # the job's page follows the worker to 100 %
    expect(page.locator(".gongwen-archive-job-bar")).to_have_count(1)
    screenshot(page, "job-started")
    expect(page.locator(".gongwen-archive-job-report")).to_have_count(1, timeout=WORKER_TIMEOUT)
    expect(page.locator(".gongwen-archive-job-bar")).to_have_text("100%")
    expect(page.locator(".gongwen-archive-job-state")).to_have_text("已完成")
    expect(page.locator(".gongwen-archive-job-done")).to_have_text("1")
    expect(page.locator(".gongwen-archive-job-failed")).to_have_text("0")
    code = f"118-WS·{year}-D10-GCK-0001"
    screenshot(page, "job-done")

    # back to the document: the 归档章 with its 档号
    back = page.locator(".gongwen-archive-job-document")
    expect(back).to_have_text(f"返回公文《{TITLE}》")
    back.click()
    expect(page).to_have_url(document_url)
    expect(page.locator(".gongwen-archival-code")).to_have_text(code)
    screenshot(page, "archived")
    no_way_to_change(page)
    transaction.abort()
    assert wait_for(lambda: (archive_info(document) or {}).get("archival_code") == code)

    # its department head, its drafter, Zope's administrator: nothing to change it with
    for login, password in (
        ("cy_eng_head", None),
        ("cy_eng_staff", None),
        (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
    ):
        page.context.clear_cookies()
        log_in(page, portal_url, login, *([password] if password else []))
        page.goto(document_url)
        expect(page.locator(".gongwen-archival-code")).to_have_text(code)
        screenshot(page, f"as-{login}")
        no_way_to_change(page)
