"""R-D6 in Chromium with a real worker and real LibreOffice: the print room (文印室, cy_print)
清稿s the Word 正文 before 登记编号, and the 正式文件 is typeset from it.

A 下行文 whose 正文 is a .docx with a numbered heading and a table — drafted with 李四's
insertion tracked, then 签入ed by the department head as 第2版 with 王五's deletion, a comment
and a row more — was signed and waits at 文印室登记编号排版. The print room presses 登记编号
and is refused (「Word 正文尚未清稿：请先清稿，再登记编号。」); it looks at the tracked changes
(who changed what) and presses 清稿: 「正文清稿中…」 until the worker's LibreOffice has
accepted every change and removed the comment, then the page reloads by itself with 第3版
(清稿) and 登记编号 goes through; the 正式文件 the worker typesets holds the Word 正文's
heading, paragraph and table, and the 发文稿纸 names the version signed. 第1版 and 第2版
are compared side by side, the head's changes marked.
"""

import io

import pdfplumber
import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.content import body
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import is_rendering
from collective.gongwen.wordbody import actions
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.browser.conftest import official_arrives
from tests.browser.conftest import routing_panel
from tests.browser.test_r_d6_word_body import NAME
from tests.browser.test_r_d6_word_body import draft_notice
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import walk_until
from tests.support.waiting import wait_for
from tests.support.wordfiles import commented
from tests.support.wordfiles import delete
from tests.support.wordfiles import heading
from tests.support.wordfiles import ins
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import paragraph
from tests.support.wordfiles import table

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def notice_docx(reviewed=False):
    """The drafter's 正文 (李四's insertion tracked); ``reviewed``: the department head's
    next version — 王五 deleted a word, a comment was left, a row added to the table."""
    rows = [["检查项目", "责任科室"], ["堤防工程", "工程管理科"]]
    if reviewed:
        rows.append(["涵闸设施", "防汛办公室"])
    return make_docx(
        [
            paragraph("局属各科室："),
            heading("检查范围和时间", level=1),
            paragraph(
                "请各科室",
                ins("于五月底前", author="李四"),
                "认真做好汛前检查工作，",
                *((delete("尽快", author="王五"),) if reviewed else ("尽快",)),
                commented("逐项落实", "请核实时间", author="李四") if reviewed else "逐项落实",
                "。",
            ),
            table(rows),
        ]
    )


def analysed(document):
    """True once the worker's analysis of the current version is stored (seen afresh)."""
    transaction.begin()
    current = body.current_record(document)
    return current is not None and current.get("analysis") is not None


@pytest.fixture
def awaiting_number(functional_portal, conversion_worker):
    """A signed 下行文 with the reviewed Word 正文 at 文印室登记编号排版, the worker running and
    the 正文 read by it."""
    document = draft_notice(functional_portal, notice_docx())
    walk_until(document, DOWNWARD_PATH, "dept_review")
    with api.env.adopt_user(username="cy_eng_head"):
        actions.check_in(document, notice_docx(reviewed=True), NAME, "cy_eng_head")
    walk_until(document, DOWNWARD_PATH[1:], "numbering")
    transaction.commit()
    assert wait_for(lambda: analysed(document), timeout=WORKER_TIMEOUT / 1000)
    return document


def messages(tab):
    return tab.locator("#gongwen-routing .portalMessage, #gongwen-messages .portalMessage")


def test_r_d6_print_room_cleans_then_numbers_and_the_official_pdf_holds_the_word_body(
    page, phone_page, portal_url, awaiting_number, screenshot
):
    document = awaiting_number
    log_in(page, portal_url, "cy_print")
    page.goto(document.absolute_url())
    panel = routing_panel(page)
    expect(panel.locator(".gongwen-routing-state")).to_have_text("文印室登记编号排版")
    expect(panel.locator(".gongwen-body-clean-help")).to_contain_text("Word 正文须先清稿")

    # 登记编号 before 清稿: refused, with what to do
    panel.get_by_role("button", name="登记编号", exact=True).click()
    expect(page.get_by_text("Word 正文尚未清稿：请先清稿，再登记编号。").first).to_be_visible()
    expect(routing_panel(page).locator(".gongwen-routing-state")).to_have_text("文印室登记编号排版")
    screenshot(page, "numbering-refused")

    # the tracked changes in the file, with their authors
    page.goto(f"{document.absolute_url()}/@@gongwen-body-versions")
    page.locator(".gongwen-body-version-changes").first.click()  # the newest: 第2版
    changes = page.locator(".gongwen-body-change-list")
    expect(changes.locator(".gongwen-body-change-author", has_text="李四")).to_have_count(1)
    expect(changes.locator(".gongwen-body-change-author", has_text="王五")).to_have_count(1)
    expect(changes.locator("ins", has_text="于五月底前")).to_have_count(1)
    expect(changes.locator("del", has_text="尽快")).to_have_count(1)
    expect(page.locator(".gongwen-body-changes-counts")).to_contain_text("批注 1 条")
    screenshot(page, "tracked-changes")

    # 清稿: the worker accepts the changes and drops the comment; the page reloads itself
    page.goto(document.absolute_url())
    routing_panel(page).get_by_role("button", name="清稿", exact=True).click()
    expect(page.get_by_text("已开始清稿").first).to_be_visible()
    expect(page.locator(".gongwen-body-clean-pending")).to_contain_text("正文清稿中…")
    screenshot(page, "cleaning")
    done = page.locator(".gongwen-body-clean-done")
    expect(done).to_have_text("Word 正文已清稿（第3版），可以登记编号。", timeout=WORKER_TIMEOUT)
    screenshot(page, "cleaned")

    # 登记编号 now goes through; the 正式文件 is typeset from the clean 正文
    routing_panel(page).get_by_role("button", name="登记编号", exact=True).click()
    expect(routing_panel(page).locator(".gongwen-routing-state")).to_have_text("办公室秘书审核发送")
    official = official_arrives(page)
    with page.expect_download() as downloading:
        official.locator("a.gongwen-download").click()
    with (
        open(downloading.value.path(), "rb") as data,
        pdfplumber.open(io.BytesIO(data.read())) as pdf,
    ):
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "一、检查范围和时间" in text
    assert "请各科室于五月底前认真做好汛前检查工作，逐项落实。" in text  # changes accepted
    assert "尽快" not in text and "请核实时间" not in text
    assert all(word in text for word in ("检查项目", "责任科室", "堤防工程", "工程管理科"))
    screenshot(page, "numbered")

    # the 发文稿纸 names the version that was signed: 第2版, the head's
    signed = body.signed_record(document)
    assert signed["number"] == 2
    assert wait_for(lambda: not is_rendering(document, SLIP), timeout=WORKER_TIMEOUT / 1000)
    with page.expect_download() as slip_download:
        routing_panel(page).locator("a.gongwen-slip-link").click()
    with (
        open(slip_download.value.path(), "rb") as data,
        pdfplumber.open(io.BytesIO(data.read())) as pdf,
    ):
        slip = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert f"第2版（签发时）· {NAME} · SHA-256 {signed['sha256'][:12]}" in slip

    # 第1版 and 第2版 side by side: what the department head changed
    page.goto(f"{document.absolute_url()}/@@gongwen-body-versions")
    versions = page.locator("tr.gongwen-body-version")
    expect(versions).to_have_count(3)
    versions.nth(2).locator("input[name=a]").check()  # 第1版 (newest first)
    versions.nth(1).locator("input[name=b]").check()  # 第2版
    page.get_by_role("button", name="比较所选两个版本").click()
    compared = page.locator(".gongwen-body-compare")
    expect(compared).to_be_visible(timeout=WORKER_TIMEOUT)
    expect(page.locator(".gongwen-body-compare-old")).to_contain_text("第1版")
    expect(page.locator(".gongwen-body-compare-old")).to_contain_text("拟稿")
    expect(page.locator(".gongwen-body-compare-new")).to_contain_text("第2版")
    expect(page.locator(".gongwen-body-compare-new")).to_contain_text("部门负责人核稿")
    expect(page.locator(".gongwen-body-legend")).to_contain_text("插入")
    expect(compared.locator("del", has_text="尽快")).to_have_count(1)
    expect(compared.locator("ins", has_text="涵闸设施")).to_have_count(1)
    screenshot(page, "compare")

    # the same comparison on a phone: the two columns fit, nothing runs off the screen
    log_in(phone_page, portal_url, "cy_print")
    phone_page.goto(page.url)
    expect(phone_page.locator(".gongwen-body-compare del", has_text="尽快")).to_have_count(1)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "compare-phone")
