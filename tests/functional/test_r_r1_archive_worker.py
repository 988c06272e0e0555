"""R-R1, R-R3, R-RUN1 for real: a year is archived by a real worker, batch after batch.

cy_archivist starts 2026's 批量归档 on the served site's ``@@gongwen-archive-year`` (the
page's CSRF token, basic auth); a real ``gongwen-worker`` claims each batch over HTTP,
streams every version of every file, runs 四性检测 with a real clamd and files the results.
A worker killed in the middle of a job loses nothing and doubles nothing: the job shows as
stalled, 「继续」 queues it again, a new worker goes on from the job's cursor and the 件号
stay gapless.
"""

import os
import re
import signal
import threading
import time

import pytest
import requests
import transaction
from ZODB.POSException import ConflictError

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive.record import archive_info
from collective.gongwen.jobs.queue import huey
from tests.support.finished import finished_outgoing
from tests.support.rest import demo
from tests.support.waiting import wait_for
from tests.support.workers import running_worker

pytestmark = pytest.mark.slow

YEAR = 2026


def _token(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def start_year(portal_url):
    """cy_archivist starts 批量归档 of ``YEAR``; (session, the job page's URL, job id)."""
    session = requests.Session()
    session.auth = demo("cy_archivist")
    page = f"{portal_url}/changyuan/archive/@@gongwen-archive-year?year={YEAR}"
    shown = session.get(page, timeout=60)
    assert shown.status_code == 200
    assert "尚未归档的公文共" in shown.text
    started = session.post(page, data={"year": YEAR, "_authenticator": _token(shown.text)})
    assert started.status_code == 200 and "@@gongwen-archive-job" in started.url
    return session, started.url, started.url.rsplit("id=", 1)[1]


FAST_BACKOFF = {"GONGWEN_JOB_BACKOFF_SCALE": "0.05"}


def _logs(folder, record):
    """The job's record and the workers' logs, for a failure's message."""
    logs = "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-6000:]}"
        for path in sorted(folder.glob("*.log"))
    )
    return f"job: {record}\n{logs}"


def job_json(session, job_url):
    return session.get(f"{job_url}&format=json", timeout=60).json()


def test_r_r1_a_year_is_archived_by_the_worker(
    clamd_socket, functional_portal, portal_url, conversion_worker
):
    documents = [finished_outgoing(functional_portal, n) for n in range(1, 4)]
    transaction.commit()
    session, job_url, job_id = start_year(portal_url)
    assert wait_for(lambda: jobs.job_record(job_id)["state"] == "done", timeout=180)
    data = job_json(session, job_url)
    assert data["job"]["percent"] == 100 and data["job"]["done"] == 3
    assert data["job"]["report_url"].endswith(jobs.job_record(job_id)["report_id"])
    assert [archive_info(d)["item_number"] for d in documents] == [1, 2, 3]
    # Nothing of the year is left to archive: the page offers no start.
    page = f"{portal_url}/changyuan/archive/@@gongwen-archive-year?year={YEAR}"
    shown = session.get(page, timeout=60)
    assert "尚未归档的公文共 <strong>0</strong> 件" in shown.text
    assert "gongwen-archive-year-start" not in shown.text


def test_r_run1_a_killed_worker_loses_and_doubles_nothing(
    clamd_socket, functional_portal, portal_url, tmp_path, monkeypatch
):
    # One item per batch, so that the worker is killed between batches of the same job.
    monkeypatch.setattr(progress, "BATCH_SIZE", 1)
    # The served site files no batch after the second until the worker is killed: else a
    # fast worker finishes the job between two looks at it.
    killed = threading.Event()
    file_batch = pipeline.file_batch

    def gated(unit, job_id, position, results):
        if jobs.job_record(job_id)["done"] >= 2:
            killed.wait(60)
        return file_batch(unit, job_id, position, results)

    monkeypatch.setattr(pipeline, "file_batch", gated)
    documents = [finished_outgoing(functional_portal, n) for n in range(1, 7)]
    transaction.commit()
    huey.flush()
    session, job_url, job_id = start_year(portal_url)
    with running_worker(portal_url, tmp_path / "first.log", env=FAST_BACKOFF) as first:
        assert wait_for(lambda: jobs.job_record(job_id)["done"] >= 2, timeout=180)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    killed.set()
    transaction.abort()
    record = jobs.job_record(job_id)
    assert record["state"] == "running" and record["done"] < 6
    # Silent for long enough: stalled; the page offers 「继续」. A request the killed worker
    # had already sent may still be filed meanwhile: retry the write after its conflict.
    for _attempt in range(5):
        try:
            jobs.update_job(job_id, heartbeat=0)
            transaction.commit()
            break
        except ConflictError:
            transaction.abort()
            time.sleep(1)
    page = session.get(job_url, timeout=60)
    assert "后台已较长时间没有进展" in page.text
    resumed = session.post(
        job_url.split("?")[0], data={"id": job_id, "_authenticator": _token(page.text)}
    )
    assert "任务已重新排队" in resumed.text
    # A request of the new worker that meets a conflict or a busy portal is retried after
    # the durable job's back-off (minutes in production): seconds here, so that a retry or
    # two fit in the wait.
    with running_worker(portal_url, tmp_path / "second.log", env=FAST_BACKOFF):
        finished = wait_for(lambda: jobs.job_record(job_id)["state"] == "done", timeout=180)
    assert finished, _logs(tmp_path, jobs.job_record(job_id))
    huey.flush()
    record = jobs.job_record(job_id)
    assert (record["done"], record["failed"], record["cursor"]) == (6, 0, 6)
    assert sorted(archive_info(d)["item_number"] for d in documents) == [1, 2, 3, 4, 5, 6]
