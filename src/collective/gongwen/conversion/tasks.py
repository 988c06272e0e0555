"""The huey tasks workers run: ``huey_consumer collective.gongwen.conversion.tasks.huey``.

``convert_file`` converts a file for the viewer; ``refresh_slip`` has the
portal render a document's kept slip again after an opinion (R-T2);
``send_reminders``, a periodic task, has the portal send the overdue
reminders and daily digests due (SPEC §15, ``notify.schedule``).

Retries with back-off (5 s, 10 s, 20 s, 40 s) when the portal is unreachable
or busy; a bad file is a result, not an error, and is not retried.
"""

from huey import crontab

from collective.gongwen.conversion.queue import huey
from collective.gongwen.conversion.worker import run_job
from collective.gongwen.conversion.worker import run_slip_refresh
from collective.gongwen.notify.schedule import REMINDER_MINUTES
from collective.gongwen.notify.schedule import request_reminders

RETRIES = 4
RETRY_DELAY = 5
RETRY_BACKOFF = 2


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF, context=True)
def convert_file(payload, task=None):
    """Convert the file of ``payload`` (uid, job_id, site_url)."""
    return run_job(payload, last_attempt=task is not None and task.retries == 0)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF)
def refresh_slip(payload):
    """Render the kept slip of the document of ``payload`` (uid, job_id, site_url) again."""
    return run_slip_refresh(payload)


@huey.periodic_task(
    crontab(minute=f"*/{REMINDER_MINUTES}"),
    retries=RETRIES,
    retry_delay=RETRY_DELAY,
    retry_backoff=RETRY_BACKOFF,
)
def send_reminders():
    """Have the portal on ``GONGWEN_SITE_URL`` send the reminders and digests due."""
    return request_reminders()


__all__ = ["convert_file", "huey", "refresh_slip", "send_reminders"]
