"""R-R3 移交 on the Plone layer: the export claim, the worker's package, import, the page.

A year of 发文 is archived through B1's real 归档 job (四性检测 with a real clamd), then the
移交 worker (``archive.transfer_worker``) runs in the test's process against the portal's
real endpoints with the job's token (``InProcessClient``): it reads every file through
``@@gongwen-archive-file``, writes the package into the transfer folder, verifies it and
runs 四性检测 on it. The page ``@@gongwen-transfer`` starts, lists, downloads and imports.
"""

import io
import json
import os
import zipfile

import pytest
from AccessControl import Unauthorized
from plone import api
from zExceptions import BadRequest
from zExceptions import NotFound

from collective.gongwen.archive import clamav
from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import reports
from collective.gongwen.archive import transfer
from collective.gongwen.archive import transfer_store
from collective.gongwen.archive import transfer_worker
from collective.gongwen.archive.readonly import lifted
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.record import write_archive_info
from collective.gongwen.archive.rules import ArchiveError
from tests.support.finished import finished_outgoing
from tests.support.finished import run_archive_job
from tests.support.packages import InProcessClient
from tests.support.renders import call_endpoint
from tests.support.views import post_as
from tests.support.views import render_as

ARCHIVIST = "cy_archivist"


@pytest.fixture
def unit(portal):
    return portal["changyuan"]


@pytest.fixture
def folder(unit):
    return unit["archive"]


@pytest.fixture(autouse=True)
def transfer_dir(tmp_path, monkeypatch):
    path = tmp_path / "transfers"
    monkeypatch.setenv(transfer_store.DIR_ENV, str(path))
    return path


@pytest.fixture
def archived(portal, unit, clamd_socket):
    """Three 发文 of 2026 archived by the real 归档 job (one 发文 of 2025 left unarchived)."""
    documents = [finished_outgoing(portal, n) for n in range(1, 4)]
    finished_outgoing(portal, 8, year=2025)
    job_id = pipeline.start_archive(unit, ARCHIVIST, year=2026)
    assert run_archive_job(portal, unit, job_id) == "done"
    assert jobs.job_record(job_id)["failed"] == 0
    return documents


def page(folder, user, **form):
    """``@@gongwen-transfer`` of ``folder`` as ``user`` by GET (the worker's calls left POST)."""
    request = folder.REQUEST
    request.method = request["REQUEST_METHOD"] = "GET"
    return render_as(folder, "gongwen-transfer", user, **form)


def run_transfer(portal, unit, job_id):
    """Run 移交 job ``job_id`` to its end in this process; the worker's outcome."""
    client = InProcessClient(portal, unit.UID(), job_id)
    payload = {"uid": unit.UID(), "job_id": job_id}
    return transfer_worker.run_transfer(payload, client, scan=clamav.scanner())


def test_r_r3_the_claim_lists_the_years_archived_items_with_metadata_and_files(
    portal, unit, archived
):
    job_id = transfer_store.start_export(unit, 2026, ARCHIVIST)
    with pytest.raises(ArchiveError):  # one unfinished export of a year at a time
        transfer_store.start_export(unit, 2026, ARCHIVIST)
    status, body = call_endpoint(portal, "gongwen-transfer-claim", unit.UID(), job_id)
    assert status == 200
    claim = json.loads(body)
    assert claim["direction"] == "export" and claim["position"] == 0 and claim["total"] == 3
    assert claim["package"]["fonds_number"] == "118"
    assert claim["package"]["fonds_title"] == unit.Title()
    assert claim["package"]["year"] == 2026
    first = claim["items"][0]
    info = archive_info(archived[0])
    assert first["uid"] == archived[0].UID()
    item = first["item"]
    assert item["archival_code"] == info["archival_code"]
    assert item["item_number"] == 1 and item["retention"] == info["retention"]
    assert item["title"] == archived[0].Title()
    assert item["number"] == "长河〔2026〕1号"
    assert item["date"] == "2026-03-02"
    assert item["responsible"] and item["classification"]
    assert item["kind"] == "outgoing"
    # the files: exactly the archived manifest, every version, with both digests
    assert [(f["path"], f["version"], f["sha256"], f["sm3"]) for f in first["files"]] == [
        (e["path"], e["version"], e["sha256"], e["sm3"]) for e in info["files"]
    ]
    # a token of another job, or a GET, is refused
    assert (
        call_endpoint(portal, "gongwen-transfer-claim", unit.UID(), job_id, method="GET")[0] == 405
    )
    assert call_endpoint(portal, "gongwen-transfer-claim", unit.UID(), job_id, token="x")[0] == 403


def test_r_r3_export_writes_a_verified_package_and_an_import_verifies_it(
    portal, unit, folder, archived, transfer_dir
):
    job_id = transfer_store.start_export(unit, 2026, ARCHIVIST)
    outcome = run_transfer(portal, unit, job_id)
    record = jobs.job_record(job_id)
    items = reports.report(record["report_id"])["items"] if record["report_id"] else []
    assert outcome == "done", [(p["file"], p["text"]) for i in items for p in i["problems"]]
    assert record["state"] == progress.DONE, record["message"]
    assert record["done"] == 3 and record["result"]["passed"] is True
    path = transfer_store.downloadable(record)
    assert path and path.startswith(str(transfer_dir))
    assert record["result"]["size"] == os.path.getsize(path)
    # the package holds every item and file, and verifies on its own
    work = transfer_dir / "check"
    work.mkdir()
    verified = transfer.verify_package(path, str(work))
    assert [item.archival_code for item in verified.items] == [
        archive_info(d)["archival_code"] for d in archived
    ]
    names = zipfile.ZipFile(path).namelist()
    code = archive_info(archived[0])["archival_code"]
    assert f"{code}/metadata.xml" in names
    # PDF/A renditions beside the PDFs (Ghostscript is installed here)
    assert any(name.endswith(transfer.RENDITION_SUFFIX) for name in names if name.startswith(code))
    # both versions of the attachment
    assert len([n for n in names if n.startswith(code) and "附件1" in n]) == 2
    # the 四性检测 report at transfer
    stored = reports.report(record["report_id"])
    assert stored["kind"] == "transfer" and stored["passed"] and stored["totals"]["items"] == 3

    # the page lists it with its digests; the download streams it, nosniff
    view, html = page(folder, ARCHIVIST, year="2026")
    assert record["result"]["sha256"] in html and "下载移交包" in html
    request = portal.REQUEST
    _view, body = page(folder, ARCHIVIST, download=job_id)
    assert request.response.getHeader("X-Content-Type-Options") == "nosniff"
    assert request.response.getHeader("Content-Type") == "application/zip"
    data = b"".join(body)
    with open(path, "rb") as stream:
        assert data == stream.read()

    # import: the same package uploaded is verified by the worker, then the upload is gone
    upload = io.BytesIO(data)
    upload.filename = "移交包-118-2026.zip"
    with api.env.adopt_user(username=ARCHIVIST):
        import_id = transfer_store.start_import(unit, upload, ARCHIVIST)
    uploaded = transfer_store.package_path(import_id, transfer_store.IMPORT)
    assert os.path.isfile(uploaded)
    assert run_transfer(portal, unit, import_id) == "done"
    imported = jobs.job_record(import_id)
    assert imported["state"] == progress.DONE and imported["result"]["passed"]
    assert imported["result"]["items"] == 3 and imported["result"]["year"] == 2026
    assert not os.path.exists(uploaded)
    _view, html = page(folder, ARCHIVIST)
    assert "校验通过" in html
    # an import is never offered for download
    assert transfer_store.downloadable(imported) is None


def test_r_r3_a_file_no_longer_as_archived_blocks_the_export_naming_it(
    portal, unit, archived, transfer_dir
):
    document = archived[1]
    info = archive_info(document)
    files = [dict(entry) for entry in info["files"]]
    files[0]["sha256"] = "0" * 64  # the stored digest no longer matches the blob's bytes
    with lifted(document):
        write_archive_info(document, **dict(info, files=tuple(files)))
    job_id = transfer_store.start_export(unit, 2026, ARCHIVIST)
    assert run_transfer(portal, unit, job_id) == "refused"
    record = jobs.job_record(job_id)
    assert record["state"] == progress.FAILED
    text = record["message"]["default"]
    for key, value in record["message"]["mapping"].items():
        text = text.replace("${" + key + "}", value)
    assert info["archival_code"] in text and "校验值" in text
    assert transfer_store.downloadable(record) is None
    assert not any(name.endswith(".zip") for name in os.listdir(transfer_dir / "exports"))


def test_r_r3_a_tampered_package_is_refused_naming_the_file(portal, unit, archived, transfer_dir):
    job_id = transfer_store.start_export(unit, 2026, ARCHIVIST)
    assert run_transfer(portal, unit, job_id) == "done"
    path = transfer_store.downloadable(jobs.job_record(job_id))
    with zipfile.ZipFile(path) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    code = archive_info(archived[2])["archival_code"]
    victim = next(name for name in members if name.startswith(code) and "附件1" in name)
    changed = bytearray(members[victim])
    changed[0] ^= 0x01  # one byte
    members[victim] = bytes(changed)
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    tampered.seek(0)
    tampered.filename = "tampered.zip"
    import_id = transfer_store.start_import(unit, tampered, ARCHIVIST)
    assert run_transfer(portal, unit, import_id) == "refused"
    record = jobs.job_record(import_id)
    assert record["state"] == progress.FAILED
    assert record["message"]["mapping"]["name"] == victim
    folder = unit["archive"]
    _view, html = page(folder, ARCHIVIST)
    assert "校验未通过" in html and victim in html


def test_r_r3_export_of_a_year_with_nothing_archived_is_refused(portal, unit, folder):
    with pytest.raises(ArchiveError):
        transfer_store.start_export(unit, 2019, ARCHIVIST)
    post_as(folder, "gongwen-transfer", ARCHIVIST, year="2019", action="export")
    assert jobs.jobs_of(unit, progress.TRANSFER) == []
    assert portal.REQUEST.response.getHeader("Location").endswith("@@gongwen-transfer?year=2019")


def test_r_r3_the_page_is_the_archivists_and_refuses_hostile_input(portal, unit, folder):
    for user in ("cy_secretary1", "cy_director"):
        with pytest.raises(Unauthorized):
            page(folder, user)
    view, html = page(folder, ARCHIVIST, year="2026")
    assert "导出移交包" in html and "上传并校验" in html
    with pytest.raises(BadRequest):
        page(folder, ARCHIVIST, year="二〇二六")
    with pytest.raises(BadRequest):
        page(folder, ARCHIVIST, format="exe")
    with pytest.raises(NotFound):
        page(folder, ARCHIVIST, download="../../etc/passwd")
    other_folder = next(
        obj for obj in unit.objectValues() if obj.portal_type == "Folder" and obj is not folder
    )
    with pytest.raises(NotFound):  # another folder than a unit's 档案
        page(other_folder, "admin")
    # an empty upload, or none, is refused in Chinese and starts nothing
    empty = io.BytesIO(b"")
    empty.filename = "empty.zip"
    with pytest.raises(ArchiveError) as caught:
        transfer_store.start_import(unit, empty, ARCHIVIST)
    assert "空" in caught.value.message.default
    with pytest.raises(ArchiveError):
        transfer_store.start_import(unit, None, ARCHIVIST)
    assert not os.listdir(os.path.join(transfer_store.transfer_dir(), transfer_store.IMPORTS))
    # a package job of another unit is not downloadable here
    other = portal["xinxiang"]
    with pytest.raises(NotFound):
        page(other["archive"], "xx_archivist", download="nope")


def test_r_r3_an_export_whose_worker_died_is_ended_and_may_start_again(portal, unit, archived):
    job_id = transfer_store.start_export(unit, 2026, ARCHIVIST)
    # a worker claimed and wrote the first batch, then died
    assert call_endpoint(portal, "gongwen-transfer-claim", unit.UID(), job_id)[0] == 200
    status, _body = call_endpoint(
        portal, "gongwen-transfer-batch", unit.UID(), job_id, {"position": "0"}
    )
    assert status == 200 and jobs.job_record(job_id)["cursor"] == 3
    # a retry of the batch moves nothing; a bad position is refused
    call_endpoint(portal, "gongwen-transfer-batch", unit.UID(), job_id, {"position": "0"})
    assert jobs.job_record(job_id)["cursor"] == 3
    bad = call_endpoint(portal, "gongwen-transfer-batch", unit.UID(), job_id, {"position": "x"})
    assert bad[0] == 400
    # while its heartbeat is fresh, no second export of the year
    with pytest.raises(ArchiveError):
        transfer_store.start_export(unit, 2026, ARCHIVIST)
    # the queue's retry finds the package half written: the job is ended as interrupted
    assert run_transfer(portal, unit, job_id) == "refused"
    record = jobs.job_record(job_id)
    assert record["state"] == progress.FAILED and "中断" in record["message"]["default"]
    # a worker silent for the stall time: a new export ends it and starts
    second = transfer_store.start_export(unit, 2026, ARCHIVIST)
    jobs.update_job(second, state=progress.RUNNING, heartbeat=0)
    third = transfer_store.start_export(unit, 2026, ARCHIVIST)
    assert jobs.job_record(second)["state"] == progress.FAILED
    assert jobs.job_record(third)["state"] == progress.QUEUED
