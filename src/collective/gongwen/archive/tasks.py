"""The archive's tasks workers run (R-RUN1), found by the queue (``jobs.queue``).

``build_catalogue``: the 归档文件目录 of a unit and year (``catalogue_worker``).
"""

from collective.gongwen.archive.catalogue_worker import run_catalogue
from collective.gongwen.jobs.queue import durable_task


@durable_task()
def build_catalogue(payload):
    """Make the 目录 of the job of ``payload`` (uid of the unit, job_id, site_url) and file it."""
    return run_catalogue(payload)
