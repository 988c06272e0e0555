"""The archive's tasks workers run (R-RUN1), found by the queue (``jobs.queue``).

``build_catalogue``: the 归档文件目录 of a unit and year (``catalogue_worker``).
``run_transfer``: a 移交 job, a year's package exported or an uploaded one verified
(``transfer_worker``).
"""

import logging

from collective.gongwen.archive import transfer_worker
from collective.gongwen.archive.catalogue_worker import run_catalogue
from collective.gongwen.jobs.client import TransientError
from collective.gongwen.jobs.queue import durable_task

logger = logging.getLogger("collective.gongwen.archive")


@durable_task()
def build_catalogue(payload):
    """Make the 目录 of the job of ``payload`` (uid of the unit, job_id, site_url) and file it."""
    return run_catalogue(payload)


@durable_task()
def run_transfer(payload):
    """Run the 移交 job of ``payload`` (uid of the unit, job_id, site_url): export or verify.

    A portal that is down is waited for; any other error fails the job with the reason.
    """
    try:
        return transfer_worker.run_transfer(payload)
    except TransientError:
        raise
    except Exception as error:
        logger.exception("transfer job %s failed", payload.get("job_id"))
        transfer_worker.give_up(payload, f"{type(error).__name__}: {error}")
        raise
