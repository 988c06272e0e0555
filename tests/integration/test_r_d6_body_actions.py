"""R-D6 on the Plone layer: uploading, checking out and in the Word 正文 (wordbody/actions.py),
its panel on the 处理笺, the 版本记录 page, and what it means for R-D4 and R-D5.

The drafter uploads at 拟稿; then whoever holds the step checks it out (a lock that
expires) and checks a new version in; two office heads holding 办公室负责人把关 meet the lock.
"""

import datetime

import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.content import files
from collective.gongwen.content.settings import SETTINGS_PREFIX
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.wordbody import actions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import body as rich_body
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.uploads import file_upload
from tests.support.views import post_as
from tests.support.views import render_as
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import simple_docx

FIRST = simple_docx("各单位：", "请认真做好汛前检查工作。")
SECOND = simple_docx("各单位：", "请认真做好汛前检查和隐患整改工作。")
THIRD = simple_docx("各单位：", "请于6月1日前认真做好汛前检查和隐患整改工作。")
NAME = "关于做好汛前检查的通知.docx"


@pytest.fixture
def layer_request(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return portal.REQUEST


@pytest.fixture
def document(portal, layer_request):
    """A 通知 drafted by cy_eng_staff without rich-text 正文."""
    return draft_outgoing(portal, text=None, main_recipients=["局属各科室"])


def upload(document, data=FIRST, filename=NAME, user="cy_eng_staff"):
    with api.env.adopt_user(username=user):
        return actions.upload_body(document, data, filename, user)


def check_out(document, user):
    with api.env.adopt_user(username=user):
        return actions.check_out(document, user)


def check_in(document, data, user, filename=NAME):
    with api.env.adopt_user(username=user):
        return actions.check_in(document, data, filename, user)


def refused(call, *args):
    with pytest.raises(body.BodyError) as caught:
        call(*args)
    return caught.value.message


def text_of(message):
    from zope.i18n import translate

    return translate(message, target_language="zh_CN")


# --- upload ------------------------------------------------------------------------------


def test_r_d6_drafter_uploads_the_first_version(document):
    record = upload(document)
    assert (record["number"], record["kind"], record["step"]) == (1, "upload", "draft")
    assert record["actor"] == "cy_eng_staff"
    assert record["actor_name"] != "cy_eng_staff"  # the full name
    assert record["step_title"] == "拟稿"
    assert body.body_item(document).file.data == FIRST


def test_r_d6_upload_refusals_store_nothing(portal, document):
    # another user, not holding 拟稿
    message = refused(upload, document, FIRST, NAME, "cy_eng_head")
    assert "办理人" in text_of(message)
    # a macro-enabled file, a renamed PDF, an old .doc
    macro = make_docx([], macro=True)
    assert "宏" in text_of(refused(upload, document, macro, "通知.docx"))
    assert "不符" in text_of(refused(upload, document, b"%PDF-1.7\n%%EOF\n", "通知.docx"))
    assert ".docx" in text_of(refused(upload, document, FIRST, "通知.doc"))
    assert body.body_item(document) is None
    assert body.body_records(document) == []
    # a 发文 with rich text
    rich = draft_outgoing(portal, text=rich_body())
    assert "正文只能有一种" in text_of(refused(upload, rich))
    # a second upload: 签出/签入 instead
    upload(document)
    assert "签出编辑" in text_of(refused(upload, document, SECOND))


# --- check-out, check-in, the lock --------------------------------------------------------


def test_r_d6_check_out_and_in_makes_a_version_at_the_step(document):
    upload(document)
    lock, item = check_out(document, "cy_eng_staff")
    assert lock["holder"] == "cy_eng_staff" and item.getId() == body.BODY_ID
    hours = datetime.datetime.fromisoformat(lock["until"]) - datetime.datetime.fromisoformat(
        lock["since"]
    )
    assert hours == datetime.timedelta(hours=4)  # the registry's default
    assert "相同" in text_of(refused(check_in, document, FIRST, "cy_eng_staff"))
    record = check_in(document, SECOND, "cy_eng_staff")
    assert (record["number"], record["kind"], record["version"]) == (2, "checkin", 1)
    assert body.lock_of(document) is None  # released
    # the next step's holder edits; the drafter no longer may
    walk_until(document, DOWNWARD_PATH, "dept_review")
    assert "办理人" in text_of(refused(check_out, document, "cy_eng_staff"))
    check_out(document, "cy_eng_head")
    record = check_in(document, THIRD, "cy_eng_head")
    assert (record["number"], record["step"], record["step_title"]) == (
        3,
        "dept_review",
        "部门负责人核稿",
    )
    assert [r["actor"] for r in body.body_records(document)] == [
        "cy_eng_staff",
        "cy_eng_staff",
        "cy_eng_head",
    ]


def test_r_d6_two_holders_meet_the_lock(document):
    upload(document)
    walk_until(document, DOWNWARD_PATH, "office_review")
    check_out(document, "cy_office_head")
    caught = pytest.raises(body.BodyLocked, check_out, document, "cy_office_deputy")
    message = text_of(caught.value.message)
    assert message.startswith("正文已由 ")
    assert "签出编辑" in message and "请待其签入后再编辑" in message
    with pytest.raises(body.BodyLocked):
        check_in(document, SECOND, "cy_office_deputy")
    with pytest.raises(body.BodyLocked), api.env.adopt_user(username="cy_office_deputy"):
        actions.cancel_check_out(document, "cy_office_deputy")
    with api.env.adopt_user(username="cy_office_head"):
        actions.cancel_check_out(document, "cy_office_head")
    assert body.lock_of(document) is None
    check_out(document, "cy_office_deputy")  # now free


def test_r_d6_a_lock_expires_and_a_former_holder_s_lock_does_not_block(document):
    upload(document)
    check_out(document, "cy_eng_staff")
    walk_until(document, DOWNWARD_PATH, "dept_review")  # submitted without checking in
    assert actions.effective_lock(document) is None
    lock, _ = check_out(document, "cy_eng_head")
    assert lock["holder"] == "cy_eng_head"
    # an expired lock is no lock
    body.take_lock(
        document, "cy_eng_head", "李科", 1, now=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert body.lock_of(document) is None


def test_r_d6_registry_lock_hours_bounded(document):
    upload(document)
    api.portal.set_registry_record(f"{SETTINGS_PREFIX}.body_lock_hours", 8)
    lock, _ = check_out(document, "cy_eng_staff")
    since = datetime.datetime.fromisoformat(lock["since"])
    assert datetime.datetime.fromisoformat(lock["until"]) - since == datetime.timedelta(hours=8)


def cleaned(document):
    """What the 清稿 job posts (wordbody.worker): a 清稿 version without changes or comments."""
    with api.env.adopt_user(username="cy_print"):
        record = body.put_body(
            document, THIRD, NAME, body.KIND_CLEAN, "cy_print", "numbering", "文印室登记编号排版"
        )
    done = {"state": "done", "revisions": 0, "comments": 0, "changes": []}
    body.set_analysis(document, record["version"], done)
    return record


def test_r_d6_nobody_edits_after_sending(document):
    upload(document)
    walk_until(document, DOWNWARD_PATH, "numbering")
    assert actions.may_edit(document, "cy_print")  # the print room at 登记编号
    cleaned(document)
    after_numbering = [step for step in DOWNWARD_PATH if step[0] == "cy_print"][0]
    walk_until(document, DOWNWARD_PATH[DOWNWARD_PATH.index(after_numbering) :], "sent")
    for user in ("cy_secretary1", "cy_eng_staff", "cy_print"):
        assert "发送或归档" in text_of(refused(check_out, document, user)) or (
            "办理人" in text_of(refused(check_out, document, user))
        )
    assert "发送或归档" in text_of(actions.edit_refusal(document, "cy_archivist"))


# --- R-D5, R-D4, R-D6's one kind of 正文 ----------------------------------------------------


def test_r_d5_a_word_body_is_the_electronic_body(document):
    missing = [p for p in submission_problems(document) if "正文" in str(p)]
    assert missing
    upload(document)
    assert not [p for p in submission_problems(document) if "正文" in str(p)]


def test_r_d4_the_files_panel_shows_the_body_as_正文_and_never_replaces_it(document):
    upload(document)
    with api.env.adopt_user(username="cy_eng_staff"):
        files.add_file(document, b"table", "附件1 检查表.txt")
    view, _ = render_as(document, "view", "cy_eng_staff")
    rows = {row["id"]: row for row in view.rows}
    assert rows[body.BODY_ID]["role"] == "正文"
    assert not rows[body.BODY_ID]["can_replace"]
    assert sorted(row["role"] for row in view.rows) == ["正文", "附件"]
    assert body.BODY_ID not in [item.getId() for item in files.attachments_of(document)]
    assert "正文" not in [title for _, title in view.file_roles()]
    item = body.body_item(document)
    post_as(item, "gongwen-replace-file", "cy_eng_staff", file=file_upload(SECOND, NAME))
    assert item.file.data == FIRST
    assert len(body.body_records(document)) == 1


# --- the panel, the forms, the 版本记录 ----------------------------------------------------


def test_r_d6_panel_offers_the_upload_to_the_drafter_only(document):
    _, output = render_as(document, "gongwen-body-panel", "cy_eng_staff")
    assert "或上传 Word 或 WPS 正文" in output
    assert "@@gongwen-body-upload" in output
    # submitted (with a rich-text 正文 typed meanwhile): nobody uploads one any more
    document.text = rich_body()
    walk_until(document, DOWNWARD_PATH, "dept_review")
    for user in ("cy_eng_head", "cy_eng_staff"):
        assert render_as(document, "gongwen-body-panel", user)[1] == ""


def test_r_d6_panel_forms_upload_check_out_and_in(document):
    post_as(document, "gongwen-body-upload", "cy_eng_staff", file=file_upload(FIRST, NAME))
    assert body.current_record(document)["number"] == 1
    _, output = render_as(document, "gongwen-body-panel", "cy_eng_staff")
    assert NAME in output and "第1版" in output and "签出编辑" in output
    assert "分析中…" in output
    _, output = post_as(document, "gongwen-body-checkout", "cy_eng_staff")
    response = document.REQUEST.response
    assert output == FIRST  # written in this transaction: the bytes (committed: streamed)
    assert "attachment" in response.getHeader("Content-Disposition")
    assert "filename*=UTF-8''" in response.getHeader("Content-Disposition")
    assert body.lock_of(document)["holder"] == "cy_eng_staff"
    _, output = render_as(document, "gongwen-body-panel", "cy_eng_staff")
    assert "您已签出编辑" in output and "取消签出" in output
    post_as(document, "gongwen-body-checkin", "cy_eng_staff", file=file_upload(SECOND, NAME))
    assert body.current_record(document)["number"] == 2
    _, output = render_as(document, "gongwen-body-versions", "cy_eng_staff")
    assert output.count('class="gongwen-body-version') >= 2
    assert "上传" in output and "签入" in output and "拟稿" in output
    assert "@@gongwen-body-compare" in output and "@@gongwen-body-changes?version=0" in output


def test_r_d6_panel_shows_the_lock_to_the_other_holder(document):
    upload(document)
    walk_until(document, DOWNWARD_PATH, "office_review")
    check_out(document, "cy_office_head")
    _, output = render_as(document, "gongwen-body-panel", "cy_office_deputy")
    assert "签出编辑中（至 " in output
    assert "@@gongwen-body-checkout" not in output and "@@gongwen-body-checkin" not in output


def test_r_d6_refused_form_says_why_in_the_body_section(document):
    upload(document)
    walk_until(document, DOWNWARD_PATH, "dept_review")
    post_as(document, "gongwen-body-checkin", "cy_eng_staff", file=file_upload(SECOND, NAME))
    from Products.statusmessages.interfaces import IStatusMessage

    shown = [m.message for m in IStatusMessage(document.REQUEST).show()]
    assert any("办理人" in m for m in shown)
    assert len(body.body_records(document)) == 1


def test_r_sec5_malformed_posts_to_the_body_forms_are_never_500(document):
    from zExceptions import Forbidden
    from zExceptions import MethodNotAllowed

    from tests.support.views import render_as as get_as

    for name in ("gongwen-body-upload", "gongwen-body-checkout", "gongwen-body-checkin"):
        with pytest.raises(MethodNotAllowed):
            get_as(document, name, "cy_eng_staff")
    # no CSRF token
    request = document.REQUEST
    request.method = request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username="cy_eng_staff"), pytest.raises(Forbidden):
            document.restrictedTraverse("@@gongwen-body-upload")()
    finally:
        request.method = request["REQUEST_METHOD"] = "GET"
    # no file, a text instead of a file, an empty file, a hostile name
    for form in ({}, {"file": "not a file"}, {"file": file_upload(b"", NAME)}):
        post_as(document, "gongwen-body-upload", "cy_eng_staff", **form)
    assert body.body_item(document) is None
    post_as(
        document,
        "gongwen-body-upload",
        "cy_eng_staff",
        file=file_upload(FIRST, "../../etc/\u202e通知\x00.docx"),
    )
    assert "/" not in body.current_record(document)["filename"]
    assert "\x00" not in body.current_record(document)["filename"]
    # 取消签出 with nothing checked out, 签入 without a file
    post_as(document, "gongwen-body-cancel", "cy_eng_staff")
    post_as(document, "gongwen-body-checkin", "cy_eng_staff")
    assert len(body.body_records(document)) == 1


def test_r_d6_the_panel_and_versions_speak_chinese(document):
    """The crawler's check (issue 19) on the 正文 panel in each state and on 版本记录."""
    from tests.support.crawl import findings
    from tests.support.crawl import visible_text

    def words(output):
        return findings("panel", visible_text(f"<html><body>{output}</body></html>"))

    pages = [render_as(document, "gongwen-body-panel", "cy_eng_staff")[1]]
    upload(document)
    check_out(document, "cy_eng_staff")
    pages.append(render_as(document, "gongwen-body-panel", "cy_eng_staff")[1])
    check_in(document, SECOND, "cy_eng_staff")
    pages.append(render_as(document, "gongwen-body-panel", "cy_eng_staff")[1])
    pages.append(render_as(document, "gongwen-body-versions", "cy_eng_staff")[1])
    for output in pages:
        assert output and words(output) == []
