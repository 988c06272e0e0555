"""Failed-login lockout rules (R-SEC3), plain Python.

A *tally* is what is kept per account name and per client address: how many
wrong passwords in a row, and until when it is locked. Accounts and addresses
have their own limits (``Limits``): a whole office often reaches the portal
through one NAT or proxy address, so the address limit is far higher than the
account's — one person's typos, or an attacker's guesses at one account, lock
that account, not everyone behind the address. After ``limit`` failures the key
is locked for ``minutes``; when the lock has run out, or no failure came for as
long as a lock lasts, the count starts again from zero (an office's occasional
typos over a day do not add up). A right password clears the account's tally
(not the address's: one account of the attacker's must not unlock an address
that guesses at others). The 安全保密管理员 may clear a tally at once
(``current_locks`` lists what is locked). Times are seconds since the epoch,
given by the caller.
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
    last_failure: float = 0.0


CLEAR = Tally()


def is_locked(tally, now):
    """Whether ``tally`` is locked at ``now``."""
    return tally.locked_until > now


def after_failure(tally, now, policy):
    """The tally after one more wrong password at ``now``.

    A failure while locked changes nothing (the lock is not prolonged, so an
    attacker cannot keep a known account locked longer than ``minutes`` per
    ``limit`` tries); a lock that has run out, or a count left quiet for
    ``minutes``, starts a new count.
    """
    if not policy.enabled or is_locked(tally, now):
        return tally
    quiet = now - tally.last_failure >= policy.minutes * 60
    failures = (0 if tally.locked_until or quiet else tally.failures) + 1
    if failures >= policy.limit:
        return Tally(failures=failures, locked_until=now + policy.minutes * 60, last_failure=now)
    return Tally(failures=failures, last_failure=now)


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


ACCOUNT = "account"
ADDRESS = "address"
KINDS = (ACCOUNT, ADDRESS)
_PREFIXES = {ACCOUNT: "login:", ADDRESS: "addr:"}
ADDRESS_LIMIT = 64  # characters of a client address kept in its key


@dataclasses.dataclass(frozen=True)
class Limits:
    """The lockout in force: wrong passwords in a row that lock an account name
    (``account``) and a client address (``address``), each 0 for never, and
    the ``minutes`` a lock lasts."""

    account: int
    address: int
    minutes: int

    def policy(self, kind):
        """The ``Policy`` of tallies of ``kind`` (ACCOUNT or ADDRESS)."""
        return Policy(limit=self.account if kind == ACCOUNT else self.address, minutes=self.minutes)

    @property
    def enabled(self):
        return any(self.policy(kind).enabled for kind in KINDS)


def address_key(address):
    """The key of a client address's tally (bounded; "-" when the address is unknown)."""
    return (address or "").strip()[:ADDRESS_LIMIT] or "-"


def tally_key(kind, name):
    """The stored key of the tally of an account name or a client address."""
    if kind == ACCOUNT:
        return _PREFIXES[ACCOUNT] + account_key(name)
    if kind == ADDRESS:
        return _PREFIXES[ADDRESS] + address_key(name)
    raise ValueError(f"unknown tally kind {kind!r}")


def key_parts(key):
    """``(kind, name)`` of a stored key; ``(None, key)`` for a key of no known kind."""
    for kind, prefix in _PREFIXES.items():
        if key.startswith(prefix):
            return kind, key[len(prefix) :]
    return None, key


@dataclasses.dataclass(frozen=True)
class Lock:
    """A current lock as the 安全设置 page lists it."""

    kind: str
    name: str
    failures: int
    locked_until: float


def current_locks(tallies, now):
    """The ``Lock`` of every locked tally among ``(key, Tally)`` pairs at ``now``: accounts
    first, then addresses, each by name."""
    locks = []
    for key, tally in tallies:
        kind, name = key_parts(key)
        if kind is not None and is_locked(tally, now):
            locks.append(Lock(kind, name, tally.failures, tally.locked_until))
    return sorted(locks, key=lambda lock: (KINDS.index(lock.kind), lock.name))
