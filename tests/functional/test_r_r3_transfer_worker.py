"""R-R3 移交 for real: a year exported by a real worker, downloaded, uploaded back and verified.

2026's 发文 are archived by B1's real 归档 job (real worker, real clamd). cy_archivist then
starts 「导出移交包」 on the served site's ``@@gongwen-transfer`` (the page's CSRF token, basic
auth); a real ``gongwen-worker`` claims the items over HTTP, streams every archived file
version through ``@@gongwen-archive-file``, writes the package (with PDF/A renditions),
verifies it and runs 四性检测 with clamd. The package downloads (nosniff) and verifies on its
own; uploaded back it is verified by the worker; with one byte changed in one file it is
refused, naming that file. Hostile requests get 4xx.
"""

import io
import re
import zipfile

import pytest
import requests
import transaction

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import transfer
from collective.gongwen.archive import transfer_store
from collective.gongwen.archive.record import archive_info
from tests.support.finished import finished_outgoing
from tests.support.rest import demo
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow

TIMEOUT = 60
YEAR = 2026


@pytest.fixture
def transfer_dir(tmp_path, monkeypatch):
    """The portal's transfer folder for this test (the worker writes where the claim says)."""
    path = tmp_path / "transfers"
    monkeypatch.setenv(transfer_store.DIR_ENV, str(path))
    return path


def _token(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def _finished(job_id):
    record = jobs.job_record(job_id)
    return record is not None and progress.is_finished(record["state"])


def _newest(unit, direction):
    found = transfer_store.transfer_jobs(unit, direction)
    return found[0] if found else None


def test_r_r3_a_year_is_exported_downloaded_and_verified_on_import(
    clamd_socket, transfer_dir, functional_portal, portal_url, conversion_worker, tmp_path
):
    unit = functional_portal["changyuan"]
    documents = [finished_outgoing(functional_portal, n) for n in range(1, 4)]
    archive_job = pipeline.start_archive(unit, "cy_archivist", year=YEAR)
    transaction.commit()
    assert wait_for(lambda: _finished(archive_job), timeout=240)
    assert jobs.job_record(archive_job)["state"] == "done"

    session = requests.Session()
    session.auth = demo("cy_archivist")
    page = f"{portal_url}/changyuan/archive/@@gongwen-transfer?year={YEAR}"
    shown = session.get(page, timeout=TIMEOUT)
    assert shown.status_code == 200 and "导出移交包" in shown.text
    started = session.post(
        page,
        data={"year": YEAR, "action": "export", "_authenticator": _token(shown.text)},
        timeout=TIMEOUT,
    )
    assert started.status_code == 200 and "已开始生成2026年度移交包" in started.text
    transaction.begin()
    export = _newest(unit, "export")
    assert wait_for(lambda: _finished(export["id"]), timeout=300)
    record = jobs.job_record(export["id"])
    assert record["state"] == "done", record["message"]
    status = session.get(f"{page}&format=json", timeout=TIMEOUT).json()
    row = next(job for job in status["jobs"] if job["id"] == export["id"])
    assert row["passed"] and row["percent"] == 100 and row["download_url"]

    got = session.get(row["download_url"], timeout=TIMEOUT)
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "application/zip"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in got.headers["Content-Disposition"]
    assert len(got.content) == record["result"]["size"]
    package = tmp_path / "package.zip"
    package.write_bytes(got.content)
    work = tmp_path / "work"
    work.mkdir()
    verified = transfer.verify_package(str(package), str(work))
    assert [item.archival_code for item in verified.items] == [
        archive_info(d)["archival_code"] for d in documents
    ]
    names = zipfile.ZipFile(package).namelist()
    assert any(name.endswith(transfer.RENDITION_SUFFIX) for name in names)

    # uploaded back: the worker verifies it
    shown = session.get(page, timeout=TIMEOUT)
    uploaded = session.post(
        page,
        data={"year": YEAR, "action": "import", "_authenticator": _token(shown.text)},
        files={"package": ("移交包-118-2026.zip", got.content, "application/zip")},
        timeout=TIMEOUT,
    )
    assert uploaded.status_code == 200 and "正在校验" in uploaded.text
    transaction.begin()
    verification = _newest(unit, "import")
    assert wait_for(lambda: _finished(verification["id"]), timeout=300)
    assert jobs.job_record(verification["id"])["state"] == "done"
    shown = session.get(page, timeout=TIMEOUT)
    assert "校验通过" in shown.text

    # one byte changed in one file: refused, naming the file
    with zipfile.ZipFile(package) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    victim = next(name for name in names if "附件1" in name and name.endswith(".txt"))
    changed = bytearray(members[victim])
    changed[-2] ^= 0x20
    members[victim] = bytes(changed)
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    uploaded = session.post(
        page,
        data={"year": YEAR, "action": "import", "_authenticator": _token(shown.text)},
        files={"package": ("tampered.zip", tampered.getvalue(), "application/zip")},
        timeout=TIMEOUT,
    )
    assert uploaded.status_code == 200
    transaction.begin()
    refused = _newest(unit, "import")
    assert refused["id"] != verification["id"]
    assert wait_for(lambda: _finished(refused["id"]), timeout=300)
    assert jobs.job_record(refused["id"])["state"] == "failed"
    shown = session.get(page, timeout=TIMEOUT)
    assert "校验未通过" in shown.text and victim in shown.text and "SHA-256" in shown.text


def test_r_r3_the_transfer_page_answers_hostile_requests_with_4xx(
    transfer_dir, functional_portal, portal_url
):
    archive = f"{portal_url}/changyuan/archive/@@gongwen-transfer"
    archivist = demo("cy_archivist")
    before = len(transfer_store.transfer_jobs(functional_portal["changyuan"]))
    for params in (
        {"year": "abc"},
        {"year": "2026' OR 1=1"},
        {"format": "exe"},
    ):
        answer = requests.get(archive, params=params, auth=archivist, timeout=TIMEOUT)
        assert answer.status_code == 400, (params, answer.status_code)
    for bad in ("nope", "../../etc/passwd", "x" * 5000):
        answer = requests.get(archive, params={"download": bad}, auth=archivist, timeout=TIMEOUT)
        assert answer.status_code == 404, (bad[:20], answer.status_code)
    # a POST without the CSRF token starts nothing
    answer = requests.post(
        archive, data={"action": "export", "year": "2026"}, auth=archivist, timeout=TIMEOUT
    )
    assert answer.status_code == 403
    # a POST of an unknown action, or an import without a file, with the token
    session = requests.Session()
    session.auth = archivist
    token = _token(session.get(archive, timeout=TIMEOUT).text)
    answer = session.post(archive, data={"action": "nuke", "_authenticator": token})
    assert answer.status_code == 400
    answer = session.post(archive, data={"action": "import", "_authenticator": token})
    assert answer.status_code == 200 and "请选择要导入的移交包" in answer.text
    for user in ("cy_secretary1", "xx_archivist"):
        answer = requests.get(archive, auth=demo(user), timeout=TIMEOUT, allow_redirects=False)
        assert answer.status_code in (302, 401, 403), (user, answer.status_code)
    transaction.begin()
    assert len(transfer_store.transfer_jobs(functional_portal["changyuan"])) == before
