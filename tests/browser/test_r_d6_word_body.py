"""R-D6 in Chromium: the Word 正文 uploaded, checked out and in, and the lock two holders meet.

The drafter (cy_eng_staff) uploads the 通知's .docx on the 处理笺, 签出编辑 downloads it, a
changed file is 签入ed as 第2版, and the draft is 提交ed (R-D5: the Word 正文 is its electronic
body). The department head (cy_eng_head) sees 第2版 with who saved it at which step, and its
版本记录. At 办公室负责人把关 both office heads hold the step: cy_office_head checks it out,
and cy_office_deputy — on the desktop and on a phone — is told who holds it and until when,
with no 签出编辑 or 签入 to press.
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.conftest import PHONE
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.wordfiles import heading
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import paragraph
from tests.support.wordfiles import table

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"
NAME = "关于做好汛前检查的通知.docx"


def notice_docx(extra=""):
    return make_docx(
        [
            paragraph("各科室："),
            heading("检查范围", level=1),
            paragraph("请各科室认真做好汛前检查工作。" + extra),
            table([["单位", "责任人"], ["工程科", "张三"]]),
        ]
    )


def draft_notice(portal, data=None):
    """The drafter's 通知 to 局属各科室 without rich text (the Word 正文 tests' document); with
    ``data``, its Word 正文 uploaded by the drafter."""
    from plone import api

    from collective.gongwen.wordbody import actions

    document = draft_outgoing(portal, title=TITLE, text=None, main_recipients=["局属各科室"])
    if data is not None:
        with api.env.adopt_user(username="cy_eng_staff"):
            actions.upload_body(document, data, NAME, "cy_eng_staff")
    return document


@pytest.fixture
def notice(functional_portal):
    document = draft_notice(functional_portal)
    transaction.commit()
    return document


def body_section(tab):
    return tab.locator("#gongwen-body")


def test_r_d6_drafter_uploads_checks_out_and_in_then_the_head_sees_version_2(
    open_tab, portal_url, notice, screenshot, tmp_path
):
    first = tmp_path / NAME
    first.write_bytes(notice_docx())
    second = tmp_path / "second" / NAME
    second.parent.mkdir()
    second.write_bytes(notice_docx("检查结果于6月1日前报局办公室。"))

    drafter = open_tab(**DESKTOP)
    log_in(drafter, portal_url, "cy_eng_staff")
    drafter.goto(notice.absolute_url())
    section = body_section(drafter)
    expect(section.get_by_text("或上传 Word 或 WPS 正文")).to_be_visible()
    screenshot(drafter, "draft-without-body")
    section.locator("form.gongwen-word-body-upload input[type=file]").set_input_files(str(first))
    section.get_by_role("button", name="上传正文").click()
    expect(section.get_by_text(f"正文已保存为第 1 版（{NAME}）。")).to_be_visible()
    expect(section.locator("form.gongwen-word-body-upload")).to_have_count(0)
    expect(section.locator(".gongwen-word-body-number")).to_have_text("第1版")
    expect(section.locator(".gongwen-word-body-analysis")).to_have_text("分析中…")

    # 签出编辑: the file itself, then the 正文 panel alone shows the lock and the 签入 form —
    # no reload: the 办理意见 being written stays
    opinion = routing_panel(drafter).locator("#gongwen-opinion")
    opinion.fill("请部门负责人审核")
    drafter.evaluate("window.gongwenNoReload = true")
    with drafter.expect_download() as download:
        section.get_by_role("button", name="签出编辑").click()
    assert download.value.suggested_filename == NAME
    assert download.value.path().read_bytes() == first.read_bytes()
    expect(section.get_by_text("已签出正文，文件已开始下载")).to_be_visible()
    lock = section.locator(".gongwen-word-body-lock")
    expect(lock).to_contain_text("您已签出编辑（至 ")
    expect(section.get_by_role("button", name="取消签出")).to_be_visible()
    expect(section.locator("form.gongwen-word-body-checkin")).to_be_visible()
    expect(opinion).to_have_value("请部门负责人审核")
    assert drafter.evaluate("window.gongwenNoReload") is True
    screenshot(drafter, "checked-out")

    # the same file again is refused; the changed one is 第2版
    checkin = section.locator("form.gongwen-word-body-checkin")
    checkin.locator("input[type=file]").set_input_files(str(first))
    checkin.get_by_role("button", name="签入", exact=True).click()
    expect(section.get_by_text("签入的文件与当前版本相同，未保存新版本。")).to_be_visible()
    checkin = section.locator("form.gongwen-word-body-checkin")  # still checked out
    checkin.locator("input[type=file]").set_input_files(str(second))
    checkin.get_by_role("button", name="签入", exact=True).click()
    expect(section.get_by_text(f"正文已保存为第 2 版（{NAME}）。")).to_be_visible()
    expect(section.locator(".gongwen-word-body-lock")).to_have_count(0)
    screenshot(drafter, "checked-in")

    # R-D5: the Word 正文 is the electronic body — 提交 goes through
    routing_panel(drafter).get_by_role("button", name="提交", exact=True).click()
    expect(drafter.get_by_text("已办理「提交」")).to_be_visible()

    head = open_tab(**DESKTOP)
    log_in(head, portal_url, "cy_eng_head")
    head.goto(notice.absolute_url())
    section = body_section(head)
    expect(section.locator(".gongwen-word-body-number")).to_have_text("第2版")
    expect(section.locator(".gongwen-word-body-saved")).to_contain_text("拟稿环节签入")
    expect(section.get_by_role("button", name="签出编辑")).to_be_visible()
    expect(section.locator("form.gongwen-word-body-checkin")).to_have_count(0)  # 签出 first
    # the 文件 panel lists it as 正文, never as an 附件, without 替换
    row = head.locator("#gongwen-files tr.gongwen-file[data-id=zhengwen]")
    expect(row.locator(".gongwen-file-role")).to_have_text("正文")
    expect(row.locator("form.gongwen-replace")).to_have_count(0)
    screenshot(head, "head-sees-version-2")

    section.get_by_role("link", name="版本记录").click()
    versions = head.locator("tr.gongwen-body-version")
    expect(versions).to_have_count(2)
    expect(versions.first.locator(".gongwen-body-version-number")).to_contain_text("第2版")
    expect(versions.first.locator(".gongwen-body-version-kind")).to_have_text("签入")
    expect(versions.last.locator(".gongwen-body-version-kind")).to_have_text("上传")
    expect(versions.last.locator(".gongwen-body-version-step")).to_have_text("拟稿")
    expect(head.get_by_role("button", name="比较所选两个版本")).to_be_visible()
    screenshot(head, "versions")
    # on a phone, each version is a card
    phone = open_tab(**PHONE)
    log_in(phone, portal_url, "cy_eng_head")
    phone.goto(head.url)
    card = phone.locator("tr.gongwen-body-version").first
    expect(card).to_be_visible()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(phone, "versions-phone")


@pytest.fixture
def at_office_review(functional_portal):
    document = draft_notice(functional_portal, notice_docx())
    walk_until(document, DOWNWARD_PATH, "office_review")
    transaction.commit()
    return document


def test_r_d6_two_office_heads_meet_the_lock(open_tab, portal_url, at_office_review, screenshot):
    office = open_tab(**DESKTOP)
    log_in(office, portal_url, "cy_office_head")
    office.goto(at_office_review.absolute_url())
    with office.expect_download():
        body_section(office).get_by_role("button", name="签出编辑").click()
    expect(body_section(office).locator(".gongwen-word-body-lock")).to_contain_text("您已签出编辑")

    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        deputy = open_tab(**options)
        log_in(deputy, portal_url, "cy_office_deputy")
        deputy.goto(at_office_review.absolute_url())
        section = body_section(deputy)
        lock = section.locator(".gongwen-word-body-lock")
        expect(lock).to_contain_text("签出编辑中（至 ")
        expect(section.get_by_role("button", name="签出编辑")).to_have_count(0)
        expect(section.locator("form.gongwen-word-body-checkin")).to_have_count(0)
        expect(section.get_by_role("link", name="下载")).to_be_visible()
        lock.scroll_into_view_if_needed()
        if name == "phone":
            box = section.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(deputy, f"deputy-sees-lock-{name}")

    # the holder gives it up: the deputy may check it out
    body_section(office).get_by_role("button", name="取消签出").click()
    expect(office.get_by_text("已取消签出，正文未修改。")).to_be_visible()
    deputy.reload()
    expect(body_section(deputy).get_by_role("button", name="签出编辑")).to_be_visible()
