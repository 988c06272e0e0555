"""The one store of archive jobs, whatever their kind (归档, 四性检测, 归档文件目录, 移交).

A site-level BTree (``JOBS_KEY``, ``jobs.stores.site_btree``) beside the documents, never
on them: a worker's progress writes never touch what users edit. Its keys:

* ``<job id>`` → the job record as JSON text, replaced whole (``job_record``): id, kind,
  unit_uid, year, params, state (``progress.STATES``), total, done, failed, message,
  report_id, result, actor, started, finished — plus the pipeline's own ``cursor`` (index of
  the next batch) and ``heartbeat`` (seconds since the epoch of the worker's last call);
* ``<job id>:uids`` → the tuple of item uids the job works through, frozen at its start;
* ``progress.active_key(unit, kind, year)`` → the id of the unit's unfinished job of that kind
  and year: a second start writes the same key, so two concurrent starts conflict and the
  retried one is refused (``ArchiveError``).

Each item's outcome is kept in a second BTree (``ITEMS_KEY``: (job id, uid) → JSON),
so that a job of 10,000 items keeps a small record. ``message`` is stored as
msgid/default/mapping (``job_message`` gives the translatable message back).
"""

import json
import time

from plone.uuid.interfaces import IUUID
from zope.i18nmessageid import Message

from collective.gongwen.archive import progress
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.content.times import utc_now
from collective.gongwen.jobs.coalesce import new_job_id
from collective.gongwen.jobs.stores import site_btree

JOBS_KEY = "collective.gongwen.archive.jobs"
ITEMS_KEY = "collective.gongwen.archive.job_items"
UIDS_SUFFIX = ":uids"
MAX_MESSAGE = 2000

FIELDS = (
    "id",
    "kind",
    "unit_uid",
    "year",
    "params",
    "state",
    "total",
    "done",
    "failed",
    "message",
    "report_id",
    "result",
    "actor",
    "started",
    "finished",
    "cursor",
    "heartbeat",
)


def _jobs(create=False):
    return site_btree(JOBS_KEY, create=create)


def _items(create=False):
    return site_btree(ITEMS_KEY, create=create)


def _put(store, key, record):
    store[key] = json.dumps(record, ensure_ascii=False, sort_keys=True)


def _unit_uid(unit):
    return unit if isinstance(unit, str) else IUUID(unit)


def plain_message(message):
    """``message`` (a Message, an ``ArchiveError``, text or None) as a JSON-able dict or None."""
    if message is None:
        return None
    if isinstance(message, dict):
        return {
            "msgid": str(message.get("msgid", ""))[:MAX_MESSAGE],
            "default": str(message.get("default") or message.get("msgid", ""))[:MAX_MESSAGE],
            "mapping": {
                str(k): str(v)[:MAX_MESSAGE] for k, v in message.get("mapping", {}).items()
            },
        }
    if isinstance(message, ArchiveError):
        message = message.message
    if isinstance(message, Message):
        return {
            "msgid": str(message)[:MAX_MESSAGE],
            "default": str(message.default or message)[:MAX_MESSAGE],
            "mapping": {str(k): str(v)[:MAX_MESSAGE] for k, v in (message.mapping or {}).items()},
        }
    text = str(message)[:MAX_MESSAGE]
    return {"msgid": text, "default": text, "mapping": {}}


def job_message(record):
    """The record's message as a translatable ``Message`` (None if it has none)."""
    stored = (record or {}).get("message")
    if not stored:
        return None
    return Message(
        stored["msgid"],
        domain="collective.gongwen",
        default=stored.get("default"),
        mapping=stored.get("mapping") or None,
    )


def start_job(unit, kind, actor, year=None, uids=(), params=None, exclusive=True):
    """Record a new queued job of ``kind`` for ``unit`` over ``uids``; its id.

    Refused (``ArchiveError``) while the unit has an unfinished job of the same kind and
    year (unless not ``exclusive``: the 归档 form's job of one document stops no other).
    Queuing the worker's task is the caller's (``pipeline.start_archive``, ``start_check``).
    """
    if kind not in progress.KINDS:
        raise ValueError(f"unknown archive job kind {kind!r}")
    uids = tuple(str(uid) for uid in uids)
    if len(uids) > progress.MAX_UIDS:
        raise ValueError("too many items for one job")
    store, unit_uid = _jobs(create=True), _unit_uid(unit)
    key = progress.active_key(unit_uid, kind, year) if exclusive else None
    current = store.get(key) if key else None
    if current:
        record = job_record(current)
        if record is not None and not progress.is_finished(record["state"]):
            raise ArchiveError(progress.running_conflict(year))
    job_id = new_job_id()
    record = {
        "id": job_id,
        "kind": kind,
        "unit_uid": unit_uid,
        "year": year,
        "params": dict(params or {}),
        "state": progress.QUEUED,
        "total": len(uids),
        "done": 0,
        "failed": 0,
        "message": None,
        "report_id": None,
        "result": None,
        "actor": actor,
        "started": utc_now().isoformat(),
        "finished": None,
        "cursor": 0,
        "heartbeat": time.time(),
    }
    _put(store, job_id, record)
    store[job_id + UIDS_SUFFIX] = uids
    if key:
        store[key] = job_id
    return job_id


def job_record(job_id):
    """The record of job ``job_id`` (a dict of its own), or None."""
    store = _jobs()
    if store is None or not job_id or ":" in str(job_id):
        return None
    text = store.get(str(job_id))
    return json.loads(text) if text else None


def job_uids(job_id):
    """The uids job ``job_id`` works through, in order (empty if none)."""
    store = _jobs()
    return tuple(store.get(f"{job_id}{UIDS_SUFFIX}", ())) if store is not None else ()


def update_job(job_id, **fields):
    """Set ``fields`` of job ``job_id``'s record (``message`` through ``plain_message``).

    A finished state stamps ``finished`` and frees the unit's kind and year for a new job.
    Returns the new record; ``KeyError`` for an unknown job or field.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise KeyError(f"unknown job fields: {sorted(unknown)}")
    record = job_record(job_id)
    if record is None:
        raise KeyError(job_id)
    if "message" in fields:
        fields["message"] = plain_message(fields["message"])
    record.update(fields)
    store = _jobs()
    if progress.is_finished(record["state"]):
        record["finished"] = record.get("finished") or utc_now().isoformat()
        key = progress.active_key(record["unit_uid"], record["kind"], record["year"])
        if store.get(key) == job_id:
            del store[key]
    _put(store, job_id, record)
    return record


def jobs_of(unit, kind=None):
    """The records of ``unit``'s jobs (of ``kind`` if given), newest first."""
    store, unit_uid = _jobs(), _unit_uid(unit)
    if store is None:
        return []
    records = [
        json.loads(text) for key, text in store.items() if ":" not in key and isinstance(text, str)
    ]
    return sorted(
        (
            record
            for record in records
            if record["unit_uid"] == unit_uid and (kind is None or record["kind"] == kind)
        ),
        key=lambda record: record["started"],
        reverse=True,
    )


def unfinished_job(unit, kind, year=None):
    """The record of ``unit``'s unfinished job of ``kind`` and ``year``, or None."""
    store = _jobs()
    if store is None:
        return None
    job_id = store.get(progress.active_key(_unit_uid(unit), kind, year))
    record = job_record(job_id) if job_id else None
    return record if record is not None and not progress.is_finished(record["state"]) else None


def set_item(job_id, uid, **outcome):
    """Keep the outcome of item ``uid`` in job ``job_id`` (JSON-able: state, label, problems …)."""
    _put(_items(create=True), (str(job_id), str(uid)), outcome)


def item_outcome(job_id, uid):
    """The outcome of item ``uid`` in job ``job_id`` (a dict), or None."""
    items = _items()
    text = items.get((str(job_id), str(uid))) if items is not None else None
    return json.loads(text) if text else None


def item_outcomes(job_id, state=None):
    """(uid, outcome) of each item job ``job_id`` worked on (of ``state`` if given), by uid."""
    items = _items()
    if items is None:
        return []
    found = []
    for (key_job, uid), text in items.items(min=(str(job_id), ""), max=(str(job_id), "\uffff")):
        if key_job != str(job_id):
            continue
        outcome = json.loads(text)
        if state is None or outcome.get("state") == state:
            found.append((uid, outcome))
    return found
