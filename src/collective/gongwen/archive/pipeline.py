"""The portal's side of the archive jobs run by the workers (R-R1, R-R3, R-RUN1).

A job (``jobs``) works through its items in batches (``progress.batch_at``). A worker,
with the job's token, claims the next batch (``claim_batch``: each item's 归档章 fields
and metadata, and its files — every version of every file — with size and type), reads
each item's files (``claimed_files``), runs 四性检测 on them (``checks.check_item``, in the worker)
and files the batch's results (``file_batch``). Filing an item of an ``archive`` job that
passed is ``filing.archive_document`` — the one path that takes the 件号 — the batch in one
savepoint and, when an item is refused, again with a savepoint per item (``file_items``),
so an item refused halfway takes no 件号 and leaves no trace; an item with problems stays
where it is and is named with them. After the last batch the 件号 of the
groups touched are checked for gaps (``checks.check_sequence``) and the job's report is
stored (``reports.store_report``).

Kinds run here: ``archive`` (a year's finished documents of a unit not yet archived, or
given uids) and ``check`` (a year's archived items re-checked against their manifests).
Nothing heavy runs here: hashing, opening and scanning files is the worker's.
"""

import logging
import time

import transaction
from plone import api
from ZODB.POSException import ConflictError

from collective.gongwen import _
from collective.gongwen.archive import authority
from collective.gongwen.archive import checks
from collective.gongwen.archive import filing
from collective.gongwen.archive import jobs
from collective.gongwen.archive import progress
from collective.gongwen.archive import queries
from collective.gongwen.archive import register
from collective.gongwen.archive import reports
from collective.gongwen.archive.record import FIELDS as RECORD_FIELDS
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.record import is_archived
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.archive.rules import parse_archival_code
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.content.times import utc_now
from collective.gongwen.content.versions import current_version_id
from collective.gongwen.content.versions import stored_file
from collective.gongwen.content.versions import version_ids
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.endpoint import find_object

logger = logging.getLogger("collective.gongwen.archive")

OUTGOING = authority.OUTGOING_TYPE
INCOMING = authority.INCOMING_TYPE
ARCHIVED = authority.ARCHIVED_STATE
# ``checks``' name of each kind of document, and the document fields it reads.
KINDS = {OUTGOING: "outgoing", INCOMING: "incoming"}
DOCUMENT_FIELDS = ("doc_kind", "issue_number", "written_date", "receipt_number", "received_date")


def _documents(unit, year, states):
    """Brains of ``unit``'s 发文 and 收文 of ``year`` in one of ``states``, oldest first: by
    the moment each was created (the index keeps minutes, and the catalog orders one minute's
    documents at random: 件号 would follow), then by UID."""
    brains = queries.unit_documents(unit, year, states)
    return sorted(brains, key=lambda brain: (brain.created, brain.UID))


def finished_uids(unit, year):
    """The uids of ``unit``'s finished documents of ``year`` not yet archived, oldest first."""
    return [brain.UID for brain in _documents(unit, year, queries.FINISHED)]


def archived_uids(unit, year):
    """The uids of ``unit``'s archived documents of ``year``, oldest first."""
    return [brain.UID for brain in _documents(unit, year, (ARCHIVED,))]


def _payload(unit_uid, job_id):
    return {"uid": unit_uid, "job_id": job_id, "site_url": api.portal.get().absolute_url()}


def queue_job(job_id):
    """Hand job ``job_id`` to a worker once the transaction commits."""
    from collective.gongwen.archive.tasks import run_archive_job
    from collective.gongwen.archive.tasks import run_destruction

    record = jobs.job_record(job_id)
    task = run_destruction if record["kind"] == progress.DESTROY else run_archive_job
    after_commit(task, job_id, _payload(record["unit_uid"], job_id))


def start_archive(unit, actor, year=None, uids=(), fields=None):
    """Start an ``archive`` job: ``uids`` (the 归档 form's one document, with its ``fields``:
    uid → 归档章 fields), else every finished document of ``unit``'s ``year``. Its id.

    ``ArchiveError`` when there is nothing to archive or such a job is unfinished.
    """
    given = list(uids)
    uids = given or (finished_uids(unit, year) if year is not None else [])
    if not uids:
        raise ArchiveError(
            _(
                "archive_job_nothing_to_archive",
                default="${year}年度没有待归档的已办结文件。",
                mapping={"year": year},
            )
        )
    params = {
        "fields": {str(k): _plain_fields(v) for k, v in (fields or {}).items()},
        "report_id": _new_report_id(unit, year),
    }
    job_id = jobs.start_job(
        unit,
        progress.ARCHIVE,
        actor,
        year=year,
        uids=uids,
        params=params,
        exclusive=not given,  # the form's job of one document stops no other (jobs.start_job)
    )
    queue_job(job_id)
    return job_id


def start_check(unit, year, actor):
    """Start a ``check`` job: 四性检测 of ``unit``'s archived items of ``year`` against their
    stored manifests (R-R3). Its id; ``ArchiveError`` if none is archived or one runs."""
    uids = archived_uids(unit, year)
    if not uids:
        raise ArchiveError(
            _(
                "archive_job_nothing_to_check",
                default="${year}年度还没有已归档的文件。",
                mapping={"year": year},
            )
        )
    params = {"report_id": _new_report_id(unit, year)}
    job_id = jobs.start_job(unit, progress.CHECK, actor, year=year, uids=uids, params=params)
    queue_job(job_id)
    return job_id


def _new_report_id(unit, year):
    """The id the job's report will have (written in the 归档章 of each item it archives)."""
    return reports.new_report_id(unit.UID(), year, utc_now())


def _plain_fields(fields):
    """归档章 ``fields`` as JSON-able values (dates as ISO text)."""
    return {str(key): _text(value) for key, value in dict(fields).items()}


def resume_job(job_id):
    """Queue a stalled job again (its worker died): it goes on from its next batch."""
    record = jobs.job_record(job_id)
    if record is None or progress.is_finished(record["state"]):
        return False
    jobs.update_job(job_id, heartbeat=time.time())
    queue_job(job_id)
    return True


# --- what a worker claims -------------------------------------------------------------


def _label(document, info=None):
    """How a report names an item: its 档号 once archived, else its number and title."""
    if info and info.get("archival_code"):
        return info["archival_code"]
    number = getattr(document, "issue_number", None) or getattr(document, "receipt_number", None)
    title = document.Title() or document.getId()
    return f"{number} {title}" if number else title


def _text(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def item_metadata(document, fields):
    """The metadata 四性检测 checks of ``document`` (JSON-able; ``checks``' keys): its 归档章
    ``fields`` and what the document says of itself."""
    metadata = {key: _text(value) for key, value in fields.items() if key in RECORD_FIELDS}
    metadata.pop("files", None)
    metadata.pop("appraisals", None)
    metadata.pop("legal_hold", None)
    for name in DOCUMENT_FIELDS:
        metadata[name] = _text(getattr(document, name, None))
    metadata.update(
        kind=KINDS.get(document.portal_type),
        title=document.Title(),
        uid=document.UID(),
        path="/".join(document.getPhysicalPath()[len(api.portal.get().getPhysicalPath()) :]),
    )
    return metadata


def file_entries(document):
    """Every file of ``document`` in every version (the current one with ``version`` None),
    in the document's order: path, version, title, role, filename, size, content_type."""
    entries = []
    for item in files_of(document):
        base = {"path": item.getId(), "title": item.Title(), "role": role_of(item)}
        current = current_version_id(item)
        earlier = [
            (version, stored_file(item, version))
            for version in reversed(version_ids(item))
            if version != current
        ]
        for version, named in [(None, item.file), *earlier]:
            if named is None:
                continue
            entries.append(
                dict(
                    base,
                    version=version,
                    filename=named.filename or item.getId(),
                    size=named.getSize(),
                    content_type=named.contentType or "application/octet-stream",
                )
            )
    return entries


def positioned(info):
    """The manifest entries of 归档章 ``info``, each current file with its 件内顺序号: those
    added at 归档 after 四性检测 numbered them (the 归档记录) follow the highest."""
    entries = [dict(entry) for entry in info.get("files") or ()]
    highest = max((entry.get("position") or 0 for entry in entries), default=0)
    for entry in entries:
        if entry.get("version") is None and not entry.get("position"):
            highest += 1
            entry["position"] = highest
    return entries


def _fields_for(record, uid, document):
    given = (record.get("params") or {}).get("fields", {}).get(uid)
    return dict(given) if given else filing.proposed_fields(document)


def claim_item(record, uid):
    """What the worker checks of item ``uid`` of job ``record`` (JSON-able)."""
    document = find_object(uid)
    if document is None:
        return {"uid": uid, "label": uid, "missing": True, "files": []}
    if record["kind"] == progress.CHECK:
        info = archive_info(document) or {}
        return {
            "uid": uid,
            "label": _label(document, info),
            "metadata": item_metadata(document, info),
            "files": [dict(entry, expected=dict(entry)) for entry in positioned(info)],
        }
    if is_archived(document):
        return {"uid": uid, "label": _label(document, archive_info(document)), "archived": True}
    fields = _fields_for(record, uid, document)
    return {
        "uid": uid,
        "label": _label(document),
        "metadata": item_metadata(document, fields),
        "files": [dict(entry, expected=None) for entry in file_entries(document)],
    }


def _is_current(record, unit_uid):
    return (
        record is not None
        and record["unit_uid"] == unit_uid
        and not progress.is_finished(record["state"])
    )


def claim_batch(unit, job_id, position=None):
    """The next batch of job ``job_id`` for a worker (position, kind, items); None if stale.

    ``position``: the batch after the one being filed, claimed ahead
    (``progress.claimable_position``; else the batch at the cursor). Only the first claim
    writes (the job is running): a claim ahead runs beside the filing of the batch before,
    which it must not conflict with.
    """
    record = jobs.job_record(job_id)
    if not _is_current(record, unit.UID()):
        return None
    position = progress.claimable_position(
        record["cursor"], position, progress.BATCH_SIZE, progress.LOOKAHEAD
    )
    batch = progress.batch_at(jobs.job_uids(job_id), position, progress.BATCH_SIZE)
    if record["state"] != progress.RUNNING:
        jobs.update_job(job_id, state=progress.RUNNING, heartbeat=time.time())
    return {
        "kind": record["kind"],
        "year": record["year"],
        "position": position,
        "total": record["total"],
        "items": [claim_item(record, uid) for uid in batch],
    }


def in_claimed_batch(unit, job_id, uid):
    """True when item ``uid`` is in a batch the running job ``job_id`` of ``unit`` may have
    claimed: the one at its cursor or the next (``progress.claimed_window``).

    Any kind of job reads its files through ``claimed_file`` (移交 too): only these items'.
    """
    record = jobs.job_record(job_id)
    if not _is_current(record, unit.UID()):
        return False
    window = progress.claimed_window(
        jobs.job_uids(job_id), record["cursor"], progress.BATCH_SIZE, progress.LOOKAHEAD
    )
    return uid in window


def claimed_files(uid, wanted):
    """The files (``NamedBlobFile``) of item ``uid`` at each ``(path, version)`` of ``wanted``
    (version None: the current one), in that order; None for a file it does not have."""
    document = find_object(uid)
    items = {item.getId(): item for item in files_of(document)} if document is not None else {}
    found = []
    for path, version in wanted:
        item = items.get(path)
        if item is None:
            found.append(None)
        else:
            found.append(item.file if version is None else stored_file(item, int(version)))
    return found


def claimed_file(uid, path, version):
    """The file at ``path`` and ``version`` of item ``uid`` (``claimed_files``), or None."""
    return claimed_files(uid, [(path, version)])[0]


# --- what a worker files ---------------------------------------------------------------

FILED = "filed"  # the batch was filed (the job may be finished with it)
ALREADY = "already"  # a retry of a batch filed before: no second effect
UNKNOWN = "unknown"  # not the batch the job waits for
INCOMPLETE = "incomplete"  # an item of the batch has no result
STALE = "stale"  # the job is no longer running (finished, or of another unit)


def _checked(result, uid):
    """The worker's ``ItemResult`` of ``uid`` from its JSON (``ValueError`` if malformed)."""
    try:
        checked = checks.ItemResult.from_dict(result)
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"malformed result of {uid}") from error
    checked.uid = uid
    return checked


def _outcome(state, checked, reason=None, **extra):
    return dict(
        extra,
        state=state,
        label=checked.label,
        result=checked.as_dict(),
        reason=jobs.plain_message(reason) if reason is not None else None,
    )


class _RefusedInBatch(Exception):
    """An item of a batch filed without a savepoint each was refused or failed: the batch is
    filed again, each item in a savepoint of its own (``file_items``)."""


def file_item(record, uid, result, isolated=True):
    """File one item's 四性检测 ``result`` (``ItemResult`` as a dict): its outcome (a dict).

    ``archive``: passed → ``filing.archive_document`` (``isolated``: in a savepoint of its own,
    so an item refused halfway leaves nothing, not even its 件号; else a refusal raises
    ``_RefusedInBatch``); problems → it stays and is named with them. ``check``: the item
    is named with the problems found. A document archived since the job started (e.g. by
    the 归档 form) is skipped.
    """
    checked = _checked(result, uid)
    document = find_object(uid)
    if document is None:
        return _outcome(progress.ITEM_FAILED, checked, _gone())
    if record["kind"] == progress.CHECK:
        state = progress.ITEM_FAILED if checked.problems else progress.ITEM_DONE
        return _outcome(state, checked)
    if is_archived(document):
        checked.label = _label(document, archive_info(document))
        return _outcome(progress.ITEM_DONE, checked, skipped=True)
    if checked.problems:
        return _outcome(progress.ITEM_FAILED, checked)
    savepoint = transaction.savepoint() if isolated else None
    try:
        with api.env.adopt_user(username=record["actor"]):
            filing.archive_document(
                document,
                _fields_for(record, uid, document),
                list(checked.files),
                record["params"].get("report_id"),
                record["actor"],
            )
    except ConflictError:
        raise
    except Exception as error:
        if savepoint is None:
            raise _RefusedInBatch(uid) from error
        savepoint.rollback()
        if isinstance(error, ArchiveError):
            return _outcome(progress.ITEM_FAILED, checked, error)
        logger.exception("归档 of %s in job %s failed", uid, record["id"])
        return _outcome(progress.ITEM_FAILED, checked, _unexpected())
    info = archive_info(document)
    checked.label = checked.archival_code = info["archival_code"]
    return _outcome(progress.ITEM_DONE, checked)


def file_items(record, batch, results):
    """The outcomes (uid → dict) of filing ``batch``'s ``results``: in one savepoint, and
    only when an item is refused, again with a savepoint per item — a savepoint writes
    every object changed since the last one (the catalog's among them), a batch's worth
    of them 25 times over."""
    savepoint = transaction.savepoint()
    try:
        return {uid: file_item(record, uid, results[uid], isolated=False) for uid in batch}
    except _RefusedInBatch:
        savepoint.rollback()
    return {uid: file_item(record, uid, results[uid]) for uid in batch}


def file_batch(unit, job_id, position, results):
    """File the worker's ``results`` (uid → ``ItemResult`` dict) of the batch at ``position``.

    ``(standing, record)``: ``FILED`` (and the job is finished after its last batch),
    ``ALREADY`` (filed before), ``UNKNOWN``, ``INCOMPLETE`` or ``STALE``. Exactly once: the
    job's cursor moves past a batch in the transaction that files it.
    """
    record = jobs.job_record(job_id)
    if record is None or record["unit_uid"] != unit.UID():
        return STALE, None
    uids = jobs.job_uids(job_id)
    cursor = record["cursor"]
    batch = progress.batch_at(uids, cursor, progress.BATCH_SIZE)
    standing = progress.batch_position(cursor, position, len(batch) or 1)
    if standing == "done":
        return ALREADY, record
    if progress.is_finished(record["state"]):
        return STALE, record
    if standing != "current":
        return UNKNOWN, record
    if set(batch) - set(results):
        return INCOMPLETE, record
    counts = {progress.ITEM_DONE: 0, progress.ITEM_FAILED: 0}
    for uid, outcome in file_items(record, batch, results).items():
        jobs.set_item(job_id, uid, **outcome)
        counts[outcome["state"]] += 1
    record = jobs.update_job(
        job_id,
        state=progress.RUNNING,
        cursor=cursor + len(batch),
        done=record["done"] + counts[progress.ITEM_DONE],
        failed=record["failed"] + counts[progress.ITEM_FAILED],
        heartbeat=time.time(),
    )
    if record["cursor"] >= len(uids):
        record = finish_job(unit, record)
    return FILED, record


def sequence_items(unit, years, groups=None):
    """(label, group key, 件号) of ``unit``'s archived items of ``years`` (in ``groups`` if
    given): what ``checks.check_sequence`` reads."""
    items = []
    for year in sorted(years):
        for brain in _documents(unit, year, (ARCHIVED,)):
            parsed = parse_archival_code(_archival_code(brain))
            if parsed is None:
                continue
            key = (parsed["fonds"], parsed["year"], parsed["retention"], parsed["organ"])
            if groups is None or key in groups:
                items.append((_archival_code(brain), key, parsed["item_number"]))
    return items


def _archival_code(brain):
    """The 档号 of an archived document: the catalog's column (search's), which its 归档
    reindexed, so that a year of 10,000 items is read without loading one; else its own."""
    code = getattr(brain, "archival_code", None)
    if isinstance(code, str) and code:
        return code
    info = archive_info(brain._unrestrictedGetObject()) or {}
    return info.get("archival_code")


def _group_of(outcome):
    parsed = parse_archival_code((outcome.get("result") or {}).get("archival_code"))
    if parsed is None:
        return None
    return (parsed["fonds"], parsed["year"], parsed["retention"], parsed["organ"])


def finish_job(unit, record):
    """The job's last batch is filed: 件号 gaps of the groups it touched (all of the year's
    for a ``check``), the report stored (``reports.store_report``), the job done."""
    job_id = record["id"]
    results, groups = [], set()
    for uid in jobs.job_uids(job_id):
        outcome = jobs.item_outcome(job_id, uid)
        if not outcome or outcome.get("skipped"):
            continue
        results.append(checks.ItemResult.from_dict(outcome["result"]))
        group = _group_of(outcome)
        if group is not None:
            groups.add(group)
    if record["kind"] == progress.CHECK:
        years, groups = {record["year"]}, None
    else:
        years = {group[1] for group in groups}
    # an item destroyed under the 销毁清册 leaves its 件号 to no other: no gap (R-R2)
    destroyed = [pair for year in years for pair in register.destroyed_items(unit.UID(), year)]
    sequence = (
        checks.check_sequence(sequence_items(unit, years, groups), destroyed=destroyed)
        if years
        else []
    )
    report_id = reports.store_report(
        record["kind"],
        unit,
        record["year"],
        results,
        sequence,
        record["actor"],
        report_id=record["params"].get("report_id"),
    )
    return jobs.update_job(
        job_id,
        state=progress.DONE,
        report_id=report_id,
        result={"items": len(results), "sequence_problems": len(sequence)},
        heartbeat=time.time(),
    )


def fail_job(unit, job_id, reason):
    """The worker gave up on job ``job_id`` (``reason``, text, says why): it is failed."""
    record = jobs.job_record(job_id)
    if not _is_current(record, unit.UID()):
        return None
    message = _(
        "archive_job_gave_up",
        default="后台处理出错，任务已停止：${reason}",
        mapping={"reason": reason},
    )
    return jobs.update_job(job_id, state=progress.FAILED, message=message)


def _gone():
    return _("archive_job_item_gone", default="文件已不存在。")


def _unexpected():
    return _("archive_job_item_error", default="归档时出错，请联系系统管理员。")
