"""The scheduled reminder job: the workers, not cron, have the portal send reminders.

``notify.tasks.send_reminders`` is a huey periodic task (every
``REMINDER_MINUTES`` minutes) in the workers ``make start`` already runs.
It POSTs to ``@@gongwen-reminders`` on ``GONGWEN_SITE_URL`` with a token
of the shared key for a time stamp (``jobs.tokens.stamp_token``); the portal
accepts a stamp within ``STAMP_MAX_AGE`` seconds of its own clock, so an
overheard request cannot be replayed later. The run itself is
idempotent per day (``reminders``), so several workers each scheduling it
do no harm.
"""

import logging
import time

from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import site_url_for
from collective.gongwen.jobs.tokens import stamp_is_valid as stamp_proves
from collective.gongwen.jobs.tokens import stamp_token

logger = logging.getLogger("collective.gongwen.notify")

REMINDER_MINUTES = 15
REMINDERS_JOB = "gongwen-reminders"
# A run on a large portal reads every holder's 我的待办.
HTTP_TIMEOUT = 600


def reminders_token(stamp):
    """The proof a worker sends with the reminder run of time stamp ``stamp`` (text)."""
    return stamp_token(REMINDERS_JOB, stamp)


def stamp_is_valid(stamp, token, now=None):
    """True when ``token`` proves ``stamp`` and the stamp is recent (constant-time compare)."""
    return stamp_proves(REMINDERS_JOB, stamp, token, now=now)


def request_reminders(site_url=None):
    """Ask the portal to send the reminders due; its answer (counts sent), or None unconfigured."""
    site_url = (site_url or site_url_for()).rstrip("/")
    if not site_url:
        logger.warning("reminders not run: GONGWEN_SITE_URL (--site-url) is not set")
        return None
    stamp = str(int(time.time()))
    # The stamp is the run's job id: its token is the reminders token.
    portal = JobClient(site_url, REMINDERS_JOB, stamp, timeout=HTTP_TIMEOUT)
    response = portal.post(REMINDERS_JOB, data={"stamp": stamp})
    logger.info("reminders run: %s", response.text[:200])
    return response.json()
