"""The render jobs of the documents (R-RUN1): one coalesced job per (document, kind), kept per site.

A render (``child.SLIP``: the kept slip; ``child.OFFICIAL``: the 正式文件) is
asked for with ``queue_render``: the job is recorded and handed to the
queue's workers once the transaction commits (``typeset.tasks``). The
records follow ``jobs.coalesce``: a newer request replaces a queued job and
never stacks on a running one (its follow-up waits for it). They live in one
site-level BTree, never on the document: under ``"<uid>:<kind>"`` what the
requests ask for (written by the user's actions only) and under
``"<uid>:<kind>:ran"`` what the worker claimed and filed (written by the
worker's calls only) — so a worker's claim and result do not collide with
the next action on the document (no ZODB conflict: a BTree merges writes to
different keys).
"""

import logging

from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen.content.versions import register_for_versions
from collective.gongwen.jobs import coalesce
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.typeset.settings import render_caps
from collective.gongwen.typeset.tasks import render_document

logger = logging.getLogger("collective.gongwen.typeset")

STORE_KEY = "collective.gongwen.render_jobs"


def job_store(create=True):
    """The site's BTree of render job records (None if there is none and not ``create``)."""
    return site_btree(STORE_KEY, create=create)


def job_key(uid, kind):
    """``"<uid>:<kind>"``: the key of a document's render of ``kind``."""
    return f"{uid}:{kind}"


def _key(document, kind):
    return job_key(IUUID(document), kind)


def render_record(document, kind):
    """The job record of ``document``'s render of ``kind`` (a dict, empty if none)."""
    store = job_store(create=False)
    return coalesce.record_of(store, _key(document, kind)) if store is not None else {}


def waiting_job(document, kind):
    """The id of the render of ``kind`` ``document`` waits for (queued or running), or None."""
    store = job_store(create=False)
    return coalesce.waiting(store, _key(document, kind)) if store is not None else None


def is_rendering(document, kind):
    """True while a render of ``kind`` of ``document`` is queued or running."""
    return waiting_job(document, kind) is not None


def queue_render(document, kind, version=False, **fields):
    """Have a worker render ``document`` as ``kind`` after commit; return the job id waited for.

    ``version``: file the result as a new version (a milestone), which a
    coalesced refresh does not take away. ``fields`` are kept on the
    request. Only the request's record is written (and, once, the document's CMFUid id,
    ``register_for_versions``).
    """
    register_for_versions(document)
    store, key = job_store(), _key(document, kind)
    still_wanted = (
        coalesce.requested_of(store, key).get("version")
        and coalesce.record_of(store, key)["state"] == coalesce.QUEUED
    )
    job_id = coalesce.request(store, key, version=bool(version or still_wanted), **fields)
    if job_id is not None:
        enqueue_after_commit(document, kind, job_id)
    return waiting_job(document, kind)


def enqueue_after_commit(document, kind, job_id):
    """Hand job ``job_id`` to the queue once the transaction commits (one per key)."""
    uid = IUUID(document)
    payload = {
        "uid": uid,
        "job_id": job_id,
        "kind": kind,
        "site_url": api.portal.get().absolute_url(),
    }
    after_commit(render_document, job_key(uid, kind), payload)


def drop_render(document, kind):
    """No render of ``kind`` is waited for any more (the one queued or running becomes stale)."""
    store = job_store(create=False)
    if store is not None:
        coalesce.drop(store, _key(document, kind))


def render_blocked(document, kind, job_id):
    """True when job ``job_id`` is waited for but an earlier render of ``document`` still runs.

    The follow-up waits for it (the worker tries again later); a render
    claimed longer ago than the longest a render may take is counted dead.
    """
    store = job_store(create=False)
    return store is not None and coalesce.blocked(
        store, _key(document, kind), job_id, limit=claim_limit()
    )


def running_job(document, kind):
    """The id of the render of ``kind`` of ``document`` a worker claimed and sent no result for."""
    store = job_store(create=False)
    return coalesce.running(store, _key(document, kind)) if store is not None else None


def claim_limit():
    """Seconds after which a claimed render that sent no result is counted dead.

    Twice the longest a render may take (公文设置), and a minute for the calls.
    """
    return 2 * render_caps().timeout + 60


def claim_render(document, kind, job_id, **fields):
    """A worker starts job ``job_id``; False when it is not the one waited for, or is blocked.

    ``fields`` are kept with what the worker claimed (e.g. the filename).
    Only the worker's record is written.
    """
    store, key = job_store(create=False), _key(document, kind)
    if store is None:
        return False
    # The new version asked for by the request it covers, as of the claim.
    version = bool(coalesce.requested_of(store, key).get("version"))
    return coalesce.claim(store, key, job_id, limit=claim_limit(), version=version, **fields)


def finish_render(document, kind, job_id, **fields):
    """Job ``job_id``'s result arrived; return the record it finished, or None when stale.

    The record is as the worker claimed it (``version``: as asked for then).
    ``fields`` are stored with it. Only the worker's record is written: a
    follow-up asked for meanwhile was enqueued by its own request.
    """
    store, key = job_store(create=False), _key(document, kind)
    if store is None:
        return None
    record = coalesce.record_of(store, key)
    if not coalesce.finish(store, key, job_id, **fields):
        return None
    return record
