"""R-R1, R-R3, R-RUN1: 批量归档 of a year by a worker, batch after batch, with 四性检测.

The worker's side (``archive.worker``) runs in the test's process against the portal's real
endpoints with the job's token (``tests.support.finished.run_archive_job``); the virus scan
is a real clamd (``clamd_socket``). Items that pass are archived through
``filing.archive_document`` with gapless 件号 across batches; an item with problems is not
archived and is named with them; the report is stored; every batch is filed once.
"""

import io
import json
import tarfile

import pytest
from DateTime import DateTime
from plone import api
from Products.CMFCore.indexing import processQueue

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import reports
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.record import is_archived
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.jobs import once
from tests.support.finished import finished_outgoing
from tests.support.finished import run_archive_job
from tests.support.renders import call_endpoint

ARCHIVIST = "cy_archivist"


@pytest.fixture
def unit(portal):
    return portal["changyuan"]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(progress, "BATCH_SIZE", 2)


def test_r_r1_documents_of_one_minute_are_archived_in_the_order_they_were_made(portal, unit):
    """The catalog's 创建时间 index keeps minutes and orders one minute's documents at random;
    the 件号 follow the moment each was made (CI once saw [2, 3, 1])."""
    catalog = api.portal.get_tool("portal_catalog")._catalog
    documents = []
    for n in range(1, 6):
        # A catalog whose next id was lost (a ghosted object, another thread) picks a random
        # one: one minute's documents then come in no particular order.
        vars(catalog).pop("_v_nextid", None)
        documents.append(finished_outgoing(portal, n))
        processQueue()
    minute = DateTime("2026/03/02 10:15:00")
    for seconds, document in zip((5, 10, 20, 40, 50), documents, strict=True):
        document.creation_date = minute + seconds / 86400
        document.reindexObject()
    assert len({d.created().strftime("%H:%M") for d in documents}) == 1
    assert pipeline.finished_uids(unit, 2026) == [d.UID() for d in documents]


def test_r_r1_a_year_is_archived_in_batches_with_gapless_item_numbers(
    portal, unit, small_batches, clamd_socket
):
    # The 正式文件 is missing from the second: 四性检测 (完整性) fails it.
    documents = [finished_outgoing(portal, n, typeset=n != 2) for n in range(1, 5)]
    bad = documents[1]
    other_year = finished_outgoing(portal, 9, year=2025)
    assert pipeline.finished_uids(unit, 2026) == [d.UID() for d in documents]

    job_id = pipeline.start_archive(unit, ARCHIVIST, year=2026)
    with pytest.raises(ArchiveError):
        pipeline.start_archive(unit, ARCHIVIST, year=2026)
    assert jobs.job_record(job_id)["total"] == 4

    assert run_archive_job(portal, unit, job_id) == "done"
    record = jobs.job_record(job_id)
    assert (record["state"], record["done"], record["failed"], record["cursor"]) == (
        "done",
        3,
        1,
        4,
    )
    good = [d for d in documents if d is not bad]
    assert [archive_info(d)["item_number"] for d in good] == [1, 2, 3]
    assert [api.content.get_state(obj=d) for d in good] == ["archived"] * 3
    assert archive_info(good[0])["archival_code"] == "118-WS·2026-D30-GCK-0001"
    assert not is_archived(bad) and api.content.get_state(obj=bad) == "sent"
    assert not is_archived(other_year)
    # The manifest: every version of every file, with both digests (and the 归档记录).
    manifest = archive_info(good[0])["files"]
    attachment = [e for e in manifest if e["filename"] == "附件1.txt"]
    assert len(attachment) == 2 and {e["version"] is None for e in attachment} == {True, False}
    assert all(len(e["sha256"]) == 64 and len(e["sm3"]) == 64 for e in manifest)
    # The report, reserved at the start and written in each 归档章.
    assert archive_info(good[0])["report_id"] == record["report_id"]
    stored = reports.report(record["report_id"])
    assert stored["totals"]["items"] == 4
    assert stored["totals"]["failed"] == 1
    assert stored["sequence"] == []
    # The failing item is named with its reason.
    ((failed_uid, outcome),) = jobs.item_outcomes(job_id, state=progress.ITEM_FAILED)
    assert failed_uid == bad.UID()
    assert any("缺少正式文件" in p["text"] for p in outcome["result"]["problems"])
    # The year's next job finds only the item left.
    assert pipeline.finished_uids(unit, 2026) == [bad.UID()]


def test_r_r1_an_item_refused_halfway_takes_no_item_number_and_its_batch_goes_on(
    portal, unit, clamd_socket, monkeypatch
):
    """The batch is filed in one savepoint; an item refused after it took its 件号 and wrote
    its 归档记录 sends the batch round again, each item in a savepoint of its own."""
    from collective.gongwen.archive import filing

    documents = [finished_outgoing(portal, n) for n in range(1, 4)]
    refused = documents[1]
    write = filing.write_archive_info

    def write_or_refuse(document, **info):
        if document.UID() == refused.UID():
            raise ArchiveError("归档章写入失败（测试）")
        return write(document, **info)

    monkeypatch.setattr(filing, "write_archive_info", write_or_refuse)
    job_id = pipeline.start_archive(unit, ARCHIVIST, year=2026)
    assert run_archive_job(portal, unit, job_id) == "done"
    archived = [documents[0], documents[2]]
    assert [archive_info(d)["item_number"] for d in archived] == [1, 2]
    assert not is_archived(refused) and "archive-record" not in refused.objectIds()
    ((failed_uid, outcome),) = jobs.item_outcomes(job_id, state=progress.ITEM_FAILED)
    assert failed_uid == refused.UID()
    assert "归档章写入失败" in outcome["reason"]["default"]


def _claim(portal, unit, job_id, token=None, position=None):
    form = {"position": str(position)} if position is not None else None
    status, body = call_endpoint(
        portal, "gongwen-archive-claim", unit.UID(), job_id, form, token=token
    )
    return status, json.loads(body)


def test_r_run1_endpoints_check_the_token_the_batch_and_file_each_batch_once(
    portal, unit, small_batches, clamd_socket, monkeypatch
):
    documents = [finished_outgoing(portal, n) for n in range(1, 4)]
    job_id = pipeline.start_archive(unit, ARCHIVIST, year=2026)
    uid = unit.UID()
    assert _claim(portal, unit, job_id, token="forged")[0] == 403
    assert call_endpoint(portal, "gongwen-archive-claim", uid, job_id, method="GET")[0] == 405
    status, batch = _claim(portal, unit, job_id)
    assert status == 200 and batch["position"] == 0
    assert [item["uid"] for item in batch["items"]] == [d.UID() for d in documents[:2]]
    item = batch["items"][0]
    assert {e["role"] for e in item["files"]} == {"typeset", "slip", "attachment"}
    assert item["metadata"]["issue_number"] == "长河〔2026〕1号"
    # Files: only of the claimed batch's items.
    entry = item["files"][0]
    form = {"doc": item["uid"], "path": entry["path"], "version": ""}
    status, body = call_endpoint(portal, "gongwen-archive-file", uid, job_id, form)
    assert (
        status == 200 and bytes(body if isinstance(body, bytes) else b"".join(body))[:5] == b"%PDF-"
    )
    # The batch after it may be claimed and read (checked while this one is filed), no other.
    ahead = dict(form, doc=documents[2].UID())
    assert call_endpoint(portal, "gongwen-archive-file", uid, job_id, ahead)[0] == 200
    status, following = _claim(portal, unit, job_id, position=2)
    assert following["position"] == 2
    assert [i["uid"] for i in following["items"]] == [documents[2].UID()]
    assert _claim(portal, unit, job_id, position=4)[1]["position"] == 0
    monkeypatch.setattr(progress, "LOOKAHEAD", 0)
    assert call_endpoint(portal, "gongwen-archive-file", uid, job_id, ahead)[0] == 404
    assert _claim(portal, unit, job_id, position=2)[1]["position"] == 0
    monkeypatch.setattr(progress, "LOOKAHEAD", 1)
    missing = dict(form, path="no-such-file")
    assert call_endpoint(portal, "gongwen-archive-file", uid, job_id, missing)[0] == 204
    # An item's files in one tar: member N is the N-th asked for; a missing one has none.
    wanted = [[e["path"], e["version"]] for e in item["files"]] + [["no-such-file", None]]
    files_form = {"doc": item["uid"], "files": json.dumps(wanted)}
    status, body = call_endpoint(portal, "gongwen-archive-files", uid, job_id, files_form)
    assert status == 200
    with tarfile.open(fileobj=io.BytesIO(b"".join(body))) as archive:
        assert archive.getnames() == [str(n) for n in range(len(item["files"]))]
        assert archive.extractfile("0").read()[:5] == b"%PDF-"
        sizes = [archive.getmember(str(n)).size for n in range(len(item["files"]))]
    assert sizes == [e["size"] for e in item["files"]]
    for bad in ("[1", '{"a": 1}', '[["a", -1]]', '[["a", true]]', json.dumps([["a", None]] * 1001)):
        bad_form = {"doc": item["uid"], "files": bad}
        assert call_endpoint(portal, "gongwen-archive-files", uid, job_id, bad_form)[0] == 400
    outside = dict(files_form, doc=unit.UID())
    assert call_endpoint(portal, "gongwen-archive-files", uid, job_id, outside)[0] == 404
    bad_version = dict(form, version="abc")
    assert call_endpoint(portal, "gongwen-archive-file", uid, job_id, bad_version)[0] == 400

    # Results: malformed, incomplete, for an unknown batch.
    def post(position, results):
        form = {"position": str(position), "results": json.dumps(results)}
        return call_endpoint(portal, "gongwen-archive-result", uid, job_id, form)

    assert post(0, {"x": 1})[0] == 400
    assert post(4, {})[0] == 409
    assert (
        call_endpoint(
            portal, "gongwen-archive-result", uid, job_id, {"position": "0", "results": "[1"}
        )[0]
        == 400
    )
    # A result with a problem for the first item, none for the second.
    problem = {
        "check": "security",
        "item": "x",
        "file": "正式文件.pdf",
        "msgid": "archive_check_virus",
        "default": "发现病毒 ${name}。",
        "mapping": {"name": "Eicar-Test-Signature"},
        "text": "发现病毒 Eicar-Test-Signature。",
    }
    first, second = batch["items"]
    results = {
        first["uid"]: {"label": first["label"], "files": [], "problems": [problem]},
        second["uid"]: {"label": second["label"], "files": [], "problems": []},
    }
    status, body = post(0, results)
    assert status == 200 and json.loads(body)["cursor"] == 2
    assert not is_archived(documents[0])
    assert archive_info(documents[1])["item_number"] == 1
    # The same batch again (a worker's retry): already done, nothing happens twice.
    portal.REQUEST.response.setHeader(once.ALREADY_DONE_HEADER, "")
    status, body = post(0, results)
    assert status == 200 and json.loads(body)["result"] == once.ALREADY_DONE
    assert portal.REQUEST.response.getHeader(once.ALREADY_DONE_HEADER) == once.ALREADY_DONE
    assert archive_info(documents[1])["item_number"] == 1
    assert jobs.job_record(job_id)["done"] == 1
    # The worker goes on from the cursor; the last item takes 件号 2.
    assert run_archive_job(portal, unit, job_id) == "done"
    assert archive_info(documents[2])["item_number"] == 2
    record = jobs.job_record(job_id)
    assert (record["done"], record["failed"]) == (2, 1)
    # A finished job answers its claim 409 (the worker drops it).
    assert _claim(portal, unit, job_id)[0] == 409


def test_r_r3_a_check_job_names_the_item_whose_file_changed(portal, unit, clamd_socket):
    documents = [finished_outgoing(portal, n) for n in range(1, 3)]
    assert run_archive_job(portal, unit, pipeline.start_archive(unit, ARCHIVIST, year=2026))
    assert all(is_archived(d) for d in documents)
    # The 正式文件's bytes change under the archive (as a damaged blob would).
    item = [i for i in documents[1].objectValues() if i.file.filename == "正式文件.pdf"][0]
    item.file._blob.open("w").write(b"%PDF-1.4 damaged")
    job_id = pipeline.start_check(unit, 2026, ARCHIVIST)
    assert run_archive_job(portal, unit, job_id) == "done"
    record = jobs.job_record(job_id)
    assert (record["kind"], record["done"], record["failed"]) == ("check", 1, 1)
    ((uid, outcome),) = jobs.item_outcomes(job_id, state=progress.ITEM_FAILED)
    assert uid == documents[1].UID()
    assert outcome["label"] == archive_info(documents[1])["archival_code"]
    texts = [p["text"] for p in outcome["result"]["problems"]]
    assert any("与归档时不符" in t for t in texts), texts
    stored = reports.report(record["report_id"])
    assert stored["kind"] == "check" and stored["totals"]["failed"] == 1


def test_r_r1_nothing_to_archive_is_refused(portal, unit):
    with pytest.raises(ArchiveError) as refused:
        pipeline.start_archive(unit, ARCHIVIST, year=2030)
    assert "2030年度没有待归档" in str(refused.value)
    with pytest.raises(ArchiveError):
        pipeline.start_check(unit, 2030, ARCHIVIST)
