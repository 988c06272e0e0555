"""notify's job on the workers' queue: ``send_reminders``, a huey periodic task.

Every ``REMINDER_MINUTES`` minutes a worker has the portal send the overdue
reminders and daily digests due (SPEC §15, ``schedule.request_reminders``).
Registered on the one queue (``jobs.queue.huey``); the workers load it
with every capability's tasks (``jobs.queue.load_capability_tasks``).
Durable (``jobs.queue.durable_periodic_task``): it waits for the portal and
retries with capped back-off while the portal is down or busy.
"""

from huey import crontab

from collective.gongwen.jobs.queue import durable_periodic_task
from collective.gongwen.notify.schedule import REMINDER_MINUTES
from collective.gongwen.notify.schedule import request_reminders


@durable_periodic_task(crontab(minute=f"*/{REMINDER_MINUTES}"))
def send_reminders():
    """Have the portal on ``GONGWEN_SITE_URL`` send the reminders and digests due."""
    return request_reminders()


__all__ = ["send_reminders"]
