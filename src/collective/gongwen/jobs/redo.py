"""A killed worker's job is redone, once: the rule (plain Python, the clock passed in).

huey takes a task off the queue when a worker starts it (Redis and SQLite
alike), so a worker killed mid-job — SIGKILL, the machine lost, the OOM
killer — loses it. Every job a worker starts is therefore recorded as
*running* with a heartbeat its worker process renews every ``beat`` seconds
(``jobs.sweeper``); the record goes when the job ends (done, failed, or put
back by huey for a retry). A record whose heartbeat is older than
``dead_after`` (four beats) belongs to a dead worker. The sweeper, a periodic
job of the one worker that runs them (``gongwen-worker`` without
``--no-periodic``), then:

- puts the job back on the queue the first time (``REDO``): the same task,
  same job id — the portal's claim of the same job and its exactly-once
  ledger (``jobs.once``) make a second run harmless, and a job that was
  already filed is answered "already done";
- gives it up the second time (``GIVE_UP``): a job that killed its worker
  twice would kill the next one too; it is recorded with its reason and
  logged as an error, never looped forever.

The redo is claimed atomically in the queue's store (``put_if_empty``), so
two sweepers never redo one job twice.
"""

from collective.gongwen.jobs.backoff import configured_scale

BEAT_SECONDS = 15.0
BEATS_MISSED = 4
MIN_BEAT_SECONDS = 0.2
MAX_REDO = 1

ALIVE = "alive"
REDO = "redo"
GIVE_UP = "give-up"

GIVEN_UP_REASON = "worker died twice while running this job"


def beat_seconds(environ=None):
    """Seconds between heartbeats: 15, times ``GONGWEN_JOB_BACKOFF_SCALE`` (tests: fractions)."""
    return max(MIN_BEAT_SECONDS, BEAT_SECONDS * configured_scale(environ))


def dead_after(beat):
    """A heartbeat older than this many seconds means the worker is dead."""
    return beat * BEATS_MISSED


def running_record(task_id, name, message, now, pid, host):
    """The record of job ``task_id`` (task ``name``) a worker started at ``now``.

    ``message`` is the serialized task as the queue holds it (text), put back as it was.
    """
    return {
        "id": task_id,
        "name": name,
        "message": message,
        "started": now,
        "beat": now,
        "pid": pid,
        "host": host,
    }


def beaten(record, now):
    """``record`` with its heartbeat at ``now``."""
    return dict(record, beat=now)


def verdict(record, now, dead_after_seconds, redone):
    """What the sweeper does with running ``record`` at ``now``: ALIVE, REDO or GIVE_UP.

    ``redone``: how many times this job was put back already.
    """
    if now - float(record.get("beat", 0)) < dead_after_seconds:
        return ALIVE
    return REDO if redone < MAX_REDO else GIVE_UP


def given_up_record(record, now, reason=GIVEN_UP_REASON):
    """What is kept of a job given up: which, when, why, and the worker it last killed."""
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "started": record.get("started"),
        "given_up": now,
        "reason": reason,
        "pid": record.get("pid"),
        "host": record.get("host"),
    }
