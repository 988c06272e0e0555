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


@durable_task()
def run_archive_job(payload):
    """Run the 归档 or 四性检测 job of ``payload`` (uid of the unit, job_id, site_url) to its end.

    A portal that is down is waited for (``durable_task``); any other error stops the job,
    which the portal then shows as failed with the reason.
    """
    try:
        return run_job(payload)
    except TransientError:
        raise
    except Exception as error:
        logger.exception("archive job %s failed", payload.get("job_id"))
        give_up(payload, f"{type(error).__name__}: {error}")
        raise


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


@durable_task()
def run_destruction(payload):
    """Drive the 执行销毁 job of ``payload`` (uid of the unit, job_id, site_url) to its end.

    A portal that is down is waited for; any other error fails the job with the reason.
    """
    try:
        return disposal_worker.run_destruction(payload)
    except TransientError:
        raise
    except Exception as error:
        logger.exception("destruction job %s failed", payload.get("job_id"))
        give_up(payload, f"{type(error).__name__}: {error}")
        raise
