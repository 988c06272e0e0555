"""Handing jobs to the queue once the transaction that asked for them has committed.

A worker must never look for what a rolled-back transaction made, so every
capability queues its jobs here: ``after_commit(task, key, payload)`` has
``task(payload)`` called once the transaction commits — one job per ``key``
and transaction, the last asked for. A job that cannot be queued (the queue's
database down) is logged; its record stays queued, and the next request for
the same work queues it again.
"""

import logging

from collective.gongwen.content.commit import pending

logger = logging.getLogger("collective.gongwen.jobs")

_QUEUED = object()  # the key of a transaction's jobs (``content.commit.pending``)


def after_commit(task, key, payload):
    """Queue ``task(payload)`` when the transaction commits (replacing one of the same ``key``)."""
    queued = pending(_QUEUED, _enqueue, factory=dict, after_commit=True)
    queued[key] = (task, payload)


def _enqueue(committed, queued):
    if not committed:
        return
    for task, payload in queued.values():
        try:
            task(payload)
        except Exception:
            logger.exception("could not queue job %s", payload)
