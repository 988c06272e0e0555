"""R-D6 on the Plone layer: the Word 正文's storage (content/body.py).

One ``gongwen_attachment`` of role 正文 inside the 发文, a CMFEditions version per save,
a record per version on the document, the check-out lock, the official HTML of the
current version and the version signed. It is not an 附件 (R-D4).
"""

import datetime
import hashlib
from types import SimpleNamespace

import pytest
import transaction
from plone import api

from collective.gongwen.content import body
from collective.gongwen.content import files
from collective.gongwen.content import submission
from collective.gongwen.content.versions import version_ids
from tests.support.outgoing import draft_outgoing

DOCX = b"PK\x03\x04 first version of the body"
DOCX2 = b"PK\x03\x04 second version of the body"
NOW = datetime.datetime(2026, 12, 6, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture
def document(portal):
    """A 发文 draft of cy_eng_staff without rich-text 正文."""
    return draft_outgoing(portal, text=None)


def put(document, data=DOCX, filename="关于汛前检查的通知.docx", kind=body.KIND_UPLOAD):
    with api.env.adopt_user(username="cy_eng_staff"):  # the drafter, who may add files
        return body.put_body(
            document, data, filename, kind, "cy_eng_staff", "draft", "拟稿", actor_name="张工"
        )


def test_r_d6_first_put_adds_the_body_item_with_its_record(document):
    assert body.body_item(document) is None
    assert not body.has_word_body(document)
    record = put(document)
    item = body.body_item(document)
    assert item.getId() == body.BODY_ID
    assert files.role_of(item) == files.BODY
    assert item.file.data == DOCX
    assert body.has_word_body(document)
    assert record["number"] == 1
    assert record["version"] == 0 == version_ids(item)[-1]
    assert record["kind"] == body.KIND_UPLOAD
    assert (record["actor"], record["actor_name"]) == ("cy_eng_staff", "张工")
    assert (record["step"], record["step_title"]) == ("draft", "拟稿")
    assert record["filename"] == "关于汛前检查的通知.docx"
    assert record["size"] == len(DOCX)
    assert record["sha256"] == hashlib.sha256(DOCX).hexdigest()
    assert record["analysis"] is None
    moment = datetime.datetime.fromisoformat(record["time"])
    assert moment.utcoffset() == datetime.timedelta(0)
    assert body.body_records(document) == [record]
    assert body.current_record(document) == record


def test_r_d6_each_later_put_is_a_new_version_and_record(document):
    put(document)
    second = put(document, DOCX2, "关于汛前检查的通知（修改）.docx", body.KIND_CHECKIN)
    item = body.body_item(document)
    assert version_ids(item) == [0, 1]
    assert second["number"] == 2 and second["version"] == 1
    assert item.file.data == DOCX2
    assert [r["kind"] for r in body.body_records(document)] == ["upload", "checkin"]
    assert body.record_of(document, 0)["sha256"] == hashlib.sha256(DOCX).hexdigest()
    assert body.record_of(document, 7) is None
    # records are append-only copies: changing one read changes nothing stored
    body.body_records(document)[0]["kind"] = "clean"
    assert body.record_of(document, 0)["kind"] == "upload"


def test_r_d6_the_same_file_again_is_refused(document):
    put(document)
    with pytest.raises(body.BodyError):
        put(document, kind=body.KIND_CHECKIN)
    assert len(body.body_records(document)) == 1


def test_r_d6_word_body_beside_rich_text_is_refused(portal):
    document = draft_outgoing(portal)  # with a rich-text 正文
    with pytest.raises(body.BodyError) as refused:
        put(document)
    assert "正文只能有一种" in refused.value.message.default
    assert body.body_item(document) is None
    assert body.body_records(document) == []


def test_r_d4_the_body_is_not_an_attachment(document):
    put(document)
    with api.env.adopt_user(username="cy_eng_staff"):
        files.add_file(document, b"table", "附件一 检查表.txt")
    assert [files.role_of(item) for item in files.attachments_of(document)] == ["attachment"]
    assert [name for name, _ in submission.attachments_of(document)] == ["附件一 检查表"]
    assert files.default_file(document).getId() != body.BODY_ID


def test_r_d6_analysis_is_kept_per_version_and_bounded(document):
    put(document)
    put(document, DOCX2, "b.docx", body.KIND_CHECKIN)
    changes = [{"author": "王", "date": "", "kind": "ins", "text": str(n)} for n in range(600)]
    analysis = {"state": "done", "revisions": 600, "comments": 2, "changes": changes}
    assert body.set_analysis(document, 0, analysis)
    assert not body.set_analysis(document, 9, analysis)
    first = body.record_of(document, 0)["analysis"]
    assert first["revisions"] == 600 and len(first["changes"]) == body.MAX_CHANGES
    assert body.record_of(document, 1)["analysis"] is None
    assert body.analysis_pending(body.current_record(document))


def test_r_d6_is_clean_only_for_a_clean_version_without_changes(document):
    put(document)
    assert not body.is_clean(document)
    clean = put(document, DOCX2, "清稿.docx", body.KIND_CLEAN)
    assert not body.is_clean(document)  # analysis pending
    done = {"state": "done", "revisions": 0, "comments": 0, "changes": []}
    body.set_analysis(document, clean["version"], {**done, "comments": 1})
    assert not body.is_clean(document)
    body.set_analysis(document, clean["version"], done)
    assert body.is_clean(document)
    put(document, b"PK\x03\x04 edited after", "c.docx", body.KIND_CHECKIN)
    assert not body.is_clean(document)


def test_r_d6_lock_is_held_extended_refused_and_expires(document):
    lock = body.take_lock(document, "cy_eng_staff", "张工", 4, now=NOW)
    assert lock["holder"] == "cy_eng_staff"
    assert body.lock_of(document, now=NOW + datetime.timedelta(hours=3))["holder_name"] == "张工"
    with pytest.raises(body.BodyLocked) as refused:
        body.take_lock(document, "cy_eng_head", "李科", 4, now=NOW + datetime.timedelta(hours=1))
    message = refused.value.message
    assert message.mapping["name"] == "张工"
    assert message.mapping["since"] == "2026-12-06 14:00"  # Beijing time
    assert message.mapping["until"] == "2026-12-06 18:00"
    # the holder taking it again extends it
    later = NOW + datetime.timedelta(hours=2)
    again = body.take_lock(document, "cy_eng_staff", "张工", 4, now=later)
    assert datetime.datetime.fromisoformat(again["until"]) == later + datetime.timedelta(hours=4)
    # expired: absent, anyone may take it
    expired = later + datetime.timedelta(hours=4, seconds=1)
    assert body.lock_of(document, now=expired) is None
    assert body.take_lock(document, "cy_eng_head", "李科", 1, now=expired)["holder"] == (
        "cy_eng_head"
    )
    assert not body.release_lock(document, "cy_eng_staff")
    assert body.release_lock(document, "cy_eng_head")
    assert body.lock_of(document) is None
    body.take_lock(document, "cy_eng_staff", "张工", 1)
    assert body.release_lock(document)


def test_r_d6_official_html_only_for_the_current_version(document):
    record = put(document)
    assert body.official_html(document) is None
    body.set_official_html(document, record["version"], "<p>正文</p>")
    assert body.official_html(document) == "<p>正文</p>"
    put(document, DOCX2, "b.docx", body.KIND_CHECKIN)
    assert body.official_html(document) is None


def test_r_d6_signed_record_is_the_version_current_at_signing(document):
    assert body.mark_signed(document) is None
    assert body.signed_record(document) is None
    first = put(document)
    body.mark_signed(document)
    put(document, DOCX2, "b.docx", body.KIND_CHECKIN)
    assert body.signed_record(document) == first


def test_r_d6_records_persist_with_the_file(document):
    put(document)
    transaction.savepoint()
    document._p_deactivate()  # read back from the savepoint's state
    assert body.current_record(document)["version"] == 0
    assert body.body_item(document).file.data == DOCX


def test_r_d5_a_word_body_is_the_electronic_body(document):
    def body_missing():
        return [p for p in submission.submission_problems(document) if "电子正文" in str(p)]

    assert body_missing()
    put(document)
    assert not body_missing()


def test_r_d6_rich_text_typed_beside_a_word_body_is_invalid(document):
    from zope.interface import Invalid

    from collective.gongwen.content.validation import r_d6_one_kind_of_body
    from tests.support.outgoing import body as rich_body

    data = SimpleNamespace(__context__=document, text=rich_body())
    r_d6_one_kind_of_body(data)  # no Word 正文 yet: rich text is the 正文
    put(document)
    with pytest.raises(Invalid) as caught:
        r_d6_one_kind_of_body(data)
    assert "正文只能有一种" in str(caught.value)
    data.text = rich_body("<p> </p>")
    r_d6_one_kind_of_body(data)  # an empty box is no 正文
