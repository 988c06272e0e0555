"""The hash chain of the audit entries and the signed checkpoints (R-U1).

Plain Python (no Zope). An entry's hash is the digest (SHA-256, or SM3 for a
bureau that asks for 国密) of the canonical encoding of its fields and the
previous entry's hash, so an entry cannot be edited, removed or moved without
breaking the links that follow it. A checkpoint signs (HMAC-SHA256 with the
audit key) the sequence number and hash of the newest entry, the time, and
the previous checkpoint's signature: the chain up to a checkpoint cannot be
recomputed nor cut short without the key.
"""

import hashlib
import hmac
import json
import os

from collective.gongwen.audit import location
from collective.gongwen.jobs.tokens import read_or_create_secret

# The fields of an entry in their hashed order (``prev_hash`` last, then ``hash``).
FIELDS = (
    "seq",
    "time",
    "actor",
    "on_behalf_of",
    "unit",
    "action",
    "object_uid",
    "object_path",
    "from_state",
    "to_state",
    "client_address",
    "summary",
    "flags",
)

ALGORITHMS = ("sha256", "sm3")
DEFAULT_ALGORITHM = "sha256"
# How the algorithms are written for people (the standards' names).
ALGORITHM_NAMES = {"sha256": "SHA-256", "sm3": "SM3"}
DIGEST_LENGTH = 64  # hex characters of both algorithms
GENESIS = "0" * DIGEST_LENGTH


def _sm3_hex(data):
    """SM3 of ``data``: OpenSSL's when it has it, else gmssl's (pure Python)."""
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:
        from gmssl import sm3

        return sm3.sm3_hash(list(data))


def digest(algorithm, data):
    """The hex digest of ``data`` (bytes) by ``algorithm`` (one of ``ALGORITHMS``)."""
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        return _sm3_hex(data)
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}")


def sm3_available():
    """True when SM3 can be computed here (OpenSSL or gmssl)."""
    try:
        digest("sm3", b"")
    except ImportError:
        return False
    return True


def canonical(values):
    """The one byte encoding of a list of values: compact JSON, UTF-8, unescaped Chinese."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry, prev_hash, algorithm=DEFAULT_ALGORITHM):
    """The hash of ``entry`` (a mapping with ``FIELDS``) chained to ``prev_hash``."""
    return digest(algorithm, canonical([*(entry[field] for field in FIELDS), prev_hash]))


def checkpoint_payload(seq, entry_hash_, time, algorithm, prev_signature):
    """What a checkpoint signs: newest entry's seq and hash, time, previous signature."""
    return canonical(
        ["gongwen-audit-checkpoint", seq, entry_hash_, time, algorithm, prev_signature]
    )


def sign(key, payload):
    """HMAC-SHA256 of ``payload`` with ``key`` (bytes), hex."""
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def signature_is_valid(key, payload, signature):
    """True when ``signature`` is ``payload``'s with ``key`` (constant-time compare)."""
    return hmac.compare_digest(sign(key, payload), signature or "")


def key_path(db_path):
    """The key file: ``GONGWEN_AUDIT_KEY_FILE``, else ``checkpoint.key`` beside the store file
    (a store in PostgreSQL has no beside: its key file must be named — never in the database,
    whose holder could then re-sign a rewritten chain)."""
    configured = os.environ.get("GONGWEN_AUDIT_KEY_FILE")
    if configured:
        return configured
    if location.is_postgres(db_path):
        raise RuntimeError(
            "GONGWEN_AUDIT_KEY_FILE is not set: the checkpoint key of an audit store in "
            "PostgreSQL is a file that must be named"
        )
    return os.path.join(os.path.dirname(os.path.abspath(db_path)), "checkpoint.key")


def checkpoint_key(db_path, path=None):
    """The checkpoints' key (bytes): ``GONGWEN_AUDIT_KEY``, or its file (created once)."""
    secret = os.environ.get("GONGWEN_AUDIT_KEY")
    if secret and path is None:
        return secret.encode("utf-8")
    return read_or_create_secret(path or key_path(db_path))
