"""R-R3 in Chromium: the archivist runs 四性检测 on an archived year and reads the report; a
blob damaged on disk is then named by the next check.

The year's 发文 are archived first (the 归档 walk is the batch page's test); the checks
run by a real ``gongwen-worker`` against the served site and a real clamd.
"""

from pathlib import Path

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.archive import pipeline
from collective.gongwen.archive.record import archive_info
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.finished import finished_outgoing
from tests.support.finished import run_archive_job

ARCHIVIST = "cy_archivist"
YEAR = 2026


def blob_path(document, role):
    """Where the committed blob of ``document``'s file of ``role`` lies on disk."""
    (item,) = [item for item in files_of(document) if role_of(item) == role]
    return item.file._blob.committed()


def run_checks(page, checks_url, screenshot, name):
    """Click 开始四性检测, follow the job's page to its report; the report's locator."""
    page.goto(checks_url)
    page.click("button.gongwen-checks-start")
    report_link = page.locator("a.gongwen-archive-job-report")
    expect(report_link).to_have_count(1, timeout=WORKER_TIMEOUT)
    screenshot(page, f"{name}-job")
    report_link.click()
    report = page.locator(".gongwen-report")
    expect(report).to_have_count(1)
    screenshot(page, f"{name}-report")
    return report


@pytest.mark.slow
def test_r_r3_archivist_runs_checks_and_the_damaged_blob_is_named(
    functional_portal, portal_url, clamd_socket, conversion_worker, page, screenshot
):
    portal = functional_portal
    unit = portal["changyuan"]
    documents = [finished_outgoing(portal, n, year=YEAR) for n in (1, 2, 3)]
    assert run_archive_job(portal, unit, pipeline.start_archive(unit, ARCHIVIST, year=YEAR))
    codes = [archive_info(document)["archival_code"] for document in documents]
    transaction.commit()

    log_in(page, portal_url, ARCHIVIST)
    archive_url = f"{portal_url}/changyuan/archive"
    page.goto(f"{archive_url}?year={YEAR}")
    page.click("[data-screen=gongwen-archive-checks] a")
    expect(page.locator("h1")).to_have_text(f"长垣河务局 {YEAR}年度四性检测")
    expect(page.locator(".gongwen-checks-archived")).to_have_text("3")
    checks_url = page.url

    # A sound year: every check passes.
    report = run_checks(page, checks_url, screenshot, "sound")
    expect(report.locator(".gongwen-report-passed")).to_have_text("全部通过")
    expect(report.locator(".gongwen-report-summary tbody tr")).to_have_count(4)
    expect(report.locator(".gongwen-report-item-passed")).to_have_count(3)
    expect(report.locator(".gongwen-report-item-failed")).to_have_count(0)

    # One blob of the second item is damaged on disk, under the running site.
    path = blob_path(documents[1], TYPESET)
    data = bytearray(Path(path).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = b"\x00" * 16
    with open(path, "r+b") as blob:
        blob.write(bytes(data))

    report = run_checks(page, checks_url, screenshot, "damaged")
    expect(report.locator(".gongwen-report-failed")).to_contain_text("未通过：1 件有问题")
    failed = report.locator(".gongwen-report-item-failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text(codes[1])
    problem = failed.locator(".gongwen-report-problem").first
    expect(problem).to_contain_text("真实性")
    expect(problem.locator(".gongwen-report-file")).to_contain_text("正式文件.pdf")
    expect(problem).to_contain_text("文件内容与归档时不符（SHA-256、SM3 不一致）")
    authenticity = report.locator(".gongwen-report-summary tr[data-check=authenticity]")
    expect(authenticity).to_contain_text("未通过")
    expect(report.locator(".gongwen-report-item-passed")).to_have_count(2)

    # Both reports stay listed on the year's page, newest first.
    page.goto(checks_url)
    rows = page.locator(".gongwen-checks-report")
    expect(rows).to_have_count(3)  # 归档 and the two checks
    expect(rows.first).to_contain_text("年度复检")
    expect(rows.first).to_contain_text("未通过")
    screenshot(page, "reports")
