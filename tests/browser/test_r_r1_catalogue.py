"""R-R1 in Chromium: the archivist opens 档案管理 from the front page, asks for the 2026
归档文件目录, a real worker makes it, and both the PDF and the Excel are downloaded."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
import transaction
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKER_TIMEOUT = 120_000


@pytest.fixture
def archived(functional_portal, conversion_worker):
    """Two 发文 of 长垣河务局 archived (one 永久), committed; the worker running."""
    first = sent_outgoing(functional_portal, title="关于做好汛前检查的通知")
    second = sent_outgoing(functional_portal, title="关于印发防汛值班制度的通知")
    infos = [archive_as(first), archive_as(second, retention="permanent")]
    transaction.commit()
    return infos


def test_r_r1_archivist_prints_the_year_catalogue(page, portal_url, archived, screenshot):
    infos = archived
    year = infos[0]["year"]
    log_in(page, portal_url, "cy_archivist")
    page.goto(f"{portal_url}/changyuan")
    page.locator(".gongwen-unit-nav-archive a").first.click()
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("档案管理")
    row = page.locator(f"tr.gongwen-archive-year[data-year='{year}']")
    expect(row.locator(".gongwen-count-archived")).to_have_text("2")
    expect(page.locator("tr.gongwen-archive-item")).to_have_count(2)
    screenshot(page, "home")

    page.locator("[data-screen=gongwen-archive-catalogue] a").click()
    expect(page.locator("h1.documentFirstHeading")).to_contain_text(f"{year}年度归档文件目录")
    # the page asked for it; the worker's 目录 arrives without a reload by hand
    pdf_link = page.locator("a.gongwen-catalogue-pdf")
    expect(pdf_link).to_be_visible(timeout=WORKER_TIMEOUT)
    expect(page.locator(".gongwen-catalogue-fresh")).to_be_visible()
    screenshot(page, "catalogue")

    with page.expect_download() as pdf_download:
        pdf_link.click()
    data = Path(pdf_download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf_download.value.suggested_filename.endswith(f"{year}年度归档文件目录.pdf")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    for info in infos:
        assert info["archival_code"] in text

    with page.expect_download() as xlsx_download:
        page.locator("a.gongwen-catalogue-xlsx").click()
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    codes = [
        line[1]
        for name in book.sheetnames
        for line in book[name].iter_rows(min_row=4, values_only=True)
    ]
    assert sorted(codes) == sorted(info["archival_code"] for info in infos)
