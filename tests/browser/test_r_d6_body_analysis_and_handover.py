"""R-D6 in Chromium with a real worker: 「分析中…」 turns into the counts by itself, and the
holder who hands the 发文 on with the 正文 still checked out is warned, then released.

The drafter (cy_eng_staff) uploads the 通知's .docx (李四's insertion tracked) and starts
writing his 办理意见 while the 正文 panel says 「分析中…」; a worker is started, and the panel
— only the panel, his half-written opinion stays — shows 「修订 1 处 · 批注 0 条」. He
签出编辑s it and, with his check-out open, sees above 提交 「您签出的正文尚未签入：……」. He
submits all the same: the department head (cy_eng_head) finds the 正文 free to check out.
"""

from pathlib import Path

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel
from tests.browser.test_r_d6_word_body import NAME
from tests.browser.test_r_d6_word_body import draft_notice
from tests.conftest import _QUEUE_DIR
from tests.support.wordfiles import heading
from tests.support.wordfiles import ins
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import paragraph
from tests.support.workers import running_worker

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WARNING = "您签出的正文尚未签入：请先签入修改后的正文，否则转交后签出作废。"


@pytest.fixture
def notice(functional_portal):
    from collective.gongwen.jobs.queue import huey

    huey.flush()  # what other tests left in the queue; this test starts its own worker
    document = draft_notice(functional_portal)
    transaction.commit()
    return document


def test_r_d6_the_analysis_lands_in_the_panel_and_the_hand_over_warns(
    open_tab, portal_url, notice, screenshot, tmp_path
):
    from collective.gongwen.jobs.queue import huey

    docx = tmp_path / NAME
    docx.write_bytes(
        make_docx(
            [
                paragraph("局属各科室："),
                heading("检查范围", level=1),
                paragraph("请各科室", ins("于五月底前", author="李四"), "认真做好汛前检查工作。"),
            ]
        )
    )
    drafter = open_tab(**DESKTOP)
    log_in(drafter, portal_url, "cy_eng_staff")
    drafter.goto(notice.absolute_url())
    section = drafter.locator("#gongwen-body")
    section.locator("form.gongwen-word-body-upload input[type=file]").set_input_files(str(docx))
    section.get_by_role("button", name="上传正文").click()
    analysis = section.locator(".gongwen-word-body-analysis")
    expect(analysis).to_have_text("分析中…")
    expect(
        drafter.locator("#gongwen-files .gongwen-progress", has_text="正文分析中…")
    ).to_be_visible()
    opinion = routing_panel(drafter).locator("#gongwen-opinion")
    opinion.fill("请部门负责人审核。")
    screenshot(drafter, "analysing")

    try:
        with running_worker(portal_url, Path(_QUEUE_DIR) / "worker.log"):
            # the panel alone is refreshed: no reload, the half-written opinion stays
            expect(analysis).to_have_text("修订 1 处 · 批注 0 条", timeout=WORKER_TIMEOUT)
            expect(opinion).to_have_value("请部门负责人审核。")
            screenshot(drafter, "analysis-landed")
    finally:
        huey.flush()

    # 签出编辑 with the hand-over to come: the warning above 提交
    with drafter.expect_download():
        section.get_by_role("button", name="签出编辑").click()
    expect(section.locator(".gongwen-word-body-lock")).to_contain_text("您已签出编辑（至 ")
    panel = routing_panel(drafter)
    warning = panel.locator(".gongwen-body-handover-warning")
    expect(warning).to_contain_text(WARNING)
    submit = panel.get_by_role("button", name="提交", exact=True)
    assert warning.bounding_box()["y"] < submit.bounding_box()["y"]  # above the buttons
    warning.scroll_into_view_if_needed()
    screenshot(drafter, "handover-warning")

    submit.click()
    expect(drafter.get_by_text("已办理「提交」")).to_be_visible()

    head = open_tab(**DESKTOP)
    log_in(head, portal_url, "cy_eng_head")
    head.goto(notice.absolute_url())
    section = head.locator("#gongwen-body")
    expect(section.locator(".gongwen-word-body-lock")).to_have_count(0)
    expect(section.get_by_role("button", name="签出编辑")).to_be_visible()
    expect(routing_panel(head).locator(".gongwen-body-handover-warning")).to_have_count(0)
    screenshot(head, "head-finds-it-free")


def test_r_d6_the_body_file_is_not_edited_behind_the_panel(
    open_tab, portal_url, notice, screenshot
):
    """The 正文 item's own edit form (a bookmarked or guessed URL) sends the drafter back to
    the 正文 panel with the reason; the 添加附件 role list offers no 正文."""
    from plone import api

    from collective.gongwen.wordbody import actions

    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(notice, make_docx([paragraph("局属各科室：")]), NAME, "cy_eng_staff")
    transaction.commit()
    drafter = open_tab(**DESKTOP)
    log_in(drafter, portal_url, "cy_eng_staff")
    drafter.goto(f"{notice.absolute_url()}/zhengwen/edit")
    expect(drafter).to_have_url(f"{notice.absolute_url()}#gongwen-body")
    expect(
        drafter.get_by_text("Word 正文只能在处理笺的「正文」处上传、签出编辑、签入或清稿")
    ).to_be_visible()
    roles = drafter.locator("#gongwen-files select[name=file_role] option")
    expect(roles.filter(has_text="正文")).to_have_count(0)
    screenshot(drafter, "edit-refused")
