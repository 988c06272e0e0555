"""The huey task workers run: ``huey_consumer collective.gongwen.conversion.tasks.huey``.

Retries with back-off (5 s, 10 s, 20 s, 40 s) when the portal is unreachable
or busy; a bad file is a result, not an error, and is not retried.
"""

from collective.gongwen.conversion.queue import huey
from collective.gongwen.conversion.worker import run_job

RETRIES = 4
RETRY_DELAY = 5
RETRY_BACKOFF = 2


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF, context=True)
def convert_file(payload, task=None):
    """Convert the file of ``payload`` (uid, job_id, site_url)."""
    return run_job(payload, last_attempt=task is not None and task.retries == 0)


__all__ = ["convert_file", "huey"]
