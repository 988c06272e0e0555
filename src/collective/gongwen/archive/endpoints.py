"""``@@gongwen-archive-claim``, ``-file``, ``-files`` and ``-result``: a worker's 归档 or
四性检测 job.

Called by workers with the job's token on the unit's UID (``jobs.endpoint.WorkerEndpoint``),
not by users, on the site root. The claim answers the next batch of items
(``pipeline.claim_batch``); ``-file`` streams one version of one file of an item of that
batch (移交 reads its files there), ``-files`` the files of one item in one tar;
``-result`` files the batch's 四性检测 results
(``pipeline.file_batch``) or, with ``gave_up``, why the worker stopped. A job that is not
the unit's unfinished job is answered 409; a batch filed before, "already done" (exactly
once comes from the job's cursor, moved in the transaction that files the batch); nothing
here writes on the unit.
"""

import json
import logging

from ZODB.interfaces import BlobError
from ZODB.POSException import POSKeyError
from zope.interface import implementer
from ZPublisher.Iterators import IStreamIterator

from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.content.files import file_source
from collective.gongwen.content.files import stream_file
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.jobs import once
from collective.gongwen.jobs.endpoint import WorkerEndpoint
from collective.gongwen.jobs.tarstream import TarStream

logger = logging.getLogger("collective.gongwen.archive")

MAX_RESULTS_BYTES = 32 * 1024 * 1024
MAX_FIELD = 300
MISSING_HEADER = "X-Gongwen-Missing"
# The files of one item asked for at once: every version of every file (R-R3).
MAX_WANTED = 1000
MAX_WANTED_BYTES = 256 * 1024


def _number(value):
    """``value`` as a non-negative int, or None."""
    text = str(value if value is not None else "")[:12].strip()
    return int(text) if text.isdigit() else None


class ArchiveEndpoint(WorkerEndpoint):
    """An archive job's endpoint, for a unit: the job must be unfinished."""

    def is_current(self, obj, job_id):
        record = jobs.job_record(job_id)
        return (
            IGongwenUnit.providedBy(obj)
            and record is not None
            and record["unit_uid"] == obj.UID()
            and not progress.is_finished(record["state"])
        )


class ArchiveClaim(ArchiveEndpoint):
    """The worker asks for the next batch (again, after a lost answer: the same batch), or
    with ``position`` for the batch after the one being filed (``pipeline.claim_batch``)."""

    def handle(self, unit):
        position = self.request.form.get("position")
        batch = pipeline.claim_batch(unit, self.request.form["job"], _number(position))
        if batch is None:
            return self.answer(409, error="stale job")
        return self.answer(200, **batch)


class ArchiveFile(ArchiveEndpoint):
    """One version of one file of an item of the claimed batch, streamed from its blob.

    An item outside the batch is answered 404; a file the item does not have, or whose blob
    cannot be read, 204 with ``MISSING_HEADER``: 四性检测 names it missing.
    """

    def handle(self, unit):
        form = self.request.form
        uid = str(form.get("doc", ""))[:MAX_FIELD]
        version = str(form.get("version") or "").strip()
        if version and _number(version) is None:
            return self.answer(400, error="bad version")
        if not pipeline.in_claimed_batch(unit, form["job"], uid):
            return self.answer(404, error="not an item of the claimed batch")
        named = pipeline.claimed_file(
            uid, str(form.get("path", ""))[:MAX_FIELD], _number(version) if version else None
        )
        response = self.request.response
        try:
            size = named.getSize() if named is not None else None
            body = stream_file(named) if named is not None else None
        except (POSKeyError, BlobError, OSError) as error:
            logger.warning("archive job %s: unreadable blob: %s", form["job"], error)
            size = body = None
        if body is None:
            response.setHeader(MISSING_HEADER, "1")
            response.setStatus(204)
            return b""
        response.setHeader("Content-Type", "application/octet-stream")
        response.setHeader("Content-Length", str(size))
        return body


@implementer(IStreamIterator)
class TarAnswer(TarStream):
    """A ``jobs.tarstream.TarStream`` answered by ZPublisher as it is read."""


def wanted_files(text):
    """The files a worker asks for: ``[(path, version or None)]`` from the JSON
    ``[[path, version or null], …]``; ``ValueError`` if malformed or longer than the bounds."""
    text = str(text or "")
    if len(text) > MAX_WANTED_BYTES:
        raise ValueError("too long")
    wanted = json.loads(text)
    if not isinstance(wanted, list) or len(wanted) > MAX_WANTED:
        raise ValueError("not a list of files")
    pairs = []
    for entry in wanted:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            raise ValueError("not a [path, version] pair")
        path, version = entry
        if version is not None and (type(version) is not int or version < 0):
            raise ValueError("bad version")
        pairs.append((path[:MAX_FIELD], version))
    return pairs


class ArchiveItemFiles(ArchiveEndpoint):
    """Every file an item of the claimed batch is asked for (``files``: JSON
    ``[[path, version or null], …]``) in one uncompressed tar: member ``N`` is the N-th file
    asked for. A file the item does not have, or whose blob cannot be read, has no member:
    四性检测 names it missing. One request per item, not one per file (``jobs.tarstream``)."""

    def handle(self, unit):
        form = self.request.form
        uid = str(form.get("doc", ""))[:MAX_FIELD]
        try:
            wanted = wanted_files(form.get("files"))
        except ValueError:
            return self.answer(400, error="bad files")
        if not pipeline.in_claimed_batch(unit, form["job"], uid):
            return self.answer(404, error="not an item of the claimed batch")
        members = []
        for index, named in enumerate(pipeline.claimed_files(uid, wanted)):
            if named is None:
                continue
            try:
                members.append((str(index), file_source(named)))
            except (POSKeyError, BlobError, OSError) as error:
                logger.warning("archive job %s: unreadable blob: %s", form["job"], error)
        try:
            answer = TarAnswer(members)
        except OSError as error:  # a blob file gone between the two looks
            logger.warning("archive job %s: unreadable blob: %s", form["job"], error)
            return self.answer(503, error="a file could not be read")
        response = self.request.response
        response.setHeader("Content-Type", "application/x-tar")
        response.setHeader("Content-Length", str(len(answer)))
        return answer


class ArchiveResult(ArchiveEndpoint):
    """The batch's 四性检测 results filed (归档 of the items that passed), or a give-up."""

    def is_current(self, obj, job_id):
        # A finished job still answers a retry of its last batch ("already done").
        record = jobs.job_record(job_id)
        return (
            IGongwenUnit.providedBy(obj) and record is not None and record["unit_uid"] == obj.UID()
        )

    def handle(self, unit):
        form, job_id = self.request.form, self.request.form["job"]
        if form.get("gave_up"):
            record = pipeline.fail_job(unit, job_id, str(form.get("reason") or "")[:MAX_FIELD])
            return self.answer(200 if record else 409, state=record and record["state"])
        position = _number(form.get("position"))
        text = form.get("results")
        text = text.read(MAX_RESULTS_BYTES + 1) if hasattr(text, "read") else str(text or "")
        if position is None or len(text) > MAX_RESULTS_BYTES:
            return self.answer(400, error="bad batch")
        try:
            results = json.loads(text or "{}")
            if not isinstance(results, dict):
                raise ValueError("results are not a mapping")
            standing, record = pipeline.file_batch(unit, job_id, position, results)
        except ValueError:
            return self.answer(400, error="malformed results")
        if standing == pipeline.ALREADY:
            self.request.response.setHeader(once.ALREADY_DONE_HEADER, once.ALREADY_DONE)
            return self.answer(200, result=once.ALREADY_DONE)
        if standing == pipeline.INCOMPLETE:
            return self.answer(400, error="an item of the batch has no result")
        if standing != pipeline.FILED:
            return self.answer(409, error="stale batch")
        return self.answer(
            200,
            state=record["state"],
            cursor=record["cursor"],
            done=record["done"],
            failed=record["failed"],
        )
