"""notify's job on the workers' queue: ``send_reminders``, a huey periodic task.

Every ``REMINDER_MINUTES`` minutes a worker has the portal send the overdue
reminders and daily digests due (SPEC §15, ``schedule.request_reminders``).
Registered on the one queue (``conversion.queue.huey``); the workers load it
with every capability's tasks (``conversion.queue.load_capability_tasks``).
Retries with back-off (``queue.RETRY_POLICY``) when the portal is unreachable or busy.
"""

from huey import crontab

from collective.gongwen.conversion.queue import RETRY_POLICY
from collective.gongwen.conversion.queue import huey
from collective.gongwen.notify.schedule import REMINDER_MINUTES
from collective.gongwen.notify.schedule import request_reminders


@huey.periodic_task(crontab(minute=f"*/{REMINDER_MINUTES}"), **RETRY_POLICY)
def send_reminders():
    """Have the portal on ``GONGWEN_SITE_URL`` send the reminders and digests due."""
    return request_reminders()


__all__ = ["send_reminders"]
