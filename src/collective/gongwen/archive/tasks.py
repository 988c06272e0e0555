"""The archive's tasks workers run (R-RUN1), found by the queue (``jobs.queue``).

``build_catalogue``: the 归档文件目录 of a unit and year (``catalogue_worker``).
``run_archive_job``: a 归档 or 四性检测 job, batch after batch (``worker``).
``run_destruction``: a 执行销毁 job, batch after batch (``disposal_worker``).
``run_transfer``: a 移交 job, a year's package exported or an uploaded one verified
(``transfer_worker``).
"""

import logging

from collective.gongwen.archive import disposal_worker
from collective.gongwen.archive import transfer_worker
from collective.gongwen.archive.catalogue_worker import run_catalogue
from collective.gongwen.archive.worker import give_up
from collective.gongwen.archive.worker import run_job
from collective.gongwen.jobs.client import TransientError
from collective.gongwen.jobs.queue import durable_task

logger = logging.getLogger("collective.gongwen.archive")


@durable_task()
def build_catalogue(payload):
    """Make the 目录 of the job of ``payload`` (uid of the unit, job_id, site_url) and file it."""
    return run_catalogue(payload)


def _to_the_end(run, give_up_with, payload, kind):
    """``run(payload)``; a portal that is down is waited for (``durable_task`` retries a
    ``TransientError``), any other error stops the job, which the portal then shows as
    failed with the reason (``give_up_with``)."""
    try:
        return run(payload)
    except TransientError:
        raise
    except Exception as error:
        logger.exception("%s job %s failed", kind, payload.get("job_id"))
        give_up_with(payload, f"{type(error).__name__}: {error}")
        raise


@durable_task()
def run_archive_job(payload):
    """Run the 归档 or 四性检测 job of ``payload`` (unit uid, job_id, site_url) to its end."""
    return _to_the_end(run_job, give_up, payload, "archive")


@durable_task()
def run_transfer(payload):
    """Run the 移交 job of ``payload`` (uid of the unit, job_id, site_url): export or verify."""
    return _to_the_end(transfer_worker.run_transfer, transfer_worker.give_up, payload, "transfer")


@durable_task()
def run_destruction(payload):
    """Drive the 执行销毁 job of ``payload`` (uid of the unit, job_id, site_url) to its end."""
    return _to_the_end(disposal_worker.run_destruction, give_up, payload, "destruction")
