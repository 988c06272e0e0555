"""The Word 正文's jobs workers run (R-D6): analyse, compare, 清稿 (found by the queue).

Durable (``jobs.queue.durable_task``): they wait for the portal and retry with
capped back-off while it is down or busy; a bad file or LibreOffice's failure
is a result, never retried (``wordbody.worker``).
"""

from collective.gongwen.jobs.queue import durable_task
from collective.gongwen.wordbody.worker import run_job


@durable_task()
def analyse_body(payload, last_attempt=False):
    """Analyse a version of the Word 正文 of ``payload`` (uid, job_id, key, site_url)."""
    return run_job(payload, last_attempt=last_attempt)


@durable_task()
def compare_bodies(payload, last_attempt=False):
    """Compare two versions of the Word 正文 of ``payload``."""
    return run_job(payload, last_attempt=last_attempt)


@durable_task()
def clean_body(payload, last_attempt=False):
    """清稿 the current version of the Word 正文 of ``payload``."""
    return run_job(payload, last_attempt=last_attempt)


# The task of each job kind (``wordbody.jobs``).
TASKS = {"analyse": analyse_body, "compare": compare_bodies, "clean": clean_body}
