"""The package jobs and the built packages, kept per site beside the documents (R-RUN1, R-X3).

``queue_package`` asks a worker for a 发文's package: one coalesced job
per document (``jobs.coalesce``: a newer request replaces a queued job and
never stacks on a running one), handed to the queue once the transaction
commits. The worker claims it (``claim_package``: the metadata and the list
of files, as they are now), reads each file (``claimed_file``) and files the
ZIP or why there is none (``file_package``). The built package is a blob
in a site-level BTree under the document's UID, with the ``rules.stamp``
of what it was built from: ``fresh_package`` is it while the 发文 still has
the same metadata and file versions. Neither the job records nor the
packages are written on the document, so a worker's calls do not collide
with the user's next action.
"""

import logging

from DateTime import DateTime
from persistent import Persistent
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.uuid.interfaces import IUUID

from collective.gongwen.content.versions import current_version_id
from collective.gongwen.exchange.export import item_filename
from collective.gongwen.exchange.export import package_filename
from collective.gongwen.exchange.export import package_items
from collective.gongwen.exchange.export import package_metadata
from collective.gongwen.exchange.package import plain_metadata
from collective.gongwen.jobs import coalesce
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.packaging import rules
from collective.gongwen.packaging.tasks import build_exchange_package

logger = logging.getLogger("collective.gongwen.packaging")

JOBS_KEY = "collective.gongwen.package_jobs"
PACKAGES_KEY = "collective.gongwen.packages"


class BuiltPackage(Persistent):
    """A built package: the ZIP (``file``), what it was built from (``stamp``), by which job."""

    def __init__(self, data, filename, stamp, job_id, sources=()):
        self.file = NamedBlobFile(data, filename=filename, contentType="application/zip")
        self.stamp = stamp
        self.job_id = job_id
        self.sources = list(sources)
        self.built = DateTime().ISO8601()


def _uid(document):
    return IUUID(document)


def _jobs(create=False):
    return site_btree(JOBS_KEY, create=create)


def package_sources(document):
    """What each file of the package is, without reading it: uid, role, version, name, size."""
    return [
        {
            "uid": IUUID(item),
            "role": role,
            "version": current_version_id(item),
            "filename": item_filename(item),
            "size": item.file.getSize(),
        }
        for role, item in package_items(document)
    ]


def current_stamp(document, sources=None):
    """The ``rules.stamp`` of ``document``'s package as it would be built now."""
    sources = package_sources(document) if sources is None else sources
    return rules.stamp(plain_metadata(package_metadata(document)), sources)


def size_refusal(document, sources=None):
    """The ``rules.PackageRefused`` of a package of ``document`` over the limits, or None."""
    sources = package_sources(document) if sources is None else sources
    return rules.size_refusal([(s["filename"], s["size"]) for s in sources], rules.LIMITS)


def built_package(document):
    """The package last built for ``document`` (a ``BuiltPackage``), stale or not; or None."""
    packages = site_btree(PACKAGES_KEY, create=False)
    return packages.get(_uid(document)) if packages is not None else None


def fresh_package(document):
    """The built package of ``document`` if it was built from its current files, else None."""
    built = built_package(document)
    if built is None or not rules.is_fresh(built.stamp, current_stamp(document)):
        return None
    return built


def package_record(document):
    """The job record of ``document``'s package (``coalesce.record_of``; empty if none)."""
    store = _jobs()
    return coalesce.record_of(store, _uid(document)) if store is not None else {}


def is_building(document):
    """True while a package job of ``document`` is queued or running."""
    store = _jobs()
    return store is not None and coalesce.waiting(store, _uid(document)) is not None


def queue_package(document):
    """Have a worker build ``document``'s package after commit; the job id waited for.

    A job already waited for the same files is the answer (nothing written);
    otherwise a new job replaces the queued one, or follows the running one.
    """
    store, uid = _jobs(create=True), _uid(document)
    stamp = current_stamp(document)
    waited = coalesce.waiting(store, uid)
    if waited is not None and coalesce.requested_of(store, uid).get("stamp") == stamp:
        return waited
    job_id = coalesce.request(store, uid, stamp=stamp)
    if job_id is not None:
        payload = {"uid": uid, "job_id": job_id, "site_url": api.portal.get().absolute_url()}
        after_commit(build_exchange_package, uid, payload)
    return coalesce.waiting(store, uid)


def claim_limit():
    """Seconds after which a claimed package job that sent nothing is counted dead."""
    return 2 * rules.BUILD_SECONDS + 60


def waiting_job(document):
    """The id of the package job ``document`` waits for, or None."""
    store = _jobs()
    return coalesce.waiting(store, _uid(document)) if store is not None else None


def running_job(document):
    """The id of the package job of ``document`` a worker claimed and filed nothing for."""
    store = _jobs()
    return coalesce.running(store, _uid(document)) if store is not None else None


def is_blocked(document, job_id):
    """True when ``job_id`` is waited for but an earlier package job of ``document`` still runs."""
    store = _jobs()
    return store is not None and coalesce.blocked(
        store, _uid(document), job_id, limit=claim_limit()
    )


def claim_package(document, job_id):
    """A worker starts job ``job_id``: what to build (JSON-able), or None when it is stale.

    The files' list and stamp are kept with the claim: the package is filed
    as built from them, whatever changes meanwhile.
    """
    store, uid = _jobs(), _uid(document)
    if store is None:
        return None
    sources = package_sources(document)
    metadata = plain_metadata(package_metadata(document))
    stamp = rules.stamp(metadata, sources)
    filename = package_filename(document)
    if not coalesce.claim(
        store,
        uid,
        job_id,
        limit=claim_limit(),
        stamp=stamp,
        filename=filename,
        sources=sources,
        refusal=None,
    ):
        return None
    return {
        "metadata": metadata,
        "files": [
            {key: source[key] for key in ("uid", "role", "filename", "size")} for source in sources
        ],
        "limits": rules.limits_wire(rules.LIMITS),
        "seconds": rules.BUILD_SECONDS,
    }


def claimed_file(document, job_id, file_uid):
    """The file ``file_uid`` the running job ``job_id`` claimed, or None."""
    store = _jobs()
    if store is None or coalesce.running(store, _uid(document)) != job_id:
        return None
    sources = coalesce.ran_of(store, _uid(document)).get("sources") or ()
    if file_uid not in {source["uid"] for source in sources}:
        return None
    for _role, item in package_items(document):
        if IUUID(item) == file_uid:
            return item
    return None


def file_package(document, job_id, data=None, refusal=None):
    """File job ``job_id``'s ZIP ``data`` (or its ``refusal``: code, mapping).

    Returns the ``BuiltPackage``, None when refused, False when the job is
    stale (its result is discarded).
    """
    store, uid = _jobs(), _uid(document)
    if store is None:
        return False
    record = coalesce.ran_of(store, uid)
    if not coalesce.finish(store, uid, job_id, refusal=refusal):
        return False
    if refusal is not None:
        logger.warning("package of %s not built: %s", uid, refusal)
        return None
    built = BuiltPackage(
        data,
        record.get("filename") or package_filename(document),
        record.get("stamp"),
        job_id,
        record.get("sources") or (),
    )
    site_btree(PACKAGES_KEY)[uid] = built
    return built


def forget_package(document, event=None):
    """The document is gone: so are its package and its job records."""
    uid = IUUID(document, None)
    if not uid:
        return
    packages = site_btree(PACKAGES_KEY, create=False)
    if packages is not None and uid in packages:
        del packages[uid]
    store = _jobs()
    if store is not None:
        for key in (uid, coalesce.ran_key(uid)):
            if key in store:
                del store[key]
