"""The package tasks workers run (R-RUN1, R-X3): ``build_exchange_package`` (found by the queue)."""

from collective.gongwen.jobs.queue import durable_task
from collective.gongwen.packaging.worker import run_package


@durable_task()
def build_exchange_package(payload):
    """Build the exchange package of the 发文 of ``payload`` (uid, job_id, site_url) and file it."""
    return run_package(payload)
