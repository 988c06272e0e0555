"""conversion's job on the one queue (``jobs.queue``): ``convert_file``.

``convert_file`` converts a file for the viewer (R-A1). It is
durable (``jobs.queue.durable_task``): it waits for the portal and retry
with capped back-off while it is down or busy; a bad file is a result, not
an error, and is not retried. The workers find this module by convention
(``jobs.queue.load_capability_tasks``).
"""

from collective.gongwen.conversion.worker import run_job
from collective.gongwen.jobs.queue import durable_task
from collective.gongwen.jobs.queue import huey


@durable_task()
def convert_file(payload, last_attempt=False):
    """Convert the file of ``payload`` (uid, job_id, site_url)."""
    return run_job(payload, last_attempt=last_attempt)


__all__ = ["convert_file", "huey"]
