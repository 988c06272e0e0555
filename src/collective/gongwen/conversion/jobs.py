"""Queueing a file's conversion from Zope (its job is proved with ``tokens.job_token``).

``queue_conversion`` replaces collective.documentviewer's ``queueJob``
(which, without celery, converts inside the upload request): it records the
file as queued and hands the job to huey only when the transaction commits,
so a worker never looks for a file that was rolled back.
"""

import hashlib
import logging

from collective.documentviewer.settings import Settings
from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen.conversion import preflight
from collective.gongwen.conversion.indexers import reindex_state
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.status import mark_queued
from collective.gongwen.conversion.store import store_failure
from collective.gongwen.conversion.tasks import convert_file
from collective.gongwen.jobs.dispatch import after_commit

logger = logging.getLogger("collective.gongwen.conversion")


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
    ``force`` (the re-convert action), nor when its name or emptiness already refuses
    it (``preflight.by_name``): that failure is recorded here, with no worker involved.
    """
    if getattr(obj, "file", None) is None:
        return None
    refused = preflight.by_name(obj.file.getSize(), obj.file.filename or "")
    if refused is not None:
        if conversion_status(obj).get("reason") != refused[0]:
            store_failure(obj, *refused)
            reindex_state(obj)
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
    after_commit(convert_file, payload["uid"], payload)  # unqueued: ``convert-all`` queues it again
    return job_id


def queue_attachment(attachment, event):
    """Queue a 公文's file, whatever its type (subscriber).

    The viewer's own subscriber knows types by MIME type and misses some the
    bureau receives (Kingsoft ``.et``, RTF as ``text/rtf``); preflight decides
    what can be converted.
    """
    queue_conversion(attachment)
