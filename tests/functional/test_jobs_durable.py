"""R-RUN1 for real: jobs wait for a portal that is down or starting, and run exactly once.

Real ``gongwen-worker`` processes (huey consumers on the session's SQLite
queue) reach the served site through a forwarder that can be down
(``tests.support.network.Forwarder``): connections are refused until it
opens, as when ``make start`` starts the workers before the portal or only
the portal is restarted. The back-off is scaled to seconds by
``GONGWEN_JOB_BACKOFF_SCALE``.
"""

import time

import pytest
import transaction

from collective.gongwen.conversion.status import conversion_status
from tests.functional.test_conversion_worker import add_files
from tests.functional.test_conversion_worker import incoming  # noqa: F401 (fixture)
from tests.support.network import Forwarder
from tests.support.waiting import wait_for
from tests.support.workers import running_worker

pytestmark = pytest.mark.slow

# Delays of 0.1 s doubling to 6 s: minutes of real back-off in seconds.
FAST = {"GONGWEN_JOB_BACKOFF_SCALE": "0.05"}


@pytest.fixture
def portal_door(functional):
    """A forwarder to the served site, closed (the portal "down") until the test opens it."""
    from collective.gongwen.jobs.queue import huey

    huey.flush()
    door = Forwarder(functional["port"])
    yield door
    door.close()


def retried_and_finished(log):
    """True once the worker requeued a job after a lost answer and ran the retry to its end."""
    text = log.read_text()
    _before, requeued, after = text.partition("Requeueing")
    # The conversion's own line: the worker's periodic jobs (the sweep) say "executed in" too.
    return bool(requeued) and any(
        "convert_file" in line and " executed in " in line for line in after.splitlines()
    )


def done_once(*files):
    """True once every file is converted, each by one claimed attempt."""
    states = [conversion_status(item) for item in files]
    return all(status["state"] == "done" for status in states)


def test_r_run1_jobs_queued_before_the_portal_starts_run_once_when_it_does(
    incoming,  # noqa: F811
    sample_documents,
    portal_door,
    tmp_path,
):
    log = tmp_path / "worker.log"
    site = f"http://127.0.0.1:{portal_door.port}/plone"
    files = add_files(incoming, *[sample_documents["pdf"]] * 4)
    # The workers start first (make start's order); the portal is not there yet.
    with running_worker(site, log, env=FAST):
        assert wait_for(lambda: log.read_text().count("portal not ready") >= 4, timeout=60), (
            log.read_text()
        )
        time.sleep(3)
        transaction.begin()
        assert [conversion_status(item)["state"] for item in files] == ["queued"] * 4
        assert "retries_exhausted" not in log.read_text()
        portal_door.open()  # the portal has started, seconds later
        assert wait_for(lambda: done_once(*files), timeout=120), log.read_text()
        assert [conversion_status(item)["attempts"] for item in files] == [1] * 4
        # waiting for the portal is no error: no traceback in the worker's log
        assert "Unhandled exception" not in log.read_text() and "Traceback" not in log.read_text()

        # Only the portal restarts: a job queued while it is down waits for it too.
        portal_door.close()
        (late,) = add_files(incoming, sample_documents["pdf"])
        time.sleep(5)
        transaction.begin()
        assert conversion_status(late)["state"] == "queued"
        portal_door.open()
        assert wait_for(lambda: done_once(late), timeout=120), log.read_text()
        assert conversion_status(late)["attempts"] == 1


def test_r_run1_a_result_whose_answer_was_lost_is_not_filed_twice(
    incoming,  # noqa: F811
    sample_documents,
    portal_door,
    tmp_path,
):
    log = tmp_path / "worker.log"
    portal_door.open()
    # The portal files the result, but the worker never reads its answer and retries the job.
    portal_door.lose_answer_to(b"@@gongwen-conversion-result")
    with running_worker(f"http://127.0.0.1:{portal_door.port}/plone", log, env=FAST):
        (attachment,) = add_files(incoming, sample_documents["pdf"])
        assert wait_for(lambda: retried_and_finished(log), timeout=120), log.read_text()
    transaction.begin()
    assert portal_door.lost == 1
    status = conversion_status(attachment)
    assert status["state"] == "done"
    # Claimed once: the retry stopped at its claim, "already done", and converted nothing again.
    assert status["attempts"] == 1
