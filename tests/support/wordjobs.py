"""The Word 正文's worker jobs (R-D6) run in the test's process against the portal's own views.

``run_wordbody_jobs(document)`` does what a worker does over HTTP for every job
the document waits for — analyse, compare, 清稿 (real LibreOffice) — through
``wordbody.worker.run_job`` with ``PortalClient``, which calls
``@@gongwen-wordbody-claim`` / ``-source`` / ``-result`` on the site with the
job's token, as tests of the Plone layer have no served site.
"""

import io
import json

from plone import api

from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.jobs.client import TransientError
from collective.gongwen.wordbody import jobs
from collective.gongwen.wordbody.worker import run_job
from tests.support.renders import call_endpoint


class Answer:
    """The part of ``requests.Response`` the worker reads."""

    def __init__(self, status, body):
        self.status_code = status
        if isinstance(body, bytes):
            self.content = body
        elif isinstance(body, str):
            self.content = body.encode("utf-8")
        else:  # a stream_file iterator
            self.content = b"".join(body)
        self.text = self.content.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.text)

    def iter_content(self, size):
        for start in range(0, len(self.content), size):
            yield self.content[start : start + size]


class PortalClient:
    """``jobs.client.JobClient`` for one job, calling the views in this process."""

    def __init__(self, portal, uid, job_id, token=None):
        self.portal, self.uid, self.job_id, self.token = portal, uid, job_id, token
        self.answers = []

    def post(self, view, data=None, files=None, stream=False):
        form = dict(data or {})
        for name, (_filename, content, *_type) in (files or {}).items():
            form[name] = io.BytesIO(content)
        status, body = call_endpoint(self.portal, view, self.uid, self.job_id, form, self.token)
        self.answers.append((view, status))
        if status in (403, 404, 409, 410):
            raise StaleJob(str(body)[:200])
        if status == 429 or status >= 500:
            raise TransientError(f"{view}: HTTP {status}")
        if status >= 400:
            raise AssertionError(f"{view}: HTTP {status} {str(body)[:300]}")
        return Answer(status, body)


def run_wordbody_jobs(document, portal=None):
    """Run every Word 正文 job ``document`` waits for the way the worker does.

    Returns ``{key: outcome}`` ("done", "failed", "stale") of the jobs run.
    """
    portal = portal if portal is not None else api.portal.get()
    outcomes = {}
    for _round in range(3):
        waiting = jobs.waiting_jobs(document)
        if not waiting:
            break
        for key, job_id in waiting:
            payload = {"uid": document.UID(), "job_id": job_id, "key": key, "site_url": ""}
            client = PortalClient(portal, document.UID(), job_id)
            outcomes[key] = run_job(payload, client=client)
    return outcomes
