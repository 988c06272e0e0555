"""Coalesced jobs: at most one queued and one running job per key; plain Python.

A key names a piece of work whose latest request is all that matters (a
document's 正式文件, its kept slip). Its record in a mapping (the caller's
store: a dict in tests, a site-level BTree in the portal) says what is
waited for:

- ``request``: a new job is wanted. Nothing waited for, or a job still
  queued: a new job id replaces it, to be enqueued (the older task, when a
  worker takes it, is stale and dropped). A job running: it is marked dirty
  and nothing is enqueued — exactly one follow-up runs after it.
- ``claim``: a worker starts job ``job_id``; refused unless it is the one
  waited for. The worker reads its input now, so the record is clean again.
- ``finish``: the worker's result for ``job_id``. Any other job id is stale
  and its result is discarded. A dirty job's result is kept, and a follow-up
  job is returned to be enqueued.

Records are stored as JSON text, replaced whole, never changed in place:
in a BTree two transactions that touch different keys then merge without a
conflict (a bucket's conflict resolution compares values by order, which
strings have and dicts have not). The caller's own fields on a record (e.g.
why the last render was refused) must be JSON-able; they are kept through
every step.
"""

import json
import uuid

QUEUED = "queued"
RUNNING = "running"
IDLE = "idle"


def new_job_id():
    """A fresh job id (32 hex digits)."""
    return uuid.uuid4().hex


def record_of(store, key):
    """The record of ``key`` (a dict of its own), or an empty one."""
    text = store.get(key)
    return json.loads(text) if text else {}


def _put(store, key, record):
    store[key] = json.dumps(record, ensure_ascii=False, sort_keys=True)


def waiting(store, key):
    """The job id waited for under ``key`` (queued or running), or None."""
    record = record_of(store, key)
    return record.get("job_id") if record.get("state") in (QUEUED, RUNNING) else None


def request(store, key, job_id=None):
    """Ask for a job under ``key``; return the job id to enqueue, or None (one is running).

    ``job_id`` names the new job (a fresh one by default).
    """
    record = record_of(store, key)
    if record.get("state") == RUNNING:
        record["dirty"] = True
        _put(store, key, record)
        return None
    record.update(state=QUEUED, job_id=job_id or new_job_id(), dirty=False)
    _put(store, key, record)
    return record["job_id"]


def claim(store, key, job_id):
    """Job ``job_id`` starts under ``key``; False when it is not the one waited for."""
    record = record_of(store, key)
    if not job_id or record.get("job_id") != job_id or record.get("state") not in (QUEUED, RUNNING):
        return False
    record.update(state=RUNNING, dirty=False)
    _put(store, key, record)
    return True


def finish(store, key, job_id, follow_up_id=None, **fields):
    """Job ``job_id`` under ``key`` is done; return ``(accepted, follow_up)``.

    ``accepted`` is False for a stale job (its result is discarded and the
    record is left alone). ``follow_up`` is the id of the job to enqueue
    when the finished one was made dirty while it ran, else None.
    ``fields`` are stored on the record of an accepted result.
    """
    record = record_of(store, key)
    if not job_id or record.get("job_id") != job_id or record.get("state") not in (QUEUED, RUNNING):
        return False, None
    record.update(fields)
    follow_up = None
    if record.get("dirty"):
        follow_up = follow_up_id or new_job_id()
        record.update(state=QUEUED, job_id=follow_up, dirty=False)
    else:
        record.update(state=IDLE, dirty=False)
    _put(store, key, record)
    return True, follow_up


def update(store, key, **fields):
    """Set the caller's ``fields`` on the record of ``key`` (made if missing)."""
    record = record_of(store, key)
    record.update(fields)
    _put(store, key, record)


def drop(store, key):
    """Nothing is waited for under ``key`` any more (its queued or running job becomes stale)."""
    record = record_of(store, key)
    if record.get("state") in (QUEUED, RUNNING):
        record.update(state=IDLE, job_id=None, dirty=False)
        _put(store, key, record)
