"""audit's job on the workers' queue: ``write_checkpoint``, a huey periodic task (R-U1).

Every hour (at minute 7, away from the top of the hour's other jobs) a
worker signs the newest entry of the audit store (``store.AuditStore.checkpoint``)
and logs it, so the log outside the store witnesses it too. It needs no
portal, so it is a plain periodic task, not a durable one (which waits for
the portal).
"""

import logging
import os

from huey import crontab

from collective.gongwen.audit import chain
from collective.gongwen.audit import location
from collective.gongwen.audit import store
from collective.gongwen.audit import verify
from collective.gongwen.jobs.queue import huey

logger = logging.getLogger("collective.gongwen.audit")


def checkpoint_now(path=None):
    """Sign a checkpoint of the store at ``path`` (default ``GONGWEN_AUDIT_DB``); the record."""
    audit = store.open_store(path)
    try:
        record = audit.checkpoint(chain.checkpoint_key(audit.path))
    finally:
        audit.close()
    logger.info(
        "audit checkpoint: seq %s hash %s signature %s",
        record["seq"],
        record["hash"],
        record["signature"],
    )
    return record


@huey.periodic_task(crontab(minute="7"))
def write_checkpoint():
    """The hourly checkpoint of the configured store (none where no store is configured)."""
    if not os.environ.get("GONGWEN_AUDIT_DB"):
        logger.warning("audit checkpoint skipped: GONGWEN_AUDIT_DB is not set")
        return None
    return checkpoint_now()


def read_status(path=None):
    """The last verification's state: ``{"state": "queued"|"running"|"done", ...}``, or None
    (kept beside a store file, in a PostgreSQL store's ``verification`` table)."""
    audit = store.open_store(path)
    try:
        return audit.read_status()
    finally:
        audit.close()


def write_status(path, **status):
    """Replace the verification state of the store at ``path``."""
    audit = store.open_store(path)
    try:
        return audit.write_status(status)
    finally:
        audit.close()


def verify_now(path, requested_by="", requested_at=""):
    """Verify the store at ``path`` with its checkpoint key; the state written (``done``)."""
    asked = {"requested_by": requested_by, "requested_at": requested_at}
    write_status(path, state="running", started_at=store.utc_time(), **asked)
    try:
        key = chain.checkpoint_key(path)
    except Exception:  # no key file yet: the chain alone is proved
        logger.exception("audit verify: no checkpoint key for %s", location.shown(path))
        key = None
    report = verify.verify(path, key)
    problem = report.problem
    logger.info("audit verify %s: %s", location.shown(path), "ok" if report.ok else problem.english)
    return write_status(
        path,
        state="done",
        finished_at=store.utc_time(),
        ok=report.ok,
        entries=report.entries,
        checkpoints=report.checkpoints,
        kind=problem.kind if problem else "",
        seq=problem.seq if problem else 0,
        mapping=dict(problem.message.mapping or {}) if problem else {},
        msgid=str(problem.message) if problem else "",
        default=problem.message.default if problem else "",
        english=problem.english if problem else "",
        **asked,
    )


@huey.task()
def verify_store(payload):
    """A verification asked for on 审计日志校验 (``payload``: path, requested_by, requested_at)."""
    return verify_now(
        payload["path"], payload.get("requested_by", ""), payload.get("requested_at", "")
    )


__all__ = ["checkpoint_now", "read_status", "verify_now", "verify_store", "write_checkpoint"]
