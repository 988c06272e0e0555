"""Conversion status of one file: queued, converting, done or failed with a reason.

The status lives in the file's annotations next to collective.documentviewer's
own settings, so it is versioned with nothing and survives restarts. Each
queued conversion gets a new job id; a worker's report for any other job id
is stale (the file was replaced or re-queued meanwhile) and is ignored.
"""

import uuid

from DateTime import DateTime
from persistent.mapping import PersistentMapping

from collective.gongwen.content.annotations import annotation

ANNOTATION_KEY = "collective.gongwen.conversion"

QUEUED = "queued"
CONVERTING = "converting"
DONE = "done"
FAILED = "failed"
STATES = (QUEUED, CONVERTING, DONE, FAILED)


def _record(obj, create=False):
    return annotation(obj, ANNOTATION_KEY, PersistentMapping if create else None)


def conversion_status(obj):
    """A plain dict describing ``obj``'s conversion; ``{"state": None}`` if never queued.

    Keys: state, job_id, reason (a code of ``reasons.REASONS``), mapping
    (the values its message names), attempts, queued_at, started_at,
    finished_at (ISO 8601), pages, version_id, source_hash.
    """
    record = _record(obj)
    if record is None:
        return {"state": None}
    return dict(record)


def mark_queued(obj, source_hash=None):
    """Record a new conversion job for ``obj`` (file hash ``source_hash``); return its id."""
    record = _record(obj, create=True)
    job_id = uuid.uuid4().hex
    record.clear()
    record.update(
        state=QUEUED,
        job_id=job_id,
        attempts=0,
        queued_at=DateTime().ISO8601(),
        source_hash=source_hash,
    )
    return job_id


def is_current_job(obj, job_id):
    """True when ``job_id`` is the conversion ``obj`` is waiting for."""
    record = _record(obj)
    return bool(job_id) and record is not None and record.get("job_id") == job_id


def mark_converting(obj):
    """A worker has started on the current job (one more attempt).

    The file's version is read now, after the commit that queued the job,
    because a replacement saves its new version after the file changed.
    """
    record = _record(obj, create=True)
    record["state"] = CONVERTING
    record["version_id"] = getattr(obj, "version_id", None)
    record["attempts"] = record.get("attempts", 0) + 1
    record["started_at"] = DateTime().ISO8601()


def mark_done(obj, pages):
    """The conversion succeeded with ``pages`` pages."""
    record = _record(obj, create=True)
    record.update(state=DONE, pages=pages, reason=None, mapping={})
    record["finished_at"] = DateTime().ISO8601()


def mark_failed(obj, reason, mapping=None):
    """The conversion failed for ``reason`` (a code of ``reasons.REASONS``).

    ``mapping`` holds the values the reason's message names (plain strings
    and numbers), e.g. ``{"pages": 1200, "limit": 1000}``.
    """
    record = _record(obj, create=True)
    record.update(state=FAILED, reason=reason, mapping=dict(mapping or {}))
    record["finished_at"] = DateTime().ISO8601()
