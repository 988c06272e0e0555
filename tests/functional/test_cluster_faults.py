"""Faults of the cluster (issue 21 item 7), on real servers.

A worker killed mid-job: a real ``gongwen-worker`` on a private Redis (the
portal's queue moved there) converts an 8-page scan; SIGKILL to its process
group while the file is 转换中 loses the job huey had taken off the queue. A
new worker (the one running periodic jobs) sweeps at start, puts the job back
once and converts the file: filed once (the ledger holds the one job id).

PostgreSQL stopped for 30 s under load: one Zope instance on RelStorage
(scripts/make_instance.py --storage relstorage, the audit store in
PostgreSQL too) serves a drafter creating 发文 drafts over REST and a reader
opening a page, from threads. While PostgreSQL is away every answer is 503
with ``Retry-After`` and 「系统维护中」 (the page, or JSON for REST) — never a 500;
once it is back the instance answers 200 again by itself within seconds;
every draft whose creation was acknowledged (201) is there exactly once, with
its audit entry, and no draft is there twice.

The audit store's PostgreSQL away while ZODB answers (the served test layer):
a write is answered 503 「系统维护中」 (the exception view's answer: the vote of
the audit entries failed) and is not done; reading still works.
"""

import os
import signal
import threading
import time

import psycopg2
import pytest
import requests
import transaction
from huey.storage import RedisStorage
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.audit import record
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.jobs import sweeper
from collective.gongwen.jobs.endpoint import LEDGER_KEY
from collective.gongwen.jobs.queue import QUEUE_NAME
from collective.gongwen.jobs.queue import huey
from tests.functional.test_conversion_worker import add_files
from tests.functional.test_conversion_worker import incoming  # noqa: F401 (fixture)
from tests.support import faults
from tests.support.postgres import dsn_of
from tests.support.rest import JSON
from tests.support.rest import demo
from tests.support.workers import running_redis
from tests.support.workers import running_worker

pytestmark = pytest.mark.slow

DRAFTER = demo("cy_eng_staff")
MAINTENANCE = "系统维护中，请稍后再试"
OUTAGE_SECONDS = 30


@pytest.fixture(scope="module")
def relstorage_site(tmp_path_factory):
    """A site on RelStorage/PostgreSQL (audit store there too) served by runwsgi."""
    with faults.relstorage_site(tmp_path_factory.mktemp("cluster-faults") / "var") as site:
        yield site


class Load:
    """A drafter creating drafts and a reader opening a page, each in its own thread."""

    def __init__(self, site_url):
        self.site_url = site_url
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # (time sent, kind, status, content type, retry-after, text head)
        self.answers = []
        self.created = {}  # title → (status, UID or None)
        self.threads = [
            threading.Thread(target=self.draft, daemon=True),
            threading.Thread(target=self.read, daemon=True),
        ]

    def note(self, sent, kind, response):
        with self.lock:
            self.answers.append(
                (
                    sent,
                    kind,
                    response.status_code,
                    response.headers.get("Content-Type", ""),
                    response.headers.get("Retry-After"),
                    response.text[:2000],
                )
            )

    def draft(self):
        session = requests.Session()
        number = 0
        while not self.stop.is_set():
            number += 1
            title = f"关于故障演练的通知（第{number}号）"
            sent = time.monotonic()
            response = session.post(
                f"{self.site_url}/changyuan/outgoing",
                json={"@type": "gongwen_outgoing", "title": title, "doc_kind": "notice"},
                headers=JSON,
                auth=DRAFTER,
                timeout=120,
            )
            self.note(sent, "draft", response)
            uid = response.json().get("UID") if response.status_code == 201 else None
            with self.lock:
                self.created[title] = (response.status_code, uid)
            time.sleep(0.2)

    def read(self):
        session = requests.Session()
        while not self.stop.is_set():
            sent = time.monotonic()
            response = session.get(
                f"{self.site_url}/changyuan/outgoing",
                headers={"Accept": "text/html"},
                auth=DRAFTER,
                timeout=120,
            )
            self.note(sent, "page", response)
            time.sleep(0.3)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=180)

    def between(self, start, end):
        """The answers to the requests sent from ``start`` to ``end``."""
        with self.lock:
            return [answer for answer in self.answers if start <= answer[0] < end]


def wait_until(check, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def listed_titles(site_url):
    response = requests.get(
        f"{site_url}/@search",
        params={"portal_type": "gongwen_outgoing", "b_size": 1000, "metadata_fields": "UID"},
        headers=JSON,
        auth=DRAFTER,
        timeout=120,
    )
    assert response.status_code == 200, response.text[:500]
    return [(item["title"], item["UID"]) for item in response.json()["items"]]


def audited_uids(postgres, uids):
    connection = psycopg2.connect(dsn_of(postgres.port, "gongwen_audit"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT object_uid FROM entry WHERE object_uid = ANY(%s)", (list(uids),)
            )
            return {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()


def test_cluster_faults_postgresql_away_30s_maintenance_page_then_back_nothing_lost(
    relstorage_site,
):
    site_url, root, postgres = (relstorage_site[k] for k in ("url", "root", "postgres"))
    assert faults.healthy(root)
    with Load(site_url) as load:
        assert wait_until(
            lambda: sum(1 for s, _uid in load.created.values() if s == 201) >= 3, timeout=120
        ), load.answers[-3:]
        postgres.run("stop")
        stopped = time.monotonic()  # stopped: every request sent from now on finds it away
        time.sleep(3)
        assert requests.get(f"{root}/@@gongwen-health", timeout=30).status_code == 503
        time.sleep(OUTAGE_SECONDS - 3)
        outage_end = time.monotonic()
        postgres.run("start")
        started = time.monotonic()
        assert wait_until(lambda: faults.healthy(root), timeout=60), (
            "the instance did not come back"
        )
        back_after = time.monotonic() - started
        # A little more load on the recovered instance.
        recovered = time.monotonic()
        assert wait_until(
            lambda: any(a[2] == 201 for a in load.between(recovered, time.monotonic())),
            timeout=60,
        )
        assert wait_until(
            lambda: any(
                a[1] == "page" and a[2] == 200 for a in load.between(recovered, time.monotonic())
            ),
            timeout=60,
        )

    assert back_after < 30, f"the instance took {back_after:.1f} s to answer again"
    # Never a 500 (nor any other error) — before, during or after the outage.
    statuses = {answer[2] for answer in load.answers}
    assert statuses <= {200, 201, 503}, [a[:5] for a in load.answers if a[2] not in (200, 201)]
    # Every request sent while PostgreSQL was away (not just before it starts again): 503.
    during = load.between(stopped, outage_end - 2)
    assert len(during) >= 20 and {answer[2] for answer in during} == {503}
    for _when, kind, _status, content_type, retry_after, text in during:
        assert retry_after == "10"
        assert MAINTENANCE in text, text[:300]
        assert "Traceback" not in text
        if kind == "page":
            assert content_type.startswith("text/html") and "<h1>系统维护中</h1>" in text
        else:
            assert content_type.startswith("application/json")
    # Every acknowledged draft is there once; none is there twice; each has its audit entry.
    acknowledged = {title: uid for title, (status, uid) in load.created.items() if status == 201}
    assert len(acknowledged) >= 4
    listed = listed_titles(site_url)
    titles = [title for title, _uid in listed]
    assert sorted(set(titles)) == sorted(titles), "a draft is there twice"
    assert set(acknowledged) <= set(titles), set(acknowledged) - set(titles)
    assert {uid for title, uid in listed if title in acknowledged} == set(acknowledged.values())
    assert audited_uids(postgres, acknowledged.values()) == set(acknowledged.values())


# Kill a worker mid-job: the job is redone, once.

FAST = {"GONGWEN_JOB_BACKOFF_SCALE": "0.05"}  # heartbeats every 0.75 s, dead after 3 s


@pytest.fixture
def redis_queue(functional, tmp_path, monkeypatch):
    """The portal's queue moved to a private Redis for the test (the cluster's queue); its URL."""
    with running_redis(tmp_path) as url:
        monkeypatch.setattr(huey, "storage", RedisStorage(QUEUE_NAME, url=url))
        yield url


def test_cluster_faults_worker_killed_mid_job_job_redone_once(
    incoming,  # noqa: F811
    long_samples,
    redis_queue,
    portal_url,
    tmp_path,
):
    log = tmp_path / "worker.log"
    # An 8-page scan: OCR takes a while, long enough to kill its worker in the middle.
    (scan,) = add_files(incoming, long_samples["scan"])
    job_id = conversion_status(scan)["job_id"]

    def status():
        transaction.begin()
        return conversion_status(scan)

    with running_worker(portal_url, log, "--queue", redis_queue, "--no-periodic", env=FAST) as w:
        assert wait_until(lambda: status()["state"] == "converting", 120, 0.05), log.read_text()
        os.killpg(w.pid, signal.SIGKILL)  # the consumer, its workers and their tools
        w.wait(timeout=60)
    assert status()["state"] == "converting" and status()["attempts"] == 1
    assert huey.pending_count() == 0  # huey lost it with the worker
    (record,) = sweeper.running_records(huey).values()
    assert record["id"] and record["name"].endswith("convert_file")

    # Its heartbeat stops; the next worker (the one that runs periodic jobs) sweeps at start.
    assert wait_until(lambda: time.time() - record["beat"] > 4, 30)
    with running_worker(portal_url, log, "--queue", redis_queue, env=FAST):
        assert wait_until(lambda: status()["state"] == "done", 600, 0.5), log.read_text()[-3000:]
    final = status()
    assert final["attempts"] == 2 and final["pages"] == 8
    assert list(IAnnotations(scan)[LEDGER_KEY]) == [job_id]  # filed once, by the redone job
    assert sweeper.running_records(huey) == {} and sweeper.given_up(huey) == {}
    assert "queued again once" in log.read_text()


# The audit store's PostgreSQL away while ZODB answers: the write is refused with the 503 answer.

AUDIT_AWAY = "postgresql://gongwen_app@127.0.0.1:1/gongwen_audit"


@pytest.fixture
def audit_store_away(functional, monkeypatch):
    """The served site's audit store in a PostgreSQL that refuses connections."""
    monkeypatch.setenv("GONGWEN_AUDIT_DB", AUDIT_AWAY)
    yield
    monkeypatch.undo()
    record._stores.pop(AUDIT_AWAY, None)


def test_cluster_faults_audit_store_away_a_write_is_answered_503_and_not_done(
    functional_portal, portal_url, audit_store_away
):
    title = "关于审计库不可用时拟稿的通知"
    response = requests.post(
        f"{portal_url}/changyuan/outgoing",
        json={"@type": "gongwen_outgoing", "title": title, "doc_kind": "notice"},
        headers=JSON,
        auth=DRAFTER,
        timeout=120,
    )
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "10"
    assert response.headers["Content-Type"].startswith("application/json")
    assert MAINTENANCE in response.json()["message"]

    page = requests.get(f"{portal_url}/changyuan/outgoing", auth=DRAFTER, timeout=120)
    assert page.status_code == 200  # reading needs no audit entry
    transaction.begin()
    assert not api.content.find(portal_type="gongwen_outgoing", Title=title)
