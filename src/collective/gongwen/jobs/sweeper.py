"""Redo a killed worker's job, once: the running records, their heartbeat and the sweep.

What this module owns: the huey side of ``jobs.redo`` (the rule). ``install``
connects huey's signals: a worker that starts a job (any job but a periodic
one, whose next run covers a lost one) records it as running in the queue's
own key-value store — Redis or SQLite, wherever the queue is, so every worker
on every machine sees it — with the serialized task and a heartbeat that a
daemon thread of the worker process renews; the record goes when the job
ends. ``sweep`` (the periodic ``jobs.tasks.requeue_dead_jobs``, every minute
on the worker without ``--no-periodic``) puts back, once, each job whose
worker stopped beating, and gives up a job that killed its worker twice
(kept under ``GIVEN_UP`` with its reason, and an error in the log).

The jobs this covers are every task on the queue: conversions
(``conversion.tasks``), typesetting renders (``typeset.tasks``), the Word
正文's analyse/compare/清稿 (``wordbody.tasks``), exchange packages
(``packaging.tasks``), 归档 batches, catalogues, transfers and destructions
(``archive.tasks``) and the audit store's verification (``audit.tasks``). The
periodic ones (reminders, audit checkpoints, this sweep) are not recorded.
"""

import base64
import json
import logging
import os
import socket
import threading
import time

from huey import signals
from huey.api import PeriodicTask
from huey.constants import EmptyData

from collective.gongwen.jobs import redo

logger = logging.getLogger("collective.gongwen.jobs")

RUNNING = "gongwen-running:"
REDONE = "gongwen-redone:"
GIVEN_UP = "gongwen-given-up:"

# A job has ended (or huey put it back itself, for a retry): its record goes.
ENDED = (
    signals.SIGNAL_COMPLETE,
    signals.SIGNAL_ERROR,
    signals.SIGNAL_RETRYING,
    signals.SIGNAL_CANCELED,
    signals.SIGNAL_LOCKED,
    signals.SIGNAL_RATE_LIMITED,
)


def _dump(record):
    return json.dumps(record, sort_keys=True).encode("utf-8")


def _load(value):
    if value is EmptyData or value is None:
        return None
    try:
        return json.loads(bytes(value).decode("utf-8"))
    except (ValueError, TypeError):
        return None


class Heartbeat:
    """The running records of one worker process, renewed every ``beat`` seconds."""

    def __init__(self, huey, beat=None):
        self.huey = huey
        self.beat = beat or redo.beat_seconds()
        self.records = {}
        self.lock = threading.Lock()
        self.thread = None
        self.pid = None

    def started(self, task):
        record = redo.running_record(
            task.id,
            task.name,
            base64.b64encode(self.huey.serialize_task(task)).decode("ascii"),
            time.time(),
            os.getpid(),
            socket.gethostname(),
        )
        with self.lock:
            self.records[task.id] = record
            self.huey.storage.put_data(RUNNING + task.id, _dump(record))
            if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
                # One thread per worker process (the consumer forks its workers).
                self.pid = os.getpid()
                self.thread = threading.Thread(
                    target=self._run, name="gongwen-heartbeat", daemon=True
                )
                self.thread.start()

    def ended(self, task):
        with self.lock:
            self.records.pop(task.id, None)
            self.huey.storage.pop_data(RUNNING + task.id)

    def _run(self):
        while True:
            time.sleep(self.beat)
            with self.lock:
                for task_id, record in list(self.records.items()):
                    record = redo.beaten(record, time.time())
                    self.records[task_id] = record
                    try:
                        self.huey.storage.put_data(RUNNING + task_id, _dump(record))
                    except Exception:  # the queue's store away a moment: beat again later
                        logger.warning("heartbeat of job %s not written", task_id, exc_info=True)


def install(huey, beat=None):
    """Record every non-periodic job a worker of ``huey`` runs, with its heartbeat."""
    heartbeat = Heartbeat(huey, beat)

    @huey.signal(signals.SIGNAL_EXECUTING)
    def job_started(signal, task, *args, **kwargs):
        if not isinstance(task, PeriodicTask):
            heartbeat.started(task)

    @huey.signal(*ENDED)
    def job_ended(signal, task, *args, **kwargs):
        if isinstance(task, PeriodicTask):
            return
        heartbeat.ended(task)
        if signal == signals.SIGNAL_COMPLETE or (
            signal == signals.SIGNAL_ERROR and not task.retries
        ):
            huey.storage.pop_data(REDONE + task.id)

    return heartbeat


def running_records(huey):
    """``{job id: record}`` of the jobs recorded as running on ``huey``'s queue."""
    found = {}
    for key, value in huey.storage.result_items().items():
        key = key.decode("utf-8") if isinstance(key, bytes) else key
        if key.startswith(RUNNING):
            record = _load(value)
            if record is not None:
                found[key[len(RUNNING) :]] = record
    return found


def given_up(huey):
    """``{job id: record}`` of the jobs given up (``redo.given_up_record``)."""
    found = {}
    for key, value in huey.storage.result_items().items():
        key = key.decode("utf-8") if isinstance(key, bytes) else key
        if key.startswith(GIVEN_UP):
            found[key[len(GIVEN_UP) :]] = _load(value)
    return found


def sweep(huey, now=None, dead_after=None):
    """Put back, once, each job whose worker died; give up one that died twice.

    Returns ``[(job id, verdict)]`` of the dead jobs found.
    """
    now = time.time() if now is None else now
    dead_after = redo.dead_after(redo.beat_seconds()) if dead_after is None else dead_after
    storage = huey.storage
    done = []
    for task_id, record in sorted(running_records(huey).items()):
        redone = 0 if _load(storage.peek_data(REDONE + task_id)) is None else 1
        verdict = redo.verdict(record, now, dead_after, redone)
        if verdict == redo.ALIVE:
            continue
        if storage.pop_data(RUNNING + task_id) is EmptyData:
            continue  # another sweeper took it, or the job ended just now
        if verdict == redo.REDO and storage.put_if_empty(REDONE + task_id, _dump({"at": now})):
            storage.enqueue(base64.b64decode(record["message"]))
            logger.warning(
                "job %s (%s) was running in worker %s on %s, which stopped; queued again once",
                task_id,
                record.get("name"),
                record.get("pid"),
                record.get("host"),
            )
        else:
            verdict = redo.GIVE_UP
            storage.put_data(GIVEN_UP + task_id, _dump(redo.given_up_record(record, now)))
            storage.pop_data(REDONE + task_id)
            logger.error(
                "job %s (%s) given up: %s (last in worker %s on %s)",
                task_id,
                record.get("name"),
                redo.GIVEN_UP_REASON,
                record.get("pid"),
                record.get("host"),
            )
        done.append((task_id, verdict))
    return done
