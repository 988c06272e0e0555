"""R-RUN1: the durable jobs' plain rules — capped back-off for a patience, exactly once."""

import pytest

from collective.gongwen.jobs import backoff
from collective.gongwen.jobs import once
from collective.gongwen.jobs.tokens import stamp_is_valid
from collective.gongwen.jobs.tokens import stamp_token


def test_r_run1_back_off_doubles_up_to_its_cap():
    policy = backoff.Backoff(base=2, cap=120, patience=1800)
    assert [policy.delay(attempt) for attempt in range(9)] == [2, 4, 8, 16, 32, 64, 120, 120, 120]
    assert policy.delay(10**9) == 120  # no overflow on a huge attempt number
    assert policy.delay(-3) == 2


def test_r_run1_jobs_are_retried_for_at_least_the_patience_not_75_seconds():
    policy = backoff.configured({})
    retries = policy.retries()
    assert policy.waited(retries) >= 30 * 60
    # The smallest count that covers the patience: one fewer does not.
    assert policy.waited(retries - 1) < 30 * 60
    # No delay longer than the cap: a portal back after 31 minutes is found within 2 minutes.
    assert max(policy.delay(attempt) for attempt in range(retries)) == backoff.CAP_SECONDS


def test_r_run1_the_environment_scales_the_delays_and_sets_the_patience():
    policy = backoff.configured(
        {"GONGWEN_JOB_BACKOFF_SCALE": "0.01", "GONGWEN_JOB_PATIENCE_MINUTES": "45"}
    )
    assert policy.delay(0) == pytest.approx(0.02)
    assert policy.cap == pytest.approx(1.2)
    assert policy.waited(policy.retries()) >= 45 * 60


@pytest.mark.parametrize("value", ["", "zero", "-1", "0", "nan", "inf", "1e400", "1" * 5000])
def test_r_run1_a_bad_setting_falls_back_or_is_bounded(value):
    policy = backoff.configured(
        {"GONGWEN_JOB_BACKOFF_SCALE": value, "GONGWEN_JOB_PATIENCE_MINUTES": value}
    )
    assert 0 < policy.base <= backoff.BASE_SECONDS * 100
    assert 0 < policy.patience <= backoff.MAX_PATIENCE_MINUTES * 60
    assert policy.retries() < 100_000


def test_r_run1_a_job_is_done_once_and_the_ledger_keeps_the_newest():
    ledger = {}
    assert not once.is_done(ledger, "a")
    once.remember(ledger, "a", "2026-03-02T08:00:00")
    assert once.is_done(ledger, "a")
    assert not once.is_done(ledger, "") and not once.is_done(None, "a")
    for number in range(once.KEEP + 5):
        once.remember(ledger, f"job{number:03d}", f"2026-03-02T09:{number:02d}:00")
    assert len(ledger) == once.KEEP
    assert not once.is_done(ledger, "a")  # the oldest went first
    assert once.is_done(ledger, f"job{once.KEEP + 4:03d}")
    once.remember(ledger, "x" * 500, "2026-03-02T10:00:00")  # no id is that long
    assert not once.is_done(ledger, "x" * 500)


def test_r_run1_a_stamp_proves_its_purpose_and_expires():
    token = stamp_token("gongwen-ready", "1000", secret=None)
    assert stamp_is_valid("gongwen-ready", "1000", token, now=1000 + 600)
    assert not stamp_is_valid("gongwen-ready", "1000", token, now=1000 + 601)
    assert not stamp_is_valid("gongwen-reminders", "1000", token, now=1000)
    assert not stamp_is_valid("gongwen-ready", "9" * 5000, token, now=1000)
    assert not stamp_is_valid("gongwen-ready", "1000", "", now=1000)
