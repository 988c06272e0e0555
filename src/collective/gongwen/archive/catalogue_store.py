"""The 归档文件目录 on the portal's side (R-R1): which items, their rows, the job, the files kept.

* the items of a unit and year: its archived 发文 and 收文 (``queries.unit_documents``);
* ``current_stamp``: what the catalogue of a unit and year would be made from now (each
  item's UID, modification, 档号, 保管期限 and hold, read from the catalog): a built
  catalogue with another stamp is stale and the page makes a new one;
* ``start_catalogue``: a job of kind ``catalogue`` in ``archive.jobs`` over the items, handed
  to a worker once the transaction commits (``archive.tasks.build_catalogue``);
* ``item_rows``: the rows of a batch of the job's items, from each item's 归档章 data and
  metadata, and the page count conversion already recorded (no PDF is opened here);
* ``file_catalogue``/``refuse_catalogue``: the worker's PDF and XLSX kept in a site BTree
  (``CATALOGUES_KEY``, one entry per unit and year), or why there are none.

Neither the jobs nor the files are written on the documents or the unit.
"""

import time

from DateTime import DateTime
from persistent import Persistent
from plone import api
from plone.namedfile.file import NamedBlobFile

from collective.gongwen.archive import catalogue
from collective.gongwen.archive import progress
from collective.gongwen.archive import queries
from collective.gongwen.archive.jobs import job_record
from collective.gongwen.archive.jobs import job_uids
from collective.gongwen.archive.jobs import jobs_of
from collective.gongwen.archive.jobs import start_job
from collective.gongwen.archive.jobs import unfinished_job
from collective.gongwen.archive.jobs import update_job
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.tasks import build_catalogue
from collective.gongwen.content.files import default_file
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.stores import site_btree

CATALOGUES_KEY = "collective.gongwen.archive.catalogues"
ROWS_PER_CALL = 200
# The catalog indexes whose values make an item's row (besides its modification).
STAMP_INDEXES = ("archival_code", "retention", "legal_hold")
PDF = "pdf"
XLSX = "xlsx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BuiltCatalogue(Persistent):
    """A built 目录: its PDF and XLSX, what it was made from (``stamp``), by which job."""

    def __init__(self, pdf, xlsx, basename, stamp, job_id, count):
        self.files = {
            PDF: NamedBlobFile(pdf, filename=f"{basename}.pdf", contentType=CONTENT_TYPES[PDF]),
            XLSX: NamedBlobFile(xlsx, filename=f"{basename}.xlsx", contentType=CONTENT_TYPES[XLSX]),
        }
        self.stamp = stamp
        self.job_id = job_id
        self.count = count
        self.built = DateTime().ISO8601()


def _key(unit, year):
    return f"{unit.UID()}:{int(year)}"


def index_value(catalog, name, rid):
    """The value catalog index ``name`` holds for record ``rid`` (None without the index)."""
    index = catalog._catalog.indexes.get(name)
    return index.getEntryForObject(rid, default=None) if index is not None else None


def current_stamp(unit, year, brains=None):
    """The stamp of the 目录 of ``unit`` and ``year`` as it would be made now (catalog only)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = queries.unit_documents(unit, year) if brains is None else brains
    parts = sorted(
        [brain.UID, str(brain.modified)]
        + [index_value(catalog, name, brain.getRID()) for name in STAMP_INDEXES]
        for brain in brains
    )
    return catalogue.rows_stamp(parts)


def header_of(unit, year):
    """The lines above every table: 全宗名称 (the unit), 全宗号, 年度."""
    return {
        "fonds_title": unit.Title(),
        "fonds_number": getattr(unit, "fonds_number", None) or "",
        "year": int(year),
    }


def page_count(document):
    """Pages of the 正式文件 (发文) or 来文原件 (收文) as conversion recorded them; None if not."""
    item = default_file(document)
    if item is None:
        return None
    pages = conversion_status(item).get("pages")
    return pages if isinstance(pages, int) and pages > 0 else None


def document_row(document, unit_title=""):
    """The 目录 row of the archived ``document``; None if it carries no 归档章 data."""
    info = archive_info(document)
    if info is None:
        return None
    hold = info.get("legal_hold")
    if IGongwenOutgoing.providedBy(document):
        number = getattr(document, "issue_number", None)
        responsible = getattr(document, "signing_organ", None) or unit_title
        date = getattr(document, "written_date", None)
    else:
        number = getattr(document, "source_number", None)
        responsible = getattr(document, "source_organ", None)
        date = getattr(document, "received_date", None)
    return catalogue.catalogue_row(
        info,
        number=number,
        responsible=responsible,
        title=document.Title(),
        date=date,
        pages=page_count(document),
        classification=getattr(document, "classification", None),
        remarks="冻结" if hold else "",
    )


def item_rows(unit, uids):
    """The rows of the items ``uids`` (those still archived), in the order given."""
    catalog = api.portal.get_tool("portal_catalog")
    rows = []
    for brain in catalog.unrestrictedSearchResults(UID=list(uids)):
        row = document_row(brain._unrestrictedGetObject(), unit.Title())
        if row is not None:
            rows.append((brain.UID, row))
    order = {uid: n for n, uid in enumerate(uids)}
    return [row for _uid, row in sorted(rows, key=lambda pair: order.get(pair[0], 0))]


# --- the job ---------------------------------------------------------------------------


def start_catalogue(unit, year, actor):
    """Start making ``unit``'s 目录 of ``year`` (its items frozen now); the job id.

    ``ArchiveError`` while one is unfinished. The worker's task is queued on commit.
    """
    brains = queries.unit_documents(unit, year)
    uids = sorted(brain.UID for brain in brains)
    stamp = current_stamp(unit, year, brains)
    job_id = start_job(
        unit, progress.CATALOGUE, actor, year=int(year), uids=uids, params={"stamp": stamp}
    )
    payload = {"uid": unit.UID(), "job_id": job_id, "site_url": api.portal.get().absolute_url()}
    after_commit(build_catalogue, f"catalogue:{job_id}", payload)
    return job_id


def catalogue_job(unit, year):
    """The record of ``unit``'s last 目录 job of ``year`` (unfinished first), or None."""
    record = unfinished_job(unit, progress.CATALOGUE, int(year))
    if record is not None:
        return record
    for record in jobs_of(unit, progress.CATALOGUE):
        if record.get("year") == int(year):
            return record
    return None


def is_current_job(unit, job_id, states=(progress.QUEUED, progress.RUNNING)):
    """True when ``job_id`` is a 目录 job of ``unit`` in one of ``states``."""
    record = job_record(job_id)
    return (
        record is not None
        and record["kind"] == progress.CATALOGUE
        and record["unit_uid"] == unit.UID()
        and record["state"] in states
    )


def claim_catalogue(unit, job_id, caps, fonts):
    """The worker starts job ``job_id``: the header, item count and its caps (JSON-able)."""
    record = update_job(job_id, state=progress.RUNNING, heartbeat=time.time())
    return {
        "header": header_of(unit, record["year"]),
        "total": len(job_uids(job_id)),
        "batch": ROWS_PER_CALL,
        "caps": {"max_pages": caps.max_pages, "timeout": caps.timeout},
        "fonts": fonts,
    }


def claimed_rows(unit, job_id, start):
    """The rows of the job's items from ``start`` (at most ``ROWS_PER_CALL``)."""
    uids = job_uids(job_id)
    start = max(0, min(int(start), len(uids)))
    update_job(job_id, heartbeat=time.time())
    return item_rows(unit, uids[start : start + ROWS_PER_CALL])


def note_progress(job_id, rendered):
    """The worker has laid out ``rendered`` rows."""
    total = len(job_uids(job_id))
    update_job(job_id, done=max(0, min(int(rendered), total)), heartbeat=time.time())


def file_catalogue(unit, job_id, pdf, xlsx, count):
    """Keep job ``job_id``'s PDF and XLSX as ``unit``'s 目录 of its year; the ``BuiltCatalogue``."""
    record = job_record(job_id)
    year = record["year"]
    basename = catalogue.file_basename(unit.Title(), year)
    built = BuiltCatalogue(pdf, xlsx, basename, record["params"].get("stamp"), job_id, count)
    site_btree(CATALOGUES_KEY)[_key(unit, year)] = built
    total = len(job_uids(job_id))
    update_job(
        job_id,
        state=progress.DONE,
        done=total,
        message=None,
        result={"count": count, "pdf_size": len(pdf), "xlsx_size": len(xlsx)},
    )
    return built


def refuse_catalogue(job_id, message):
    """Job ``job_id`` made no 目录: ``message`` (translatable) says why."""
    update_job(job_id, state=progress.FAILED, message=message)


def built_catalogue(unit, year):
    """The 目录 last built for ``unit`` and ``year`` (stale or not), or None."""
    store = site_btree(CATALOGUES_KEY, create=False)
    return store.get(_key(unit, year)) if store is not None else None


def is_fresh(unit, year, built=None):
    """True when the built 目录 of ``unit`` and ``year`` was made from its items as they are."""
    built = built_catalogue(unit, year) if built is None else built
    return built is not None and built.stamp == current_stamp(unit, year)
