"""R-RUN1, R-A1: a job is handed to the queue only once the transaction that asked for it has
committed — one per key, the last asked for; none after a rollback."""

import transaction

from collective.gongwen.jobs.dispatch import after_commit


def test_r_run1_jobs_are_queued_after_commit_one_per_key():
    sent = []
    transaction.begin()
    after_commit(sent.append, "doc:slip", {"job": 1})
    after_commit(sent.append, "doc:slip", {"job": 2})  # the same work asked for again
    after_commit(sent.append, "doc:official", {"job": 3})
    assert sent == []  # nothing before the commit
    transaction.commit()
    assert sent == [{"job": 2}, {"job": 3}]


def test_r_run1_nothing_is_queued_after_a_rollback():
    sent = []
    transaction.begin()
    after_commit(sent.append, "doc:slip", {"job": 1})
    transaction.abort()
    transaction.begin()
    transaction.commit()
    assert sent == []


def test_r_run1_a_queue_that_cannot_take_the_job_is_logged_not_raised(caplog):
    def broken(payload):
        raise ConnectionError("queue down")

    sent = []
    transaction.begin()
    after_commit(broken, "a", {"job": 1})
    after_commit(sent.append, "b", {"job": 2})
    transaction.commit()
    assert sent == [{"job": 2}]  # the others are still queued
    assert "could not queue job" in caplog.text
