"""R-SEC3: the failed-login lockout rules (accounts/lockout.py), plain Python."""

import pytest

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
    assert later == lockout.Tally(failures=1, last_failure=1000.0 + 601)


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


def test_r_sec3_a_count_left_quiet_as_long_as_a_lock_starts_again():
    """An office's occasional typos over a day do not add up to a lock."""
    tally = fail(2)
    assert lockout.after_failure(tally, 1000.0 + 599, POLICY).failures == 3
    assert lockout.after_failure(tally, 1000.0 + 600, POLICY) == lockout.Tally(1, 0.0, 1600.0)
    # failures spread out, each within the quiet time of the last, still lock
    tally = lockout.CLEAR
    for minute in (0, 9, 18):
        tally = lockout.after_failure(tally, 1000.0 + minute * 60, POLICY)
    assert lockout.is_locked(tally, 1000.0 + 18 * 60)


def test_r_sec3_account_and_address_have_their_own_limits():
    limits = lockout.Limits(account=5, address=50, minutes=15)
    assert limits.policy(lockout.ACCOUNT) == lockout.Policy(limit=5, minutes=15)
    assert limits.policy(lockout.ADDRESS) == lockout.Policy(limit=50, minutes=15)
    account = address = lockout.CLEAR
    for _ in range(5):
        account = lockout.after_failure(account, 1000.0, limits.policy(lockout.ACCOUNT))
        address = lockout.after_failure(address, 1000.0, limits.policy(lockout.ADDRESS))
    assert lockout.is_locked(account, 1000.0)
    assert not lockout.is_locked(address, 1000.0)
    address = fail(45, tally=address, policy=limits.policy(lockout.ADDRESS))
    assert address.failures == 50 and lockout.is_locked(address, 1000.0)


def test_r_sec3_either_limit_zero_switches_only_that_one_off():
    assert lockout.Limits(account=0, address=50, minutes=15).enabled
    assert lockout.Limits(account=5, address=0, minutes=15).enabled
    assert not lockout.Limits(account=0, address=0, minutes=15).enabled
    off = lockout.Limits(account=5, address=0, minutes=15).policy(lockout.ADDRESS)
    assert fail(500, policy=off) == lockout.CLEAR


def test_r_sec3_tally_keys_of_accounts_and_addresses():
    assert lockout.tally_key(lockout.ACCOUNT, " CY_Eng_Staff ") == "login:cy_eng_staff"
    assert lockout.tally_key(lockout.ADDRESS, "10.0.0.1") == "addr:10.0.0.1"
    assert lockout.tally_key(lockout.ADDRESS, "") == "addr:-"
    assert len(lockout.tally_key(lockout.ADDRESS, "1" * 1000)) == len("addr:") + 64
    assert lockout.key_parts("login:cy_eng_staff") == (lockout.ACCOUNT, "cy_eng_staff")
    assert lockout.key_parts("addr:10.0.0.1") == (lockout.ADDRESS, "10.0.0.1")
    assert lockout.key_parts("other") == (None, "other")
    with pytest.raises(ValueError):
        lockout.tally_key("user", "x")


def test_r_sec3_current_locks_lists_only_locked_accounts_then_addresses():
    locked = fail(3)
    tallies = [
        ("addr:10.0.0.9", locked),
        ("login:zhang", locked),
        ("login:li", fail(2)),  # counting, not locked
        ("login:alpha", locked),
        ("junk", locked),
    ]
    locks = lockout.current_locks(tallies, 1000.0)
    assert [(lock.kind, lock.name) for lock in locks] == [
        (lockout.ACCOUNT, "alpha"),
        (lockout.ACCOUNT, "zhang"),
        (lockout.ADDRESS, "10.0.0.9"),
    ]
    assert locks[0] == lockout.Lock(lockout.ACCOUNT, "alpha", 3, 1600.0)
    assert lockout.current_locks(tallies, 1600.0) == []


def test_r_sec3_unlock_is_audited_in_words():
    from collective.gongwen.audit import entries

    text = entries.unlock_summary("account", "cy_eng_staff", 5, "2026-12-06 09:05")
    assert (
        text
        == "「解除登录锁定」 账号 cy_eng_staff（连续输错 5 次，原定 2026-12-06 09:05 自动解锁）"
    )
    assert entries.unlock_summary("address", "10.0.0.1", 50, "x").startswith(
        "「解除登录锁定」 地址"
    )
    assert len(entries.unlock_summary("account", "x" * 5000, 5, "x")) <= entries.SUMMARY_LIMIT
