"""R-U1 of the Word 正文 (R-D6): each of its actions writes exactly one audit entry, named
for the action, when its transaction commits — 上传, 签出编辑, 取消签出, 签入, 申请清稿,
the worker's 清稿 stored, and a check-out ended by the hand-over (wordbody/events.py →
audit/subscribers.py). The 正文 item's own generic 创建/修改 entries are not written besides.
"""

import io
import json

import pytest
import transaction
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.audit import record
from collective.gongwen.audit.browser.common import action_title
from collective.gongwen.audit.store import AuditStore
from collective.gongwen.content import body
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.routing.actions import act
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import jobs
from tests.integration.test_r_o6_word_body import SIGNED_TEXT
from tests.integration.test_r_o6_word_body import numbering  # noqa: F401 (a fixture)
from tests.support.outgoing import draft_outgoing
from tests.support.renders import call_endpoint
from tests.support.wordfiles import simple_docx

DRAFTER = "cy_eng_staff"
PRINT_ROOM = "cy_print"
TITLE = "关于审计正文的通知"
NAME = "关于审计正文的通知.docx"


def since(seq):
    """The entries written after ``seq`` (committed), oldest first."""
    store = AuditStore(record.store_path())
    return [
        dict(row)
        for row in store.connection.execute(
            "SELECT * FROM entry WHERE seq > ? ORDER BY seq", (seq,)
        )
    ]


def last_seq():
    store = AuditStore(record.store_path())
    return store.connection.execute("SELECT COALESCE(MAX(seq), 0) FROM entry").fetchone()[0]


def committed(user, call, *args):
    """``call(*args)`` as ``user``, committed; ``(its result, the entries it wrote)``."""
    seq = last_seq()
    with api.env.adopt_user(username=user):
        result = call(*args)
    transaction.commit()
    return result, since(seq)


def one(rows, action):
    found = [row for row in rows if row["action"] == action]
    assert len(found) == 1, (action, [(r["action"], r["summary"]) for r in rows])
    return found[0]


@pytest.fixture
def document(functional_portal):
    alsoProvides(functional_portal.REQUEST, IGongwenLayer)
    document = draft_outgoing(
        functional_portal, title=TITLE, text=None, main_recipients=["局属各科室"]
    )
    transaction.commit()
    return document


def test_r_u1_r_d6_upload_check_out_cancel_and_check_in_one_entry_each(document):
    uid = document.UID()
    first = simple_docx("各单位：", "请做好汛前检查。")
    _record, rows = committed(DRAFTER, actions.upload_body, document, first, NAME, DRAFTER)
    # the 正文 item's generic 创建 is not written besides: one entry for one action
    assert [row["action"] for row in rows] == ["body_upload"]
    entry = rows[0]
    assert (entry["actor"], entry["unit"], entry["object_uid"]) == (DRAFTER, "长垣河务局", uid)
    assert (entry["summary"], entry["from_state"]) == (f"「{TITLE}」 第1版 · {NAME}", "draft")

    (lock, _item), rows = committed(DRAFTER, actions.check_out, document, DRAFTER)
    assert [row["action"] for row in rows] == ["body_checkout"]
    assert rows[0]["actor"] == DRAFTER and rows[0]["object_uid"] == uid
    assert rows[0]["summary"].startswith(f"「{TITLE}」 第1版 · {NAME}（签出至 2")
    assert lock["until"][:4] in rows[0]["summary"]

    _lock, rows = committed(DRAFTER, actions.cancel_check_out, document, DRAFTER)
    assert [row["action"] for row in rows] == ["body_checkout_cancel"]
    assert rows[0]["summary"] == f"「{TITLE}」 第1版 · {NAME}"

    committed(DRAFTER, actions.check_out, document, DRAFTER)
    second = simple_docx("各单位：", "请认真做好汛前检查。")
    _record, rows = committed(DRAFTER, actions.check_in, document, second, NAME, DRAFTER)
    # the 正文 item's generic 修改 is not written besides
    assert [row["action"] for row in rows] == ["body_checkin"]
    assert rows[0]["actor"] == DRAFTER
    assert rows[0]["summary"] == f"「{TITLE}」 第2版 · {NAME}"


def test_r_u1_r_d6_a_refused_action_writes_nothing(document):
    first = simple_docx("各单位：", "请做好汛前检查。")
    committed(DRAFTER, actions.upload_body, document, first, NAME, DRAFTER)
    committed(DRAFTER, actions.check_out, document, DRAFTER)
    seq = last_seq()
    with api.env.adopt_user(username="cy_eng_head"), pytest.raises(body.BodyError):
        actions.check_out(document, "cy_eng_head")  # not his step
    with api.env.adopt_user(username=DRAFTER), pytest.raises(body.BodyError):
        actions.check_in(document, first, NAME, DRAFTER)  # the same file: no new version
    transaction.abort()
    assert since(seq) == []


def test_r_u1_r_d6_the_hand_over_ends_the_check_out_with_its_entry(document):
    committed(DRAFTER, actions.upload_body, document, simple_docx("各单位："), NAME, DRAFTER)
    committed(DRAFTER, actions.check_out, document, DRAFTER)
    _done, rows = committed(DRAFTER, act, document, "submit")
    assert body.lock_of(document) is None
    ended = one(rows, "body_checkout_end")
    assert ended["actor"] == DRAFTER and ended["from_state"] == "draft"
    holder = body.current_record(document)["actor_name"]
    assert ended["summary"] == f"「{TITLE}」 第1版 · {NAME}（{holder} 的签出随移交结束）"
    one(rows, "transition")
    # a hand-over with nothing checked out: no such entry
    _done, rows = committed("cy_eng_head", act, document, "return", "请补充。")
    assert [row for row in rows if row["action"].startswith("body_")] == []


@pytest.mark.slow
def test_r_u1_r_d6_clean_requested_and_stored_one_entry_each(numbering):  # noqa: F811
    document = numbering
    title, version = document.Title(), body.current_record(document)
    _asked, rows = committed(PRINT_ROOM, actions.request_clean, document, PRINT_ROOM)
    assert [row["action"] for row in rows] == ["body_clean_request"]
    assert rows[0]["actor"] == PRINT_ROOM and rows[0]["from_state"] == "numbering"
    assert rows[0]["summary"] == f"「{title}」 第{version['number']}版 · {version['filename']}"

    # the worker files the clean version (the result endpoint, with the job's token, no user)
    ((key, job_id),) = jobs.waiting_jobs(document)
    portal = api.portal.get()
    status, _body = call_endpoint(
        portal, "gongwen-wordbody-claim", document.UID(), job_id, {"key": key}
    )
    assert status == 200
    analysis = {
        "revisions": 0,
        "comments": 0,
        "changes": [],
        "accepted_sha256": SIGNED_TEXT,
    }
    form = {
        "key": key,
        "state": "done",
        "analysis": json.dumps(analysis),
        "docx": io.BytesIO(simple_docx("关于做好汛前检查的通知", "请各部门认真做好汛前检查。")),
        "html": io.BytesIO("<p>请各部门认真做好汛前检查。</p>".encode()),
    }
    seq = last_seq()
    status, _body = call_endpoint(portal, "gongwen-wordbody-result", document.UID(), job_id, form)
    assert status == 200, _body
    transaction.commit()
    rows = since(seq)
    clean = body.current_record(document)
    assert clean["kind"] == body.KIND_CLEAN and body.is_clean(document)
    entry = one(rows, "body_clean")
    # in the name of who asked for it, as the version is; no generic 修改 of the 正文 item
    assert entry["actor"] == PRINT_ROOM and entry["object_uid"] == document.UID()
    assert entry["summary"] == f"「{title}」 第{clean['number']}版 · {clean['filename']}"
    assert not [row for row in rows if row["action"] in ("edit", "create")]


def test_r_u1_r_d6_the_auditor_reads_the_actions_in_chinese(functional_portal):
    request = functional_portal.REQUEST
    titles = {
        action: action_title(request, action)
        for action in (
            "body_upload",
            "body_checkout",
            "body_checkout_cancel",
            "body_checkout_end",
            "body_checkin",
            "body_clean_request",
            "body_clean",
        )
    }
    assert titles["body_checkout"] == "签出编辑正文"
    assert titles["body_clean"] == "正文清稿"
    assert all(title != action for action, title in titles.items())
    assert len(set(titles.values())) == len(titles)
