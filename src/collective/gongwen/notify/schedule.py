"""The scheduled reminder job: the workers, not cron, have the portal send reminders.

``notify.tasks.send_reminders`` is a huey periodic task (every
``REMINDER_MINUTES`` minutes) in the workers ``make start`` already runs.
It POSTs to ``@@gongwen-reminders`` on ``GONGWEN_SITE_URL`` with a token
derived from the conversion secret (``tokens.job_token``) for a time stamp;
the portal accepts a stamp within ``STAMP_MAX_AGE`` seconds of its own clock,
so an overheard request cannot be replayed later. The run itself is
idempotent per day (``reminders``), so several workers each scheduling it
do no harm.
"""

import logging
import os
import time

import requests

from collective.gongwen.conversion.tokens import job_token
from collective.gongwen.conversion.tokens import token_is_valid
from collective.gongwen.conversion.worker import TransientError

logger = logging.getLogger("collective.gongwen.notify")

REMINDER_MINUTES = 15
REMINDERS_JOB = "gongwen-reminders"
STAMP_MAX_AGE = 600
# A run on a large portal reads every holder's 我的待办.
HTTP_TIMEOUT = 600


def reminders_token(stamp):
    """The proof a worker sends with the reminder run of time stamp ``stamp`` (text)."""
    return job_token(REMINDERS_JOB, stamp)


def stamp_is_valid(stamp, token, now=None):
    """True when ``token`` proves ``stamp`` and the stamp is recent (constant-time compare)."""
    try:
        age = abs((time.time() if now is None else now) - int(stamp))
    except (TypeError, ValueError):
        return False
    return age <= STAMP_MAX_AGE and token_is_valid(REMINDERS_JOB, stamp, token)


def request_reminders(site_url=None):
    """Ask the portal to send the reminders due; its answer (counts sent), or None unconfigured."""
    site_url = (site_url or os.environ.get("GONGWEN_SITE_URL") or "").rstrip("/")
    if not site_url:
        logger.warning("reminders not run: GONGWEN_SITE_URL (--site-url) is not set")
        return None
    stamp = str(int(time.time()))
    url = f"{site_url}/@@gongwen-reminders"
    try:
        response = requests.post(
            url,
            headers={"X-Gongwen-Token": reminders_token(stamp)},
            data={"stamp": stamp},
            timeout=HTTP_TIMEOUT,
        )
    except requests.RequestException as error:
        raise TransientError(f"{url}: {error}") from error
    if response.status_code >= 500 or response.status_code == 429:
        raise TransientError(f"{url}: HTTP {response.status_code}")
    response.raise_for_status()
    logger.info("reminders run: %s", response.text[:200])
    return response.json()
