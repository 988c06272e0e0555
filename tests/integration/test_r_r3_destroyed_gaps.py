"""R-R2 × R-R3: an item destroyed under the 销毁清册 leaves a 件号 that is no gap.

Three finished 发文 of 2015 (建议保管期限 定期10年, due since 2026-01-01) are archived by the
real 归档 job (四性检测 with a real clamd), so they take 件号 1–3 of one group; the second is
appraised 销毁, requested, approved by the three functions and destroyed by the real
执行销毁 job (its 销毁清册 entry, then the purge). Then the year's 四性检测 re-check
(``pipeline.finish_job``) and a 移交 export of 2015 read the register: no 件号 gap, the
package passes, its index.xml names the destroyed item (已销毁) and an import of it verifies.
Without the register entry, the same gap is named by both.
"""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from plone import api

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import register
from collective.gongwen.archive import reports
from collective.gongwen.archive import transfer
from collective.gongwen.archive import transfer_store
from collective.gongwen.archive.record import archive_info
from collective.gongwen.jobs.stores import site_btree
from tests.integration.test_r_r2_disposal import approved_request
from tests.integration.test_r_r3_transfer import run_transfer
from tests.support.expired import execute
from tests.support.finished import finished_outgoing
from tests.support.finished import run_archive_job

ARCHIVIST = "cy_archivist"
YEAR = 2015

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def transfer_dir(tmp_path, monkeypatch):
    path = tmp_path / "transfers"
    monkeypatch.setenv(transfer_store.DIR_ENV, str(path))
    return path


@pytest.fixture
def unit(portal):
    return portal["changyuan"]


@pytest.fixture
def destroyed(portal, unit, clamd_socket):
    """件号 1–3 of 2015 archived by the real job, 件号 2 destroyed: (kept, gone 档号)."""
    documents = [finished_outgoing(portal, n, year=YEAR) for n in range(1, 4)]
    for document in documents:
        document.retention = "10_years"  # the 建议保管期限 the 归档章 takes
        document.reindexObject()
    job_id = pipeline.start_archive(unit, ARCHIVIST, year=YEAR)
    assert run_archive_job(portal, unit, job_id) == "done"
    assert jobs.job_record(job_id)["failed"] == 0
    codes = [archive_info(d)["archival_code"] for d in documents]
    assert [archive_info(d)["item_number"] for d in documents] == [1, 2, 3]
    assert "·2015-D10-" in codes[1] and codes[1].endswith("-0002")
    request = approved_request(portal, [documents[1]])
    assert execute(request["id"])["state"] == "executed"
    assert [e["archival_code"] for e in register.entries(unit.UID(), YEAR)] == [codes[1]]
    return [documents[0], documents[2]], codes[1]


def _forget_register():
    """The register as if the item had gone without a 销毁清册 entry (a real gap)."""
    store = site_btree(register.REGISTER_KEY, create=False)
    for number in list(store.keys()):
        del store[number]


def _recheck(portal, unit):
    job_id = pipeline.start_check(unit, YEAR, ARCHIVIST)
    assert run_archive_job(portal, unit, job_id) == "done"
    record = jobs.job_record(job_id)
    assert record["state"] == progress.DONE
    return reports.report(record["report_id"])


def test_r_r3_a_destroyed_item_is_read_back_from_the_register(unit, destroyed):
    _kept, code = destroyed
    (pair,) = register.destroyed_items(unit.UID(), YEAR)
    group, number = pair
    assert number == 2 and group[1] == YEAR and group[2] == "10_years"
    assert register.destroyed_items(unit.UID(), YEAR + 1) == []
    (line,) = register.destroyed_codes(unit.UID(), YEAR)
    assert line["archival_code"] == code and line["register_number"]
    assert line["destroyed_at"].startswith("2026-") and line["destroyed_at"].endswith("+08:00")


def test_r_r3_the_years_recheck_after_destruction_finds_no_gap(portal, unit, destroyed):
    checked = _recheck(portal, unit)
    assert checked["totals"]["items"] == 2
    assert checked["sequence"] == [] and checked["passed"], checked["sequence"]
    # the same year without the register entry: the gap is named
    _forget_register()
    checked = _recheck(portal, unit)
    assert not checked["passed"]
    (problem,) = checked["sequence"]
    assert "缺少件号 2" in problem["text"] and "118-WS·2015-D10" in problem["text"]


def test_r_r3_a_year_with_a_destruction_transfers_and_its_package_says_so(
    portal, unit, destroyed, tmp_path
):
    _kept, code = destroyed
    job_id = transfer_store.start_export(unit, YEAR, ARCHIVIST)
    assert run_transfer(portal, unit, job_id) == "done"
    record = jobs.job_record(job_id)
    assert record["state"] == progress.DONE and record["result"]["passed"], record["message"]
    assert record["result"]["destroyed"] == 1
    path = transfer_store.downloadable(record)
    index = ET.fromstring(zipfile.ZipFile(path).read(transfer.INDEX_NAME))
    (line,) = index.findall(transfer.DESTROYED_ELEMENT)
    assert line.get("档号") == code and line.get("件号") == "2"
    assert index.get("件数") == "2"
    work = tmp_path / "verify"
    work.mkdir()
    assert [number for _group, number in transfer.verify_package(path, str(work)).destroyed] == [2]
    # the receiving archive's import verifies it too
    with open(path, "rb") as stream:
        upload = io.BytesIO(stream.read())
    upload.filename = "移交包-118-2015.zip"
    with api.env.adopt_user(username=ARCHIVIST):
        import_id = transfer_store.start_import(unit, upload, ARCHIVIST)
    assert run_transfer(portal, unit, import_id) == "done"
    assert jobs.job_record(import_id)["result"]["passed"]


def test_r_r3_without_the_register_entry_the_transfer_is_blocked_naming_the_gap(
    portal, unit, destroyed
):
    _forget_register()
    job_id = transfer_store.start_export(unit, YEAR, ARCHIVIST)
    assert run_transfer(portal, unit, job_id) == "refused"
    record = jobs.job_record(job_id)
    assert record["state"] == progress.FAILED and transfer_store.downloadable(record) is None
    (problem,) = reports.report(record["report_id"])["sequence"]
    assert "缺少件号 2" in problem["text"]
