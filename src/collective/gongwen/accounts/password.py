"""Password policy rules (R-SEC3), plain Python: strength, history and expiry.

A password is strong enough when it has ``min_length`` characters and
characters of ``classes`` of the four kinds (大写, 小写, 数字, 符号). The
history keeps salted PBKDF2 hashes of the last ``history`` passwords, never
the passwords; a new password matching one of them is refused. A password
expires ``expiry_days`` after it was set (0: never). Times are seconds since
the epoch, given by the caller.
"""

import dataclasses
import hashlib
import hmac
import os

CLASSES = ("upper", "lower", "digit", "symbol")
ITERATIONS = 100_000
DAY = 24 * 60 * 60


@dataclasses.dataclass(frozen=True)
class Policy:
    min_length: int = 10
    classes: int = 3
    history: int = 5
    expiry_days: int = 90


def class_of(char):
    """Which of ``CLASSES`` a character belongs to (any non-letter, non-digit is a symbol)."""
    if char.isdigit():
        return "digit"
    if char.isalpha() and char.isupper():
        return "upper"
    if char.isalpha() and char.islower():
        return "lower"
    return "symbol"


def classes_in(password):
    """The set of ``CLASSES`` present in ``password``."""
    return {class_of(char) for char in password}


def weaknesses(password, policy):
    """What ``password`` lacks under ``policy``: a dict with ``too_short`` (characters missing)
    and ``missing_classes`` (the classes not present, when more are needed); empty if strong."""
    found = {}
    if len(password) < policy.min_length:
        found["too_short"] = policy.min_length - len(password)
    present = classes_in(password)
    if len(present) < policy.classes:
        found["missing_classes"] = [c for c in CLASSES if c not in present]
        found["classes_needed"] = policy.classes - len(present)
    return found


def hash_password(password, salt=None):
    """A salted hash ``"salt$digest"`` (hex) of ``password`` for the history."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return f"{salt.hex()}${digest.hex()}"


def matches(password, stored):
    """Whether ``password`` is the one hashed in ``stored``."""
    salt, _, _digest = stored.partition("$")
    try:
        salt_bytes = bytes.fromhex(salt)
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, salt_bytes), stored)


def reused(password, history, policy):
    """Whether ``password`` is among the last ``policy.history`` of ``history`` (newest last)."""
    if policy.history <= 0:
        return False
    return any(matches(password, stored) for stored in history[-policy.history :])


def remembered(history, password, policy):
    """``history`` with ``password`` added, keeping the newest ``policy.history`` hashes."""
    keep = max(policy.history, 0)
    if not keep:
        return ()
    return (*tuple(history), hash_password(password))[-keep:]


def expires_at(set_at, policy):
    """When a password set at ``set_at`` expires; ``None`` when it never does."""
    if policy.expiry_days <= 0 or set_at is None:
        return None
    return set_at + policy.expiry_days * DAY


def is_expired(set_at, now, policy):
    """Whether a password set at ``set_at`` has expired at ``now`` (unknown date: not expired)."""
    deadline = expires_at(set_at, policy)
    return deadline is not None and now >= deadline
