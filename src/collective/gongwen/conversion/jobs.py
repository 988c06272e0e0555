"""Queueing a file's conversion from Zope, and the key its job is proved with.

``queue_conversion`` replaces collective.documentviewer's ``queueJob``
(which, without celery, converts inside the upload request): it records the
file as queued and hands the job to huey only when the transaction commits,
so a worker never looks for a file that was rolled back.
"""

import hashlib
import hmac
import logging
import os
import secrets

import transaction
from collective.documentviewer.settings import Settings
from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen.conversion.indexers import reindex_state
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.status import mark_queued

logger = logging.getLogger("collective.gongwen.conversion")

_secret_cache = {}


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


def file_hash(obj):
    """SHA-256 of ``obj``'s file, to skip re-converting an unchanged file."""
    digest = hashlib.sha256()
    with obj.file.open() as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def queue_conversion(obj, force=False):
    """Queue ``obj``'s file for conversion after commit; return the job id or None.

    Nothing is queued when the file is unchanged since its last conversion
    (an edit of the title fires the same event as a new file) unless
    ``force`` (the re-convert action).
    """
    if getattr(obj, "file", None) is None:
        return None
    digest = file_hash(obj)
    status = conversion_status(obj)
    if not force and status.get("source_hash") == digest and status["state"] != "failed":
        return None
    job_id = mark_queued(obj, source_hash=digest)
    # The viewer's own page says "being converted" (and keeps showing the
    # previous conversion, if any, meanwhile).
    Settings(obj).converting = True
    reindex_state(obj)
    payload = {"uid": IUUID(obj), "job_id": job_id, "site_url": api.portal.get().absolute_url()}
    transaction.get().addAfterCommitHook(_enqueue_after_commit, args=(payload,))
    return job_id


def _enqueue_after_commit(committed, payload):
    if not committed:
        return
    from collective.gongwen.conversion.tasks import convert_file

    try:
        convert_file(payload)
    except Exception:
        # The file stays "queued"; ``convert-all`` queues it again.
        logger.exception("could not queue conversion job %s", payload)


def queue_attachment(attachment, event):
    """Queue a 公文's file, whatever its type (subscriber).

    The viewer's own subscriber knows types by MIME type and misses some the
    bureau receives (Kingsoft ``.et``, RTF as ``text/rtf``); preflight decides
    what can be converted.
    """
    queue_conversion(attachment)
