"""``@@gongwen-package-claim``, ``-file`` and ``-result``: a worker's package job (R-RUN1, R-X3).

Called by workers with the job's token (``jobs.endpoint.WorkerEndpoint``),
not by users, on the site root. The claim answers what to build as JSON
(``store.claim_package``): the metadata as written and the files with their
sizes and the limits (``rules``). ``-file`` streams one claimed file from
its blob. ``-result`` files the ZIP, or why there is none. A job the 发文
no longer waits for is answered 409; a job that must wait for the one
running, 429. Exactly once comes from the job record (a filed job is no
longer running), not from a ledger on the document: nothing here writes it.
"""

import json

from collective.gongwen.content.files import stream_file
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.jobs.endpoint import WorkerEndpoint
from collective.gongwen.packaging import rules
from collective.gongwen.packaging.store import claim_package
from collective.gongwen.packaging.store import claimed_file
from collective.gongwen.packaging.store import file_package
from collective.gongwen.packaging.store import is_blocked
from collective.gongwen.packaging.store import running_job
from collective.gongwen.packaging.store import waiting_job

ZIP_MAGIC = b"PK\x03\x04"
MAX_MAPPING = 2000


class PackageEndpoint(WorkerEndpoint):
    """A package job's endpoint, for a 发文."""

    def is_current(self, obj, job_id):
        return IGongwenOutgoing.providedBy(obj) and self.current_job(obj) == job_id

    def current_job(self, document):
        """The job of ``document`` this endpoint answers: the running one by default."""
        return running_job(document)


class PackageClaim(PackageEndpoint):
    """The worker starts the job: here is what to build. 429 while an earlier job still runs."""

    def current_job(self, document):
        return waiting_job(document)

    def handle(self, document):
        job_id = self.request.form["job"]
        if is_blocked(document, job_id):
            return self.answer(429, error="an earlier package job is running")
        job = claim_package(document, job_id)
        if job is None:
            return self.answer(409, error="stale job")
        return self.answer(200, **job)


class PackageFile(PackageEndpoint):
    """One file the running job claimed, streamed from its blob."""

    def handle(self, document):
        item = claimed_file(document, self.request.form["job"], str(self.request.form.get("file")))
        if item is None:
            return self.answer(404, error="no such file in the job")
        response = self.request.response
        response.setHeader("Content-Type", "application/octet-stream")
        response.setHeader("Content-Length", str(item.file.getSize()))
        return stream_file(item.file)


class PackageResult(PackageEndpoint):
    """The worker's ZIP, or why there is none: kept beside the 发文 (``store.file_package``)."""

    def handle(self, document):
        form = self.request.form
        upload = form.get("package")
        refusal, data = None, None
        if upload is None:
            code = str(form.get("code", ""))
            if code not in rules.CODES:
                return self.answer(400, error="unknown refusal")
            try:
                mapping = json.loads(str(form.get("mapping") or "{}")[:MAX_MAPPING])
            except ValueError:
                mapping = {}
            if not isinstance(mapping, dict):
                mapping = {}
            refusal = {"code": code, "mapping": {str(k): str(v)[:200] for k, v in mapping.items()}}
        else:
            limit = rules.LIMITS.max_total_bytes + rules.MB
            data = upload.read(limit + 1)
            if len(data) > limit or not data.startswith(ZIP_MAGIC):
                return self.answer(400, error="not a ZIP")
        built = file_package(document, form["job"], data, refusal)
        if built is False:
            return self.answer(409, error="stale job")
        if built is None:
            return self.answer(200, result="refused")
        return self.answer(200, result="done", size=built.file.getSize())
