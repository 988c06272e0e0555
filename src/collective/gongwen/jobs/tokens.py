"""The key Zope and the workers share, and the tokens a job is proved with.

Plain Python (no Zope): the portal checks a worker's request with
``token_is_valid``, a worker signs its requests with ``job_token``; calls
that belong to no job (the reminder run, ``@@gongwen-ready``) sign a time
stamp for a purpose (``stamp_token``), accepted within ``STAMP_MAX_AGE``
seconds of the portal's clock so an overheard call cannot be replayed. The key
comes from ``GONGWEN_CONVERSION_SECRET`` or the file named by
``GONGWEN_CONVERSION_SECRET_FILE`` (created by whoever needs it first).
"""

import hashlib
import hmac
import os
import secrets
import time

_secret_cache = {}

STAMP_MAX_AGE = 600


def conversion_secret():
    """The shared key of Zope and the workers (bytes), from the environment."""
    secret = os.environ.get("GONGWEN_CONVERSION_SECRET")
    if secret:
        return secret.encode("utf-8")
    path = os.environ.get("GONGWEN_CONVERSION_SECRET_FILE")
    if not path:
        raise RuntimeError("GONGWEN_CONVERSION_SECRET(_FILE) is not set")
    if path not in _secret_cache:
        _secret_cache[path] = read_or_create_secret(path)
    return _secret_cache[path]


def read_or_create_secret(path):
    """The key in the file ``path``; whoever needs it first creates it (readable by us only)."""
    if not os.path.exists(path):
        # Written aside and linked into place: a reader never sees it half written.
        draft = f"{path}.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as secret_file:
            secret_file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.remove(draft)
    with open(path, "rb") as secret_file:
        return secret_file.read().strip()


def job_token(uid, job_id, secret=None):
    """The proof a worker sends for job ``job_id`` of the file ``uid``."""
    key = secret if secret is not None else conversion_secret()
    return hmac.new(key, f"{uid}:{job_id}".encode(), hashlib.sha256).hexdigest()


def token_is_valid(uid, job_id, token):
    """True when ``token`` proves ``job_id`` of ``uid`` (constant-time compare)."""
    if not (uid and job_id and token):
        return False
    return hmac.compare_digest(job_token(uid, job_id), token)


def stamp_token(purpose, stamp, secret=None):
    """The proof of the time stamp ``stamp`` (text) for ``purpose`` (e.g. ``gongwen-ready``)."""
    return job_token(purpose, stamp, secret=secret)


def stamp_is_valid(purpose, stamp, token, now=None):
    """True when ``token`` proves ``stamp`` for ``purpose`` and the stamp is recent."""
    try:
        age = abs((time.time() if now is None else now) - int(stamp))
    except (TypeError, ValueError, OverflowError):
        return False
    return age <= STAMP_MAX_AGE and token_is_valid(purpose, stamp, token)
