"""R-U1 on the cluster's store (issue 21), in Chromium: with ``GONGWEN_AUDIT_DB`` a PostgreSQL
URL, a member of staff opens a 发文 and the 安全审计员 finds that view in 审计日志, then has a
real worker verify the log on 审计日志校验 — every entry read from, and proved in, PostgreSQL."""

import time

import psycopg2
import pytest
from playwright.sync_api import expect

from collective.gongwen.audit import record
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.audit_records import audit_postgres
from tests.support.audit_records import fresh_store_url
from tests.support.outgoing import draft_outgoing
from tests.support.rest import committed_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STAFF = ("cy_eng_staff", "何磊")
TITLE = "关于防汛物资集中存放的通知（集群审计）"


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory):
    """The served portal's (and its workers') audit store in a private PostgreSQL."""
    key_file = tmp_path_factory.mktemp("audit-key") / "checkpoint.key"
    with audit_postgres() as port, pytest.MonkeyPatch.context() as patch:
        url = fresh_store_url(port, app_role=True)
        patch.setenv("GONGWEN_AUDIT_DB", url)
        patch.setenv("GONGWEN_AUDIT_KEY_FILE", str(key_file))
        try:
            yield url
        finally:
            audit = record._stores.pop(url, None)
            if audit is not None:
                audit.close()


def views_in_postgres(url, uid):
    """The ``view`` entries of ``uid`` as PostgreSQL holds them (read without our code)."""
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT actor FROM entry WHERE object_uid = %s AND action = 'view'", (uid,)
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def test_r_u1_auditor_reads_and_verifies_the_log_in_postgres(
    pg_url, page, functional_portal, portal_url, conversion_worker, screenshot
):
    document = draft_outgoing(functional_portal, title=TITLE)
    url = committed_url(portal_url, document)

    log_in(page, portal_url, STAFF[0])
    page.goto(url)
    expect(page.locator("h1")).to_contain_text(TITLE)
    assert STAFF[0] in views_in_postgres(pg_url, document.UID())
    page.goto(f"{portal_url}/logout")

    log_in(page, portal_url, "gw_auditor")
    page.goto(f"{portal_url}/@@gongwen-audit-log")
    expect(page.locator("h1.documentFirstHeading")).to_have_text("审计日志")
    page.fill("#gongwen-audit-actor", STAFF[0])
    page.select_option("#gongwen-audit-action", ["view", "create"])
    page.get_by_role("button", name="筛选").click()
    entries = page.locator("tr.gongwen-audit-entry").filter(
        has=page.get_by_role("link", name=TITLE)
    )
    expect(entries.filter(has_text="查看")).not_to_have_count(0)
    expect(entries.filter(has_text="创建")).to_have_count(1)
    expect(entries.first).to_contain_text(STAFF[1])
    screenshot(page, "log")

    page.locator(".gongwen-audit-verify-link").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("校验审计日志")
    page.locator(".gongwen-audit-verify-run").click()
    expect(page.locator(".gongwen-audit-verify-message")).to_contain_text("已交后台校验")
    ok = page.locator(".gongwen-audit-verify-ok")
    deadline = time.monotonic() + WORKER_TIMEOUT / 1000
    while not ok.count() and time.monotonic() < deadline:
        time.sleep(1)
        page.goto(f"{portal_url}/@@gongwen-audit-verify")
    expect(ok).to_contain_text("审计日志完好")
    expect(page.locator(".gongwen-audit-verify-status")).to_contain_text("骆思远")
    screenshot(page, "verified")
