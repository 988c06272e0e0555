"""Coalesced jobs: one job waited for and at most one running per key; plain Python.

A key names a piece of work whose latest request is all that matters (a
document's 正式文件, its kept slip). Its state lives in a mapping (the
caller's store: a dict in tests, a site-level BTree in the portal) as two
records, each written by one side only, so that the user's next request and
a worker's claim or result never write the same entry (R-RUN1: no ZODB
conflict — a BTree merges writes to different keys):

- the *requested* record (under ``key``), written by the requests: the job
  id waited for, the running job it follows (if it was asked for while one
  ran), a counter of the requests and drops, and the caller's request
  fields (e.g. "file as a new version");
- the *ran* record (under ``ran_key(key)``), written by the worker's side:
  the job claimed last, whether it is running or done, when it was claimed,
  and the caller's result fields (e.g. why the last render was refused).

The rules:

- ``request``: a new job is wanted. Nothing waited for, or a job still
  queued: a new job id replaces it and is to be enqueued (the older task,
  when a worker takes it, is stale and dropped). A job running: a follow-up
  job is recorded and enqueued once; later requests while the same job runs
  add nothing (exactly one follow-up).
- ``claim``: a worker starts job ``job_id``; refused unless it is the one
  waited for, and ``blocked`` while another job of the key runs (the
  follow-up waits for the running job; a claim older than the caller's
  limit counts as dead). The worker reads its input now. A retry of the
  running job's task that is no longer waited for ends that job (its
  earlier try has ended without a result: the queue runs a task once at a
  time), so its follow-up runs at once instead of waiting for the limit.
- ``finish``: the worker's result for the running job ``job_id``. Its result
  is kept even if a newer job is waited for (it is newer than what is
  filed); it is discarded when the job was dropped after its claim, or is
  not the one running.

Both records are JSON text, replaced whole, never changed in place (a
bucket's conflict resolution compares values by order, which strings have
and dicts have not). The caller's fields must be JSON-able; they are kept
through every step of their own side.
"""

import json
import time
import uuid

QUEUED = "queued"
RUNNING = "running"
IDLE = "idle"
DONE = "done"

RAN_SUFFIX = ":ran"
# The sides' own keys: not the caller's fields.
_REQUESTED_OWN = ("job_id", "follows", "seq", "dropped")
_RAN_OWN = ("job_id", "state", "claimed_at", "seq")


def new_job_id():
    """A fresh job id (32 hex digits)."""
    return uuid.uuid4().hex


def ran_key(key):
    """The key of ``key``'s ran record (the worker's side)."""
    return f"{key}{RAN_SUFFIX}"


def _load(store, key):
    text = store.get(key)
    return json.loads(text) if text else {}


def _put(store, key, record):
    store[key] = json.dumps(record, ensure_ascii=False, sort_keys=True)


def requested_of(store, key):
    """The requested record of ``key`` (a dict of its own; empty if none)."""
    return _load(store, key)


def ran_of(store, key):
    """The ran record of ``key`` (a dict of its own; empty if none)."""
    return _load(store, ran_key(key))


def _running(ran, now=None, limit=None):
    """The job id ``ran`` says is running (claimed less than ``limit`` s ago), or None."""
    if ran.get("state") != RUNNING:
        return None
    if (
        limit is not None
        and (now if now is not None else time.time()) - ran.get("claimed_at", 0) >= limit
    ):
        return None
    return ran.get("job_id")


def _state(requested, ran):
    job_id = requested.get("job_id")
    if not job_id:
        return IDLE
    if ran.get("job_id") == job_id:
        return RUNNING if ran.get("state") == RUNNING else IDLE
    return QUEUED


def record_of(store, key):
    """Both records of ``key`` as one dict: the caller's fields (ran over requested), and

    ``state`` (queued, running or idle), ``job_id`` (the job waited for or
    last waited for) and ``dirty`` (a follow-up waits for the running job).
    """
    requested, ran = requested_of(store, key), ran_of(store, key)
    record = {k: v for k, v in requested.items() if k not in _REQUESTED_OWN}
    record.update((k, v) for k, v in ran.items() if k not in _RAN_OWN)
    state = _state(requested, ran)
    record.update(
        state=state,
        job_id=requested.get("job_id"),
        dirty=state == QUEUED and bool(requested.get("follows")) and _running(ran) is not None,
    )
    return record


def waiting(store, key):
    """The job id waited for under ``key`` (queued or running), or None."""
    requested = requested_of(store, key)
    return requested.get("job_id") if _state(requested, ran_of(store, key)) != IDLE else None


def running(store, key, now=None, limit=None):
    """The job id running under ``key`` (claimed less than ``limit`` s ago), or None."""
    return _running(ran_of(store, key), now, limit)


def request(store, key, job_id=None, **fields):
    """Ask for a job under ``key``; return the job id to enqueue, or None (one is enqueued).

    ``job_id`` names the new job (a fresh one by default); ``fields`` are set
    on the requested record. Only the requested record is written.
    """
    requested, ran = requested_of(store, key), ran_of(store, key)
    current = _running(ran)
    follows = requested.get("follows")
    wanted = requested.get("job_id")
    requested.update(fields, seq=requested.get("seq", 0) + 1)
    if current and follows == current and wanted and wanted != current:
        # The follow-up of the running job is enqueued already: it covers this request.
        _put(store, key, requested)
        return None
    requested.update(job_id=job_id or new_job_id(), follows=current)
    _put(store, key, requested)
    return requested["job_id"]


def blocked(store, key, job_id, now=None, limit=None):
    """True when ``job_id`` is waited for but another job of ``key`` is still running."""
    if not job_id or requested_of(store, key).get("job_id") != job_id:
        return False
    current = running(store, key, now, limit)
    return current is not None and current != job_id


def claim(store, key, job_id, now=None, limit=None, **fields):
    """Job ``job_id`` starts under ``key``; False when it is not the one waited for or is blocked.

    A retry of the running job's own task claims again (it reads the input
    again). ``fields`` are set on the ran record, the only one written.
    """
    requested, ran = requested_of(store, key), ran_of(store, key)
    if not job_id or requested.get("job_id") != job_id:
        if job_id and ran.get("job_id") == job_id and ran.get("state") == RUNNING:
            ran.update(state=DONE)  # its try ended unfiled; nothing of it is kept
            _put(store, ran_key(key), ran)
        return False
    if ran.get("job_id") == job_id and ran.get("state") == DONE:
        return False
    if blocked(store, key, job_id, now, limit):
        return False
    ran.update(
        fields,
        job_id=job_id,
        state=RUNNING,
        claimed_at=now if now is not None else time.time(),
        seq=requested.get("seq", 0),
    )
    _put(store, ran_key(key), ran)
    return True


def finish(store, key, job_id, **fields):
    """Running job ``job_id`` under ``key`` is done; True when its result is to be kept.

    False for a stale job: not the one running, or dropped after its claim
    (its result is discarded; ``fields`` are not kept). Only the ran record
    is written.
    """
    requested, ran = requested_of(store, key), ran_of(store, key)
    if not job_id or ran.get("job_id") != job_id or ran.get("state") != RUNNING:
        return False
    accepted = requested.get("dropped", 0) <= ran.get("seq", 0)
    if accepted:
        ran.update(fields)
    ran.update(state=DONE)
    _put(store, ran_key(key), ran)
    return accepted


def update(store, key, **fields):
    """Set the caller's request ``fields`` on the requested record of ``key`` (made if missing)."""
    requested = requested_of(store, key)
    requested.update(fields)
    _put(store, key, requested)


def drop(store, key):
    """Nothing is waited for under ``key`` any more (its queued or running job becomes stale).

    Only the requested record is written: a job running now files nothing.
    """
    requested = requested_of(store, key)
    if waiting(store, key) is not None or running(store, key) is not None:
        seq = requested.get("seq", 0) + 1
        requested.update(job_id=None, follows=None, seq=seq, dropped=seq)
        _put(store, key, requested)
