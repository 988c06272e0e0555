"""R-R1, R-RUN1 in Chromium: the archivist starts 2026's 批量归档 and watches the bar reach 100%.

From 档案管理 to 批量归档: the page counts the year's finished 发文 not yet archived; 开始归档
goes to the job's page, whose bar follows the job's JSON while a real ``gongwen-worker``
(clamd for the virus scan) works through the batches; the item without its 正式文件 is
named with its reason, the others are archived with gapless 件号, the report is linked.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.archive import progress
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.record import is_archived
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.finished import finished_outgoing
from tests.support.waiting import wait_for

ARCHIVIST = "cy_archivist"
YEAR = 2026


@pytest.mark.slow
def test_r_r1_archivist_starts_a_year_and_watches_the_bar_reach_100(
    functional_portal, portal_url, clamd_socket, conversion_worker, page, screenshot, monkeypatch
):
    monkeypatch.setattr(progress, "BATCH_SIZE", 1)  # several batches: the bar moves
    documents = [
        finished_outgoing(functional_portal, n, year=YEAR, typeset=n != 3) for n in range(1, 6)
    ]
    transaction.commit()

    log_in(page, portal_url, ARCHIVIST)
    page.goto(f"{portal_url}/changyuan/archive?year={YEAR}")
    page.click("[data-screen=gongwen-archive-year] a")
    expect(page.locator("h1")).to_have_text(f"长垣河务局 {YEAR}年度批量归档")
    expect(page.locator(".gongwen-archive-year-waiting strong")).to_have_text("5")
    screenshot(page, "year")
    page.click(".gongwen-archive-year-start button")

    bar = page.locator(".gongwen-archive-job-bar")
    expect(bar).to_have_count(1)
    screenshot(page, "started")
    expect(page.locator(".gongwen-archive-job-report")).to_have_count(1, timeout=WORKER_TIMEOUT)
    expect(bar).to_have_text("100%")
    expect(page.locator(".gongwen-archive-job-state")).to_have_text("已完成")
    expect(page.locator(".gongwen-archive-job-done")).to_have_text("4")
    expect(page.locator(".gongwen-archive-job-failed")).to_have_text("1")
    failed = page.locator(".gongwen-archive-job-failed-item")
    expect(failed).to_have_count(1)
    expect(failed).to_have_text(f"长河〔{YEAR}〕3号 {documents[2].Title()}")
    expect(page.locator(".gongwen-archive-job-failures")).to_contain_text("缺少正式文件")
    screenshot(page, "done")

    assert wait_for(lambda: all(is_archived(d) for i, d in enumerate(documents) if i != 2))
    numbers = [archive_info(d)["item_number"] for i, d in enumerate(documents) if i != 2]
    assert numbers == [1, 2, 3, 4]
    assert not is_archived(documents[2])

    # The page of the year now counts the one left and lists the job.
    page.goto(f"{portal_url}/changyuan/archive/@@gongwen-archive-year?year={YEAR}")
    expect(page.locator(".gongwen-archive-year-waiting strong")).to_have_text("1")
    expect(page.locator(".gongwen-archive-year-jobs tbody tr")).to_have_count(1)
    screenshot(page, "after")
