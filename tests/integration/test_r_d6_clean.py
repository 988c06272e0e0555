"""R-D6 清稿 on the Plone layer: who may ask for it (``wordbody.actions.request_clean``), the
button in the 办理 panel and its POST, and the compare and tracked-changes pages.

The worker side (LibreOffice accepting the changes, the analysis, the comparison) is the
workers' tests' and the browser walk's; here the job is only asked for, and the results a
worker posts are stored with the functions its endpoints call.
"""

import pytest
from plone import api
from zExceptions import MethodNotAllowed
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.content.body import BodyError
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import jobs
from tests.integration.test_files_panel import messages
from tests.integration.test_r_o6_word_body import analysed
from tests.integration.test_r_o6_word_body import docx
from tests.integration.test_r_o6_word_body import store
from tests.integration.test_r_o6_word_body import word_document
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import walk_until
from tests.support.views import post_as
from tests.support.views import render_as
from tests.support.wordfiles import paragraph

PRINT_ROOM = "cy_print"


@pytest.fixture
def numbering(portal):
    """A signed 下行文 with a Word 正文 (one tracked change, analysed) at 登记编号."""
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return walk_until(word_document(portal), DOWNWARD_PATH, "numbering")


def test_r_d6_the_print_room_asks_for_the_clean_once(numbering):
    assert actions.clean_refusal(numbering, PRINT_ROOM) is None
    assert actions.request_clean(numbering, PRINT_ROOM) is True
    assert actions.clean_pending(numbering)
    # asked again while the worker has it: nothing new
    assert actions.request_clean(numbering, PRINT_ROOM) is False
    assert jobs.job_record(numbering, jobs.CLEAN)["actor"] == PRINT_ROOM


def test_r_d6_no_check_out_or_in_while_the_clean_is_pending(numbering):
    _view, before = render_as(numbering, "gongwen-body-panel", PRINT_ROOM)
    assert "gongwen-word-body-checkout" in before
    assert actions.request_clean(numbering, PRINT_ROOM)
    # the panel offers neither 签出编辑 nor 签入 (actions.may_edit says no), only 下载 and 版本记录
    _view, output = render_as(numbering, "gongwen-body-panel", PRINT_ROOM)
    assert "gongwen-word-body-checkout" not in output
    assert "gongwen-word-body-checkin" not in output
    assert "gongwen-word-body-download" in output
    assert not actions.may_edit(numbering, PRINT_ROOM)
    # and the actions refuse them, whatever the entry point
    with pytest.raises(BodyError) as refused:
        actions.check_out(numbering, PRINT_ROOM)
    assert refused.value.message.default == "正文清稿中：请待清稿完成后再签出编辑或签入。"
    with pytest.raises(BodyError):
        actions.check_in(numbering, docx(paragraph("清稿时签入。")), "正文.docx", PRINT_ROOM)
    assert body.lock_of(numbering) is None


@pytest.mark.parametrize("user", ["cy_secretary1", "cy_leader2", "cy_eng_staff"])
def test_r_d6_only_the_step_holder_cleans(numbering, user):
    with pytest.raises(BodyError) as refused:
        actions.request_clean(numbering, user)
    assert refused.value.message.default == "只有当前环节的办理人可以修改正文。"
    assert not actions.clean_pending(numbering)


def test_r_d6_clean_waits_for_the_analysis_of_the_current_version(numbering):
    record = store(numbering, docx(paragraph("再改一处。")), "checkin", PRINT_ROOM, "numbering")
    assert record["analysis"] is None
    with pytest.raises(BodyError) as refused:
        actions.request_clean(numbering, PRINT_ROOM)
    assert "还在分析中" in refused.value.message.default
    body.set_analysis(numbering, record["version"], {"state": "failed", "reason": "文件已损坏"})
    with pytest.raises(BodyError) as refused:
        actions.request_clean(numbering, PRINT_ROOM)
    assert "无法读取" in refused.value.message.default


def test_r_d6_clean_refused_before_numbering(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = walk_until(word_document(portal), DOWNWARD_PATH, "leader_sign")
    with pytest.raises(BodyError) as refused:
        actions.request_clean(document, "cy_leader2")
    assert refused.value.message.default == "只有文印室登记编号时可以清稿。"


def test_r_d6_the_clean_button_is_the_print_rooms(numbering):
    _view, output = render_as(numbering, "gongwen-body-clean-button", PRINT_ROOM)
    assert "gongwen-body-clean-button" in output
    assert "清稿" in output
    assert "@@gongwen-body-clean" in output
    # shown in the 办理 panel, above 登记编号
    _view, panel = render_as(numbering, "gongwen-action-panel", PRINT_ROOM)
    assert panel.index("gongwen-body-clean-button") < panel.index('value="number"')
    for user in ("cy_eng_staff", "cy_leader2"):  # readers who do not hold the step
        assert render_as(numbering, "gongwen-body-clean-button", user)[1].strip() == ""


def test_r_d6_the_clean_post_queues_it_and_says_so(numbering):
    request = numbering.REQUEST
    post_as(numbering, "gongwen-body-clean", PRINT_ROOM)
    shown = messages(request)
    assert shown == ["已开始清稿（接受全部修订、删除批注），完成后生成第 2 版，本页自动刷新。"]
    assert actions.clean_pending(numbering)
    # the page says it is under way and waits for it
    _view, output = render_as(numbering, "gongwen-body-clean-button", PRINT_ROOM)
    assert "正文清稿中…" in output
    assert "body-wait.js" in output
    progress = render_as(numbering, "gongwen-progress", PRINT_ROOM)[1]
    assert "body_clean" in progress


def test_r_d6_the_clean_post_refused_shows_why(numbering):
    post_as(numbering, "gongwen-body-clean", "cy_leader2")
    assert messages(numbering.REQUEST) == ["只有当前环节的办理人可以修改正文。"]
    assert not actions.clean_pending(numbering)


def test_r_d6_the_clean_post_is_post_only(numbering):
    with api.env.adopt_user(username=PRINT_ROOM):
        view = numbering.restrictedTraverse("@@gongwen-body-clean")
        with pytest.raises(MethodNotAllowed):
            view()


def test_r_d6_a_clean_body_says_it_may_be_numbered(numbering):
    record = store(numbering, docx(paragraph("清稿后的正文。")), "clean", PRINT_ROOM, "numbering")
    analysed(numbering, record)
    _view, output = render_as(numbering, "gongwen-body-clean-button", PRINT_ROOM)
    assert "Word 正文已清稿（第2版），可以登记编号。" in output
    assert "gongwen-body-clean-button" not in output


# The compare and tracked-changes pages ---------------------------------------------------


def two_versions(document):
    first = body.body_records(document)[0]
    second = store(document, docx(paragraph("改过的正文。")), "checkin", PRINT_ROOM, "numbering")
    return first["version"], second["version"]


def refused_compare(document, **form):
    """The compare page refusing ``form`` with a 400: its output."""
    _view, output = render_as(document, "gongwen-body-compare", "cy_eng_staff", **form)
    assert document.REQUEST.response.getStatus() == 400
    document.REQUEST.response.setStatus(200)
    return output


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"a": "0"},
        {"a": "x", "b": "1"},
        {"a": "-1", "b": "1"},
        {"a": "0", "b": "99"},
        {"a": "0", "b": "1" * 40},
        {"a": ["0", "1"], "b": "1"},
        {"a": "０", "b": "1"},
    ],
)
def test_r_d6_compare_parameters_bounded(numbering, form):
    two_versions(numbering)
    assert "应为本文 Word 正文的一个版本" in refused_compare(numbering, **form)


def test_r_d6_compare_a_version_with_itself_refused(numbering):
    a, _b = two_versions(numbering)
    assert "请选择两个不同的版本进行比较。" in refused_compare(numbering, a=str(a), b=str(a))


def test_r_d6_compare_asks_a_worker_then_shows_the_result(numbering):
    a, b = two_versions(numbering)
    # newer first in the link: the older is still on the left
    _view, output = render_as(numbering, "gongwen-body-compare", "cy_eng_staff", a=str(b), b=str(a))
    assert "正在比较…" in output
    assert numbering.REQUEST.response.getHeader("Refresh") == "3"
    assert jobs.compare_result(numbering, a, b)["state"] == "pending"
    rows = (
        "<table><tr><td>请各部门<del>认真</del></td><td>请各部门<ins>切实</ins></td></tr></table>"
    )
    jobs.store_compare(numbering, a, b, "done", html=rows)
    _view, output = render_as(numbering, "gongwen-body-compare", "cy_eng_staff", a=str(a), b=str(b))
    assert "正在比较" not in output
    assert rows in output
    assert "插入" in output and "删除" in output
    heads = output.index("第1版"), output.index("第2版")
    assert heads[0] < heads[1]
    assert "上传" in output and "签入" in output


def test_r_d6_compare_failure_shows_the_reason(numbering):
    a, b = two_versions(numbering)
    jobs.store_compare(numbering, a, b, "failed", reason="文件已损坏，无法读取。")
    _view, output = render_as(numbering, "gongwen-body-compare", "cy_eng_staff", a=str(a), b=str(b))
    assert "无法比较这两个版本：文件已损坏，无法读取。" in output


def test_r_d6_changes_page_lists_the_tracked_changes_with_authors(numbering):
    record = body.current_record(numbering)
    analysis = {
        "state": "done",
        "revisions": 2,
        "comments": 1,
        "accepted_sha256": "a" * 64,
        "changes": [
            {"author": "李四", "date": "2026-12-06T02:30:00Z", "kind": "ins", "text": "认真"},
            {"author": "王五", "date": "not a date", "kind": "del", "text": "<b>尽快</b>"},
        ],
    }
    body.set_analysis(numbering, record["version"], analysis)
    view, output = render_as(
        numbering, "gongwen-body-changes", "cy_eng_staff", version=str(record["version"])
    )
    assert "文件中保留修订 2 处、批注 1 条。" in output
    assert "<ins>认真</ins>" in output
    assert "李四" in output and "王五" in output
    assert "2026-12-06 10:30" in output  # the portal's zone
    assert "&lt;b&gt;尽快&lt;/b&gt;" in output  # the file's text is text


def test_r_d6_changes_page_waits_for_the_analysis(numbering):
    record = store(numbering, docx(paragraph("再改一处。")), "checkin", PRINT_ROOM, "numbering")
    _view, output = render_as(
        numbering, "gongwen-body-changes", "cy_eng_staff", version=str(record["version"])
    )
    assert "正在分析…" in output
    assert numbering.REQUEST.response.getHeader("Refresh") == "3"


@pytest.mark.parametrize("version", ["", "abc", "99", "1.5", "1" * 12])
def test_r_d6_changes_page_parameter_bounded(numbering, version):
    _view, output = render_as(numbering, "gongwen-body-changes", "cy_eng_staff", version=version)
    assert numbering.REQUEST.response.getStatus() == 400
    assert "参数 version 应为本文 Word 正文的一个版本。" in output
    numbering.REQUEST.response.setStatus(200)
