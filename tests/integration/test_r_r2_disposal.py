"""R-R2 on the Plone layer: 到期鉴定, a 销毁申请 approved by 办公室负责人, 局长 and 监销人, its
execution (销毁清册 entry, every version purged, audit entry), legal holds, every refusal."""

import datetime

import pytest
from plone import api

from collective.gongwen.archive import disposal
from collective.gongwen.archive import register
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.audit.record import pending
from tests.support.expired import APPROVERS
from tests.support.expired import archived_item
from tests.support.expired import execute

ARCHIVIST = "cy_archivist"


def history_ids(portal, obj):
    handler = api.portal.get_tool("portal_historyidhandler")
    return handler.queryUid(obj, None)


def approved_request(portal, documents, reason="保管期限已满，经鉴定无继续保存价值。"):
    for document in documents:
        disposal.appraise(document, "destroy", ARCHIVIST, note="无保存价值")
    unit = portal["changyuan"]
    request = disposal.create_request(unit, [d.UID() for d in documents], reason, ARCHIVIST)
    for user in APPROVERS:
        request = disposal.decide(request["id"], "approve", f"同意销毁（{user}）", user)
    return request


def test_r_r2_demo_has_a_destruction_supervisor(portal):
    from collective.gongwen.org.units import function_holders

    assert function_holders(portal["changyuan"], "destruction_supervisors") == ["cy_supervisor"]
    assert function_holders(portal["xinxiang"], "destruction_supervisors") == ["xx_supervisor"]
    assert disposal.required_functions() == ["office_heads", "director", "destruction_supervisors"]


def test_r_r2_due_items_are_listed_with_filters(portal):
    old = archived_item(portal, year=2015)
    kept = archived_item(portal, year=2015, retention="30_years")
    recent = archived_item(portal, year=2024)
    unit = portal["changyuan"]
    today = datetime.date.today()
    uids = [row["uid"] for row in disposal.due_items(unit, today)]
    assert old.UID() in uids and kept.UID() not in uids and recent.UID() not in uids
    assert disposal.due_items(unit, today, year=2014) == []
    assert disposal.due_items(unit, today, retention_token="30_years") == []
    row = disposal.due_items(unit, today, year=2015)[0]
    assert row["due"] == datetime.date(2026, 1, 1) and row["legal_hold"] is None


def test_r_r2_only_the_units_archivist_appraises(portal):
    document = archived_item(portal)
    for user in ("cy_director", "xx_archivist", "cy_eng_staff"):
        with pytest.raises(ArchiveError, match="档案员"):
            disposal.appraise(document, "destroy", user)
    disposal.appraise(document, "extend", ARCHIVIST, years=5, note="仍有参考价值")
    info = archive_info(document)
    assert info["appraisals"][-1]["decision"] == "extend"
    assert info["retention"] == "10_years"  # the 归档章 as stamped
    assert disposal.due_items(portal["changyuan"], datetime.date.today()) == []


def test_r_r2_request_approved_by_three_functions_then_executed(portal):
    first = archived_item(portal, files=((b"v1", b"v2"), (b"only",)))
    second = archived_item(portal)
    attachment = first.objectValues()[0]
    assert history_ids(portal, attachment) is not None
    storage = api.portal.get_tool("portal_historiesstorage")
    attachment_history = history_ids(portal, attachment)
    assert storage._getShadowStorage().isRegistered(attachment_history)
    codes = [archive_info(d)["archival_code"] for d in (first, second)]
    path = "/".join(first.getPhysicalPath())
    request = approved_request(portal, [first, second])
    assert request["state"] == "approved"
    assert [request["decisions"][k]["by"] for k in request["required"]] == list(APPROVERS)

    done = execute(request["id"])
    assert done["state"] == "executed" and len(done["register_numbers"]) == 2
    unit = portal["changyuan"]
    assert api.content.get(path=path) is None
    assert not storage._getShadowStorage().isRegistered(attachment_history)
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(path=path)
    entries = register.entries(unit.UID(), year=2015)
    by_code = {e["archival_code"]: e for e in entries}
    entry = by_code[codes[0]]
    assert entry["title"] == "关于报送2015年度堤防工程维修计划的通知"
    assert entry["retention"] == "10_years" and entry["year"] == 2015
    assert {"附件1.txt", "附件2.txt"} <= {f["filename"] for f in entry["files"]}
    assert all(f["sha256"] and f["sm3"] for f in entry["files"])
    assert [a["function"] for a in entry["approvals"]] == [
        "office_heads",
        "director",
        "destruction_supervisors",
    ]
    assert entry["approvals"][2]["opinion"] == "同意销毁（cy_supervisor）"
    assert entry["executed_by"] == ARCHIVIST and entry["request"]["id"] == request["id"]
    destroyed = [e for e in pending() if e["action"] == "destroy"]
    assert {e["object_path"] for e in destroyed} >= {path}


def test_r_r2_every_refusal_of_a_request(portal):
    unit = portal["changyuan"]
    document = archived_item(portal)
    not_appraised = archived_item(portal)
    with pytest.raises(ArchiveError, match="档案员"):
        disposal.create_request(unit, [document.UID()], "理由", "cy_director")
    with pytest.raises(ArchiveError, match="请填写销毁理由"):
        disposal.create_request(unit, [document.UID()], "  ", ARCHIVIST)
    with pytest.raises(ArchiveError, match="未经鉴定"):
        disposal.create_request(unit, [not_appraised.UID()], "理由", ARCHIVIST)
    with pytest.raises(ArchiveError, match="未经鉴定"):
        disposal.create_request(unit, ["no-such-uid"], "理由", ARCHIVIST)
    disposal.appraise(document, "destroy", ARCHIVIST)
    request = disposal.create_request(unit, [document.UID()], "理由", ARCHIVIST)
    with pytest.raises(ArchiveError, match="另一份"):
        disposal.create_request(unit, [document.UID()], "理由", ARCHIVIST)
    with pytest.raises(ArchiveError, match="全部审批人同意"):
        disposal.execute_request(request["id"], ARCHIVIST)
    with pytest.raises(ArchiveError, match="申请人"):
        disposal.decide(request["id"], "approve", "同意", ARCHIVIST)
    with pytest.raises(ArchiveError, match="不是"):
        disposal.decide(request["id"], "approve", "同意", "cy_leader1")
    with pytest.raises(ArchiveError, match="请填写审批意见"):
        disposal.decide(request["id"], "approve", "", "cy_director")
    with pytest.raises(ArchiveError, match="没有这份"):
        disposal.decide("x" * 5000, "approve", "同意", "cy_director")
    disposal.decide(request["id"], "approve", "同意", "cy_director")
    with pytest.raises(ArchiveError, match="审批过"):
        disposal.decide(request["id"], "approve", "同意", "cy_director")
    rejected = disposal.decide(request["id"], "reject", "尚需保存", "cy_supervisor")
    assert rejected["state"] == "rejected"
    with pytest.raises(ArchiveError, match="全部审批人同意"):
        disposal.execute_request(request["id"], ARCHIVIST)
    assert document.getId() in document.aq_parent.objectIds()


def test_r_r2_a_legal_hold_blocks_destruction_and_names_the_item(portal):
    document = archived_item(portal)
    request = approved_request(portal, [document])
    code = archive_info(document)["archival_code"]
    with pytest.raises(ArchiveError, match="档案员"):
        disposal.put_hold(document, "涉及诉讼", "gw_secadmin")
    with pytest.raises(ArchiveError, match="请填写理由"):
        disposal.put_hold(document, "", ARCHIVIST)
    hold = disposal.put_hold(document, "涉及诉讼，暂停销毁", ARCHIVIST)
    assert archive_info(document)["legal_hold"] == hold
    with pytest.raises(ArchiveError, match="已处于"):
        disposal.put_hold(document, "再次", ARCHIVIST)
    with pytest.raises(ArchiveError, match=f"「{code}」处于法律保全中"):
        disposal.execute_request(request["id"], ARCHIVIST)
    with pytest.raises(ArchiveError, match="法律保全"):
        disposal.appraise(document, "destroy", ARCHIVIST)
    disposal.lift_hold(document, "诉讼已结束", ARCHIVIST)
    assert archive_info(document)["legal_hold"] is None
    assert execute(request["id"])["state"] == "executed"
    with pytest.raises(ArchiveError, match="已执行"):
        disposal.execute_request(request["id"], ARCHIVIST)


def test_r_r2_holds_only_on_archived_documents(portal):
    from tests.support.outgoing import draft_outgoing

    draft = draft_outgoing(portal)
    with pytest.raises(ArchiveError, match="已归档"):
        disposal.put_hold(draft, "理由", ARCHIVIST)


def test_r_r2_execution_is_a_job_done_batch_by_batch_from_its_cursor(portal, monkeypatch):
    from collective.gongwen.archive import jobs
    from collective.gongwen.archive import progress

    monkeypatch.setattr(progress, "BATCH_SIZE", 2)
    documents = [archived_item(portal, title=f"关于2015年第{n}批台账的通知") for n in range(5)]
    request = approved_request(portal, documents)
    started = disposal.execute_request(request["id"], ARCHIVIST)
    job_id = started["job_id"]
    assert jobs.job_record(job_id)["kind"] == "destroy"
    with pytest.raises(ArchiveError, match="正在执行中"):
        disposal.execute_request(request["id"], ARCHIVIST)
    unit = portal["changyuan"]
    # Nothing is destroyed in the archivist's request: the workers do it batch by batch.
    assert all(d.getId() in d.aq_parent.objectIds() for d in documents)
    # A legal hold put on the last item after the approval: it is left, named.
    held_code = archive_info(documents[4])["archival_code"]
    disposal.put_hold(documents[4], "涉及诉讼", ARCHIVIST)
    # A position other than the cursor (a retry) changes nothing.
    assert disposal.destroy_batch(unit, job_id, 2)["cursor"] == 0
    record = disposal.destroy_batch(unit, job_id, 0)
    assert (record["cursor"], record["done"], record["state"]) == (2, 2, "running")
    assert len(register.entries(unit.UID())) == 2
    record = disposal.destroy_batch(unit, job_id, 2)
    record = disposal.destroy_batch(unit, job_id, 4)
    assert (record["state"], record["done"], record["failed"]) == ("done", 4, 1)
    outcome = jobs.item_outcome(job_id, documents[4].UID())
    assert held_code in jobs.job_message({"message": outcome["reason"]}).mapping["item"]
    assert disposal.destroy_batch(unit, job_id, 4) is None  # finished: a stale call
    after = disposal.get_request(request["id"])
    assert after["state"] == "approved" and len(after["register_numbers"]) == 4
    disposal.lift_hold(documents[4], "诉讼已结束", ARCHIVIST)
    assert execute(request["id"])["state"] == "executed"
    assert len(register.entries(unit.UID())) == 5


def lexicon_words(portal):
    """Every word of the catalog's text indexes' lexicons."""
    from collective.gongwen.archive.purge import _text_indexes

    catalog = api.portal.get_tool("portal_catalog")
    return {w for ix in _text_indexes(catalog) for w in ix.getLexicon()._words.values()}


def test_r_r2_no_word_of_the_destroyed_item_is_left_in_a_lexicon(portal):
    from Products.CMFCore.indexing import processQueue

    from collective.gongwen.archive.readonly import lifted

    document = archived_item(
        portal,
        html="<p>堤防 zqxbodyword7 台账</p>",
        files=((b"zqxfirstversion7 first", b"zqxsecondversion7 second"),),
    )
    # An earlier title: dropped from the index when the title changed, kept in the lexicon
    # (as the words of a file's earlier version are, when its text was indexed).
    title = document.Title()
    with lifted(document):
        document.title = f"{title} zqxoldtitle7"
        document.reindexObject(idxs=["Title", "SearchableText"])
        processQueue()
        document.title = title
        document.reindexObject(idxs=["Title", "SearchableText"])
        processQueue()
    words = {"zqxbodyword7", "zqxoldtitle7", "zqxfirstversion7", "zqxsecondversion7"}
    assert {"zqxbodyword7", "zqxoldtitle7"} <= lexicon_words(portal)
    kept = archived_item(portal, html="<p>zqxkeptword7</p>")
    execute(approved_request(portal, [document])["id"])
    after = lexicon_words(portal)
    assert not words & after
    assert "zqxkeptword7" in after and kept.getId() in kept.aq_parent.objectIds()
