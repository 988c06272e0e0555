"""R-RUN1: a job put back while the portal is not ready counts one attempt, no error.

Run through a real huey (in memory, immediate): the job's first attempt meets a transient
error, and huey schedules it again with one retry fewer, after the back-off delay, without
the "Unhandled exception" huey logs for an error; the last attempt's transient error is a
failure.
"""

import logging

from huey import MemoryHuey

from collective.gongwen.jobs import backoff
from collective.gongwen.jobs import client
from collective.gongwen.jobs.queue import durable


def queue_with(job, retries):
    huey = MemoryHuey(immediate=True, utc=False)
    return huey, huey.task(context=True, retries=retries, retry_delay=1)(durable(job))


def not_ready(payload, last_attempt=False):
    raise client.TransientError("portal not ready")


def test_r_run1_a_transient_error_puts_the_job_back_once_counted(caplog):
    huey, task = queue_with(not_ready, retries=3)
    with caplog.at_level(logging.INFO):
        task({"uid": "x"})
    (again,) = huey.scheduled()
    assert again.retries == 2  # one attempt spent, as a failed attempt would spend it
    assert again.retry_delay == backoff.configured().after(1)
    assert "Unhandled exception" not in caplog.text
    assert "portal not ready; again in" in caplog.text


def test_r_run1_the_last_attempts_transient_error_is_a_failure(caplog):
    huey, task = queue_with(not_ready, retries=0)
    with caplog.at_level(logging.INFO):
        task({"uid": "x"})
    assert huey.scheduled() == []
    assert "Unhandled exception" in caplog.text
