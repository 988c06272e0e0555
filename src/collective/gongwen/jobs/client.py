"""The worker's HTTP client to the portal: one job's calls, its token, and the readiness wait.

Workers hold no database connection: they call the portal's token-checked
endpoints on the site root over HTTP (``JobClient``), so they run on any
machine that reaches the portal and the queue. Before a job runs,
``ensure_ready`` asks ``@@gongwen-ready``; a portal that is down, starting
or busy raises ``TransientError``, and the durable task (``queue``) puts the
job back on the queue with capped back-off (``backoff``). Each worker
process remembers the answer for a moment, so a backlog does not ask once
per job. An endpoint's "already done" answer (``once``) raises
``AlreadyDone``; a job the portal no longer waits for raises ``StaleJob``.
"""

import logging
import os
import threading
import time

import requests

from collective.gongwen.jobs import backoff
from collective.gongwen.jobs.once import ALREADY_DONE
from collective.gongwen.jobs.once import ALREADY_DONE_HEADER
from collective.gongwen.jobs.tokens import job_token
from collective.gongwen.jobs.tokens import stamp_token

logger = logging.getLogger("collective.gongwen.jobs")

HTTP_TIMEOUT = 60
TOKEN_HEADER = "X-Gongwen-Token"
READY_VIEW = "gongwen-ready"
READY_TIMEOUT = 10
# How long a worker process trusts the portal's last answer to @@gongwen-ready.
READY_MEMO_SECONDS = 5.0


class TransientError(Exception):
    """The portal could not be reached or asked us to come back later."""


class StaleJob(Exception):
    """The portal no longer waits for this job (replaced, re-queued, deleted, or a foreign key)."""


class AlreadyDone(Exception):
    """The portal already filed this job's result (a retry of a finished job)."""


def site_url_for(payload=None):
    """The portal's URL: ``GONGWEN_SITE_URL``, else the job's ``site_url`` ("" if neither)."""
    url = os.environ.get("GONGWEN_SITE_URL") or (payload or {}).get("site_url") or ""
    return url.rstrip("/")


_memo_lock = threading.Lock()
# site URL → (ready, monotonic time the answer is trusted until)
_memo = {}


def _remember(site_url, ready):
    settle = READY_MEMO_SECONDS if ready else min(READY_MEMO_SECONDS, backoff.configured().base)
    with _memo_lock:
        _memo[site_url] = (ready, time.monotonic() + settle)


def mark_down(site_url):
    """The portal did not answer a job's call: the next jobs of this process wait too."""
    _remember(site_url, False)


def probe(site_url):
    """True when ``@@gongwen-ready`` answers 200 to a fresh stamp of the shared key."""
    stamp = str(int(time.time()))
    try:
        response = requests.post(
            f"{site_url}/@@{READY_VIEW}",
            headers={TOKEN_HEADER: stamp_token(READY_VIEW, stamp)},
            data={"stamp": stamp},
            timeout=READY_TIMEOUT,
        )
    except requests.RequestException as error:
        logger.info("portal %s not reachable: %s", site_url, error)
        return False
    if response.status_code == 403:
        logger.error("portal %s refuses our key (GONGWEN_CONVERSION_SECRET differs)", site_url)
    elif response.status_code != 200:
        logger.info("portal %s not ready: HTTP %s", site_url, response.status_code)
    return response.status_code == 200


def ensure_ready(site_url):
    """Return when the portal answers; raise ``TransientError`` while it is down or starting."""
    now = time.monotonic()
    with _memo_lock:
        ready, until = _memo.get(site_url, (None, 0.0))
    if until <= now:
        ready = probe(site_url)
        _remember(site_url, ready)
    if not ready:
        raise TransientError(f"{site_url}: portal not ready")


class JobClient:
    """The portal's worker endpoints as seen by one job (``uid``, ``job_id``) of a worker."""

    def __init__(self, site_url, uid, job_id, timeout=HTTP_TIMEOUT):
        self.site_url = site_url.rstrip("/")
        self.uid = uid
        self.job_id = job_id
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers[TOKEN_HEADER] = job_token(uid, job_id)

    @classmethod
    def for_payload(cls, payload, **kwargs):
        """The client of the job ``payload`` (uid, job_id, site_url)."""
        return cls(site_url_for(payload), payload["uid"], payload["job_id"], **kwargs)

    def request(self, method, view, **kwargs):
        """Call ``@@view`` with the job's uid, id and token; the response, or a job exception."""
        url = f"{self.site_url}/@@{view}"
        data = {"uid": self.uid, "job": self.job_id, **kwargs.pop("data", {})}
        try:
            response = self.session.request(method, url, data=data, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            mark_down(self.site_url)
            raise TransientError(f"{url}: {error}") from error
        if response.headers.get(ALREADY_DONE_HEADER) == ALREADY_DONE:
            raise AlreadyDone(self.job_id)
        # 403: a token of another portal (or key); 404/409/410: replaced or deleted.
        if response.status_code in (403, 404, 409, 410):
            raise StaleJob(response.text[:200])
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientError(f"{url}: HTTP {response.status_code}")
        response.raise_for_status()
        return response

    def post(self, view, **kwargs):
        """``request("POST", view, ...)``."""
        return self.request("POST", view, **kwargs)
