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
from collective.gongwen.audit import store
from collective.gongwen.jobs.queue import huey

logger = logging.getLogger("collective.gongwen.audit")


def checkpoint_now(path=None):
    """Sign a checkpoint of the store at ``path`` (default ``GONGWEN_AUDIT_DB``); the record."""
    audit = store.AuditStore(path)
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


__all__ = ["checkpoint_now", "write_checkpoint"]
