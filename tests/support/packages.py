"""A worker's package job (R-RUN1, R-X3) run in the test's process against the portal's views.

``package_round_trip`` does what ``packaging.worker.run_package`` does over
HTTP — claim, fetch each file, build the ZIP in a child process, post it or
the refusal — with ``InProcessClient``, which calls the worker endpoints on
the site with the job's token (``renders.call_endpoint``), as tests of the
Plone layer have no served site. ``run_package_job`` runs the job a 发文
waits for; ``download_package`` asks ``@@gongwen-exchange-package`` for it.
"""

import io
import json

from plone import api

from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.packaging import worker
from collective.gongwen.packaging.store import waiting_job
from tests.support.renders import call_endpoint


class Answer:
    """An endpoint's answer as ``requests`` gives it to the worker."""

    def __init__(self, status, body):
        self.status_code = status
        self.body = body if isinstance(body, bytes | str) else b"".join(body)

    def json(self):
        return json.loads(self.body)

    def iter_content(self, size):
        data = self.body.encode() if isinstance(self.body, str) else self.body
        for start in range(0, len(data), size):
            yield data[start : start + size]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class InProcessClient:
    """``jobs.client.JobClient``'s ``post`` on the portal's own views (no served site)."""

    def __init__(self, portal, uid, job_id):
        self.portal, self.uid, self.job_id = portal, uid, job_id
        self.answers = []

    def post(self, view, data=None, files=None, stream=False):
        form = dict(data or {})
        for name, (_filename, content, _type) in (files or {}).items():
            form[name] = io.BytesIO(content)
        status, body = call_endpoint(self.portal, view, self.uid, self.job_id, form)
        self.answers.append((view, status))
        if status in (403, 404, 409, 410):
            raise StaleJob(str(body)[:200])
        assert status < 400, (view, status, body)
        return Answer(status, body)


def package_round_trip(portal, document, job=None):
    """Run package job ``job`` (the one waited for by default); the worker's outcome."""
    job = job if job is not None else waiting_job(document)
    payload = {"uid": document.UID(), "job_id": job}
    return worker.run_package(payload, InProcessClient(portal, document.UID(), job))


def run_package_job(document, portal=None):
    """Run the package job ``document`` waits for, if any; the outcome or None."""
    portal = portal if portal is not None else api.portal.get()
    if waiting_job(document) is None:
        return None
    return package_round_trip(portal, document)


def download_package(document):
    """``@@gongwen-exchange-package`` on ``document`` as the current user: its body."""
    request = api.portal.get().REQUEST
    request.method = "GET"
    request.form.clear()
    request.response.setStatus(200)
    body = document.restrictedTraverse("@@gongwen-exchange-package")()
    return body if isinstance(body, bytes | str) or body is None else b"".join(body)


def package_of(document):
    """The package's ZIP as the download gives it, its job run first (bytes)."""
    download_package(document)
    run_package_job(document)
    return download_package(document)
