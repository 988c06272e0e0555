"""R-R3 in Chromium: the archivist exports 2026's 移交包, downloads it, uploads it back and
reads the verification; a copy with one byte changed is refused naming the file.

From 档案管理 to 移交: 导出移交包 starts the job; the page follows it (its JSON) while a real
``gongwen-worker`` (clamd for the virus scan) writes, verifies and checks the package; the
download button shows with the package's SHA-256 and SM3. The downloaded ZIP goes back
through 上传并校验, and the worker's verification shows 校验通过.
"""

import io
import zipfile

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import transfer
from collective.gongwen.archive import transfer_store
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.finished import finished_outgoing
from tests.support.waiting import wait_for

ARCHIVIST = "cy_archivist"
YEAR = 2026


@pytest.mark.slow
def test_r_r3_archivist_exports_downloads_and_verifies_a_year(
    functional_portal,
    portal_url,
    clamd_socket,
    conversion_worker,
    page,
    screenshot,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv(transfer_store.DIR_ENV, str(tmp_path / "transfers"))
    unit = functional_portal["changyuan"]
    for n in range(1, 4):
        finished_outgoing(functional_portal, n, year=YEAR)
    archive_job = pipeline.start_archive(unit, ARCHIVIST, year=YEAR)
    transaction.commit()
    assert wait_for(
        lambda: progress.is_finished(jobs.job_record(archive_job)["state"]), timeout=240
    )

    log_in(page, portal_url, ARCHIVIST)
    page.goto(f"{portal_url}/changyuan/archive?year={YEAR}")
    page.click("[data-screen=gongwen-transfer] a")
    expect(page.locator("h1")).to_have_text("长垣河务局 · 档案移交")
    expect(page.locator("#transfer-year")).to_have_value(str(YEAR))
    screenshot(page, "page")
    page.click(".gongwen-transfer-export button")
    expect(page.locator(".portalMessage")).to_contain_text("已开始生成2026年度移交包")
    screenshot(page, "started")

    download_button = page.locator(".gongwen-transfer-download")
    expect(download_button).to_have_count(1, timeout=WORKER_TIMEOUT)
    row = page.locator(".gongwen-transfer-export-row").first
    expect(row.locator(".gongwen-transfer-state")).to_have_text("已完成")
    transaction.begin()  # see what the portal committed since
    expect(row.locator(".gongwen-transfer-sha256")).to_have_text(
        jobs.job_record(row.get_attribute("data-job"))["result"]["sha256"]
    )
    screenshot(page, "built")
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == "移交包-118-2026.zip"
    package = tmp_path / "download.zip"
    download.value.save_as(package)
    work = tmp_path / "work"
    work.mkdir()
    assert len(transfer.verify_package(str(package), str(work)).items) == 3

    # uploaded back: the worker verifies it, the page says so
    page.set_input_files("#transfer-package", str(package))
    page.click(".gongwen-transfer-import button")
    expect(page.locator(".portalMessage")).to_contain_text("正在校验")
    expect(page.locator(".gongwen-transfer-passed")).to_have_count(1, timeout=WORKER_TIMEOUT)
    expect(page.locator(".gongwen-transfer-import-row").first).to_contain_text("3 件")
    screenshot(page, "verified")

    # one byte changed in one file: refused, the file named
    with zipfile.ZipFile(package) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    victim = next(name for name in members if "附件1" in name and name.endswith(".txt"))
    changed = bytearray(members[victim])
    changed[0] ^= 0x01
    members[victim] = bytes(changed)
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    path = tmp_path / "tampered.zip"
    path.write_bytes(tampered.getvalue())
    page.set_input_files("#transfer-package", str(path))
    page.click(".gongwen-transfer-import button")
    refused = page.locator(".gongwen-transfer-import-row .gongwen-transfer-error")
    expect(refused).to_have_count(1, timeout=WORKER_TIMEOUT)
    expect(refused).to_contain_text(victim)
    screenshot(page, "refused")
