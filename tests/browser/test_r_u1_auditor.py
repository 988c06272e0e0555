"""R-U1 in Chromium: a member of staff opens a 发文 and downloads its attachment; the document's
审计记录 shows it to them (without addresses); the 安全审计员 finds both in 审计日志, filtered by
person and action, with the Chinese action names and the address, exports them as CSV and
Excel (the files read back: BOM, Chinese heading and rows) and has a real worker verify the
log on 审计日志校验."""

import csv
import io
import time

import openpyxl
import pytest
from playwright.sync_api import expect

from collective.gongwen.content import files
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing
from tests.support.rest import committed_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STAFF = ("cy_eng_staff", "何磊")
TITLE = "关于汛期值班安排的通知（审计）"
ATTACHMENT = "值班表.txt"
HEADING = [
    "序号",
    "时间",
    "人员",
    "姓名",
    "代谁",
    "单位",
    "操作",
    "对象 UID",
    "对象路径",
    "原状态",
    "新状态",
    "地址",
    "摘要",
    "标记",
    "散列",
]


@pytest.fixture
def notice(functional_portal, portal_url):
    """A 发文 drafted by 何磊 with one attachment, committed; (document, url)."""
    from plone import api

    document = draft_outgoing(functional_portal, title=TITLE, attachment_note=["值班表"])
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, "值班表内容".encode(), ATTACHMENT)
    return document, committed_url(portal_url, document)


def downloaded(page, link):
    """Click ``link`` and return the downloaded file's (name, bytes)."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as stream:
        return download.suggested_filename, stream.read()


def filter_log(page, actor, actions):
    page.fill("#gongwen-audit-actor", actor)
    page.select_option("#gongwen-audit-action", actions)
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#gongwen-audit-actor")).to_have_value(actor)


def test_r_u1_auditor_finds_filters_exports_and_verifies(
    page, portal_url, notice, conversion_worker, screenshot
):
    document, url = notice
    uid = document.UID()

    # A member of staff opens the 发文 and downloads its attachment.
    log_in(page, portal_url, STAFF[0])
    page.goto(url)
    expect(page.locator("h1")).to_contain_text(TITLE)
    name, content = downloaded(page, page.locator("#gongwen-files .gongwen-download").first)
    assert (name, content) == (ATTACHMENT, "值班表内容".encode())

    # The document's 审计记录, to whoever may see the document: their own view and download.
    page.reload()
    trail = page.locator(".gongwen-audit-trail")
    trail.locator("summary").click()
    expect(trail.locator("summary")).to_contain_text("审计记录")
    rows = trail.locator("tbody tr")
    expect(rows.filter(has_text="下载").filter(has_text=STAFF[1])).not_to_have_count(0)
    expect(rows.filter(has_text="查看").filter(has_text=STAFF[1])).not_to_have_count(0)
    expect(rows.filter(has_text="创建").first).to_be_visible()
    expect(trail.locator("th", has_text="地址")).to_have_count(0)  # addresses: auditors only
    trail.scroll_into_view_if_needed()
    screenshot(page, "trail-as-staff")
    page.goto(f"{portal_url}/logout")

    # The 安全审计员: 网站设置 → 审计日志, filtered by the person and the download.
    log_in(page, portal_url, "gw_auditor")
    page.goto(f"{portal_url}/@@overview-controlpanel")
    page.locator(".controlPanelOverview ul.configlets a", has_text="审计日志").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("审计日志")
    filter_log(page, STAFF[0], ["download"])
    entries = page.locator("tr.gongwen-audit-entry")
    expect(entries.first).to_be_visible()
    for row in entries.all():
        expect(row.locator(".gongwen-audit-action")).to_have_text("下载")
        expect(row).to_contain_text(STAFF[1])
    mine = entries.filter(has_text=ATTACHMENT.removesuffix(".txt"))
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("127.0.0.1")
    expect(mine.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "log-download")

    # … and by two actions: the view and the download, each with its Chinese name.
    filter_log(page, STAFF[0], ["view", "download"])
    ours = entries.filter(has=page.get_by_role("link", name=TITLE))
    expect(ours.filter(has_text="查看")).not_to_have_count(0)
    expect(ours.filter(has_text="下载")).to_have_count(1)
    shown = page.locator(".gongwen-audit-action").all_inner_texts()
    assert set(shown) == {"查看", "下载"}, shown
    screenshot(page, "log-view-and-download")

    # CSV: UTF-8 with BOM, the Chinese heading, the filtered rows only.
    name, data = downloaded(page, page.locator(".gongwen-audit-export-csv"))
    assert name.endswith(".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == HEADING
    body = [dict(zip(HEADING, row, strict=True)) for row in table[1:]]
    assert body and {row["人员"] for row in body} == {STAFF[0]}
    assert {row["操作"] for row in body} == {"查看", "下载"}
    assert {row["姓名"] for row in body} == {STAFF[1]}
    ours_csv = [row for row in body if row["对象 UID"] == uid]
    assert {row["操作"] for row in ours_csv} == {"查看", "下载"}
    assert all(row["地址"] == "127.0.0.1" for row in ours_csv)
    assert any(ATTACHMENT.removesuffix(".txt") in row["摘要"] for row in ours_csv)

    # Excel: the same heading and rows.
    name, data = downloaded(page, page.locator(".gongwen-audit-export-xlsx"))
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    assert cells[0] == HEADING
    assert sorted(row[0] for row in cells[1:]) == sorted(row["序号"] for row in body)
    assert {row[6] for row in cells[1:]} == {"查看", "下载"}

    # 审计日志校验: queued on the workers, the result shown on the page.
    page.locator(".gongwen-audit-verify-link").click()
    expect(page.locator("h1.documentFirstHeading")).to_have_text("校验审计日志")
    page.locator(".gongwen-audit-verify-run").click()
    expect(page.locator(".gongwen-audit-verify-message")).to_contain_text("已交后台校验")
    screenshot(page, "verify-queued")
    ok = page.locator(".gongwen-audit-verify-ok")
    deadline = time.monotonic() + WORKER_TIMEOUT / 1000
    while not ok.count() and time.monotonic() < deadline:
        time.sleep(1)
        page.goto(f"{portal_url}/@@gongwen-audit-verify")  # as the page says: refresh to see
    expect(ok).to_contain_text("审计日志完好")
    expect(page.locator(".gongwen-audit-verify-status")).to_contain_text("骆思远")  # not the id
    screenshot(page, "verify-done")

    # The exports and the verification are the auditor's own entries.
    page.goto(f"{portal_url}/@@gongwen-audit-log")
    filter_log(page, "gw_auditor", ["audit_export", "audit_verify"])
    shown = page.locator(".gongwen-audit-action").all_inner_texts()
    assert {"导出审计日志", "校验审计日志"} <= set(shown), shown
    screenshot(page, "log-auditor-own")
