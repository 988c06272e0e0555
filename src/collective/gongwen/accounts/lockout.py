"""Failed-login lockout rules (R-SEC3), plain Python.

A *tally* is what is kept per account name and per client address: how many
wrong passwords in a row, and until when it is locked. After ``limit`` failures
the key is locked for ``minutes``; when the lock has run out the count starts
again from zero. A right password clears the account's tally (not the
address's: one account of the attacker's must not unlock an address that
guesses at others). Times are seconds since the epoch, given by the caller.
"""

import dataclasses
import math


@dataclasses.dataclass(frozen=True)
class Policy:
    """``limit`` wrong passwords lock for ``minutes``; ``limit`` 0 switches lockout off."""

    limit: int
    minutes: int

    @property
    def enabled(self):
        return self.limit > 0 and self.minutes > 0


@dataclasses.dataclass(frozen=True)
class Tally:
    failures: int = 0
    locked_until: float = 0.0


CLEAR = Tally()


def is_locked(tally, now):
    """Whether ``tally`` is locked at ``now``."""
    return tally.locked_until > now


def after_failure(tally, now, policy):
    """The tally after one more wrong password at ``now``.

    A failure while locked changes nothing (the lock is not prolonged, so an
    attacker cannot keep a known account locked longer than ``minutes`` per
    ``limit`` tries); a lock that has run out starts a new count.
    """
    if not policy.enabled or is_locked(tally, now):
        return tally
    failures = (0 if tally.locked_until else tally.failures) + 1
    if failures >= policy.limit:
        return Tally(failures=failures, locked_until=now + policy.minutes * 60)
    return Tally(failures=failures)


def minutes_left(tally, now):
    """Whole minutes (at least 1) until ``tally`` unlocks; 0 when it is not locked."""
    if not is_locked(tally, now):
        return 0
    return max(1, math.ceil((tally.locked_until - now) / 60))


def account_key(login):
    """The key of an account name's tally: case and surrounding blanks do not make a new one.

    Names that match no account are counted the same way, so a lockout says
    nothing about whether an account exists.
    """
    return (login or "").strip().lower()[:200]
