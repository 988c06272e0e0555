"""R-SEC3: the failed-login lockout rules (accounts/lockout.py), plain Python."""

from collective.gongwen.accounts import lockout

POLICY = lockout.Policy(limit=3, minutes=10)


def fail(times, now=1000.0, tally=lockout.CLEAR, policy=POLICY):
    for _ in range(times):
        tally = lockout.after_failure(tally, now, policy)
    return tally


def test_r_sec3_locks_at_the_limit_not_before():
    assert not lockout.is_locked(fail(2), 1000.0)
    tally = fail(3)
    assert lockout.is_locked(tally, 1000.0)
    assert tally.locked_until == 1000.0 + 600


def test_r_sec3_lock_runs_out_after_the_minutes_and_counts_again():
    tally = fail(3)
    assert lockout.is_locked(tally, 1000.0 + 599)
    assert not lockout.is_locked(tally, 1000.0 + 600)
    later = lockout.after_failure(tally, 1000.0 + 601, POLICY)
    assert later == lockout.Tally(failures=1)


def test_r_sec3_failures_while_locked_do_not_prolong_the_lock():
    tally = fail(3)
    assert lockout.after_failure(tally, 1500.0, POLICY) == tally


def test_r_sec3_minutes_left_rounds_up_and_is_zero_when_open():
    tally = fail(3)
    assert lockout.minutes_left(tally, 1000.0) == 10
    assert lockout.minutes_left(tally, 1000.0 + 541) == 1
    assert lockout.minutes_left(tally, 1000.0 + 600) == 0


def test_r_sec3_limit_zero_switches_lockout_off():
    off = lockout.Policy(limit=0, minutes=10)
    assert fail(50, policy=off) == lockout.CLEAR


def test_r_sec3_account_key_ignores_case_and_blanks_and_is_bounded():
    assert lockout.account_key("  CY_Eng_Staff ") == "cy_eng_staff"
    assert lockout.account_key(None) == ""
    assert len(lockout.account_key("x" * 10000)) == 200
