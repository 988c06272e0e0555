"""到期鉴定, 销毁申请 and their execution, legal holds (R-R2): the one path for each action.

Every action here checks who may (``disposal_rules``, ``retention``) and refuses with an
``ArchiveError``; the views, tests and scripts call these functions and nothing else:

* ``due_items(unit, today, …)``: the unit's archived items whose term has ended (到期鉴定 list);
* ``appraise(document, decision, actor, …)``: a 到期鉴定 decision (销毁 or 延长保管), appended
  to the item's ``appraisals``;
* ``create_request(unit, uids, reason, actor)``: a 销毁申请 of items appraised 销毁
  (``DestructionRequested``: its approvers are told, ``approvals``);
* ``decide(request_id, decision, opinion, actor)``: an approver's 同意/不同意 with an opinion;
* ``execute_request(request_id, actor)``: the checks, then a ``destroy`` job (``jobs``) that
  the workers drive batch after batch, each batch in its own transaction
  (``destroy_batch``): for each item the 销毁清册 entry first (``register``), then
  ``purge.purge_document``, an audit entry ``destroy`` and ``DocumentDestroyed``. A request
  of 100 items took 11.6 s in one request thread (bench/destruction_execute.py), hence
  the workers;
* ``put_hold`` / ``lift_hold``: a legal hold (法律保全) with its reason, which blocks 销毁.

Requests are kept in the site BTree ``REQUESTS_KEY`` as JSON text, replaced whole; the
pending ones are also listed in ``PENDING_KEY`` (``pending_requests``, read by 我的待办).
"""

import json
import time

from BTrees.Length import Length
from plone import api
from plone.uuid.interfaces import IUUID
from Products.CMFCore.indexing import processQueue
from zope.event import notify

from collective.gongwen import _
from collective.gongwen.archive import disposal_rules as rules
from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import purge
from collective.gongwen.archive import queries
from collective.gongwen.archive import register
from collective.gongwen.archive import retention
from collective.gongwen.archive.events import DestructionRequested
from collective.gongwen.archive.events import DocumentDestroyed
from collective.gongwen.archive.events import LegalHoldChanged
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.record import write_archive_info
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.archive.settings import IArchiveSettings
from collective.gongwen.audit import entries
from collective.gongwen.audit.record import record as audit
from collective.gongwen.content import times
from collective.gongwen.content.annotations import annotation
from collective.gongwen.content.settings import record_or_default
from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.functions import unit_function
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import unit_by_uid

ARCHIVISTS = rules.ARCHIVISTS  # the unit function (org.functions)
UNIT_FUNCTION_KEYS = {function.key for function in UNIT_FUNCTIONS}
REQUESTS_KEY = "collective.gongwen.archive.destruction"
PENDING_KEY = "collective.gongwen.archive.destruction.pending"
COUNTER_KEY = "collective.gongwen.archive.destruction.count"
# The document fields kept in a register entry beside the 归档章 data.
NUMBER_FIELDS = ("issue_number", "receipt_number", "source_number")
KEPT_FIELDS = (
    "doc_kind",
    "direction",
    "urgency",
    "classification",
    "source_organ",
    "main_recipients",
    "cc_recipients",
    "issuing_organ",
)


# --- who ---------------------------------------------------------------------


def required_functions():
    """The unit functions that approve a 销毁申请 (``IArchiveSettings``), in order."""
    return list(record_or_default(IArchiveSettings, "destruction_approvers"))


def is_archivist(unit, user_id):
    """True if ``user_id`` is an archivist (档案员) of ``unit``: not a Manager, not another
    unit's (as for 归档, ``archive.authority``)."""
    return unit is not None and user_id in function_holders(unit, ARCHIVISTS)


def user_functions(unit, user_id, keys=None):
    """The function keys (of ``keys``, default the approving ones) ``user_id`` holds in ``unit``."""
    keys = required_functions() if keys is None else keys
    return [
        key for key in keys if key in UNIT_FUNCTION_KEYS and user_id in function_holders(unit, key)
    ]


def function_title(key):
    """The Chinese name of unit function ``key`` (the key itself if there is none)."""
    try:
        return unit_function(key).title
    except KeyError:
        return key


def may_decide(request_record, user_id):
    """True if ``user_id`` may decide ``request_record`` now: it is pending, they hold one of
    its still undecided functions in its unit, it is not theirs and they have not decided."""
    unit = _unit_of(request_record)
    if unit is None or not user_id:
        return False
    required = request_record["required"]
    refused = rules.decision_refusal(
        request_record["state"],
        required,
        request_record["decisions"],
        user_id,
        request_record["requested_by"],
        user_functions(unit, user_id, required),
        rules.APPROVE,
    )
    return refused is None


def deciders(request_record):
    """The user ids who may decide ``request_record`` now (``may_decide``), each once."""
    unit = _unit_of(request_record)
    if unit is None:
        return []
    undecided = [k for k in request_record["required"] if k not in request_record["decisions"]]
    holders = [
        u for key in undecided if key in UNIT_FUNCTION_KEYS for u in function_holders(unit, key)
    ]
    return [u for u in dict.fromkeys(holders) if may_decide(request_record, u)]


def may_read_register(unit, user_id):
    """The 销毁清册 and the requests are read by the archivists and the approvers of ``unit``."""
    return rules.may_read_register(
        is_archivist(unit, user_id), user_functions(unit, user_id), required_functions()
    )


# --- items -------------------------------------------------------------------


def archived_documents(unit, year=None):
    """The unit's archived 发文 and 收文 (objects), of 年度 ``year`` if given, whoever asks."""
    return [brain._unrestrictedGetObject() for brain in queries.unit_documents(unit, year)]


def label(document, info=None):
    """How an item is named in messages: its 档号, else its title."""
    info = archive_info(document) if info is None else info
    return (info or {}).get("archival_code") or document.Title()


def number_of(document):
    """The document's 文号, 收文编号 or 来文字号 (the first it has), or ""."""
    for name in NUMBER_FIELDS:
        value = getattr(document, name, None)
        if value:
            return value
    return ""


def item_row(document, today):
    """What the lists show of an archived item (a dict)."""
    info = archive_info(document) or {}
    due = retention.due_date(info) if info else None
    last = retention.last_decision(info) if info else None
    return {
        "uid": IUUID(document),
        "url": document.absolute_url(),
        "title": document.Title(),
        "archival_code": info.get("archival_code", ""),
        "number": number_of(document),
        "year": info.get("year"),
        "retention": info.get("retention"),
        "current_retention": retention.current_retention(info) if info else None,
        "due": due,
        "is_due": bool(info) and retention.is_due(info, today),
        "marked": bool(info) and retention.marked_for_destruction(info, today),
        "last": last,
        "legal_hold": info.get("legal_hold"),
    }


def due_items(unit, today, year=None, retention_token=None):
    """Rows (``item_row``) of the unit's archived items due by ``today``, by 档号; only of
    ``year`` and of (stamped) 保管期限 ``retention_token`` when given."""
    rows = []
    for document in archived_documents(unit, year):
        info = archive_info(document)
        if not info or not retention.is_due(info, today):
            continue
        if retention_token and info.get("retention") != retention_token:
            continue
        rows.append(item_row(document, today))
    return sorted(rows, key=lambda row: (row["year"] or 0, row["archival_code"]))


def _document(uid):
    """The object with ``uid``, whoever asks (who may act on it is checked by the caller)."""
    if not uid or not isinstance(uid, str):
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def find_item(unit, uid):
    """The archived item ``uid`` of ``unit``; ``ArchiveError`` if there is no such item."""
    document = _document(uid)
    inside = document is not None and _inside(document, unit)
    if not inside or archive_info(document) is None:
        raise ArchiveError(_("archive_item_unknown", default="本单位没有这件档案。"))
    return document


def find_item_or_none(unit, uid):
    """The archived item ``uid`` of ``unit``, or None (gone, or not the unit's)."""
    try:
        return find_item(unit, uid)
    except ArchiveError:
        return None


def _inside(document, unit):
    path = unit.getPhysicalPath()
    return document.getPhysicalPath()[: len(path)] == path


def _now_text():
    return times.utc_now().isoformat()


def appraise(document, decision, actor, retention_token=None, years=None, note=""):
    """Record a 到期鉴定 decision on ``document`` by ``actor``; the appraisal entry."""
    unit = find_unit(document)
    if unit is None or not is_archivist(unit, actor):
        raise ArchiveError(
            _("appraisal_not_archivist", default="只有本单位档案员可以进行到期鉴定。")
        )
    info = archive_info(document)
    if info is None:
        raise ArchiveError(_("appraisal_not_archived", default="只有已归档的公文可以鉴定。"))
    if info.get("legal_hold") and decision == retention.DESTROY:
        raise rules.held_refusal([label(document, info)])
    entry = retention.appraisal(
        info,
        decision,
        actor,
        _now_text(),
        times.today(),
        retention=retention_token,
        years=years,
        note=note,
        max_years=record_or_default(IArchiveSettings, "appraisal_max_extension_years"),
    )
    appraisals = tuple(info.get("appraisals") or ()) + (entry,)
    with purge.read_only_lifted(document):
        write_archive_info(document, appraisals=appraisals)
        _reindex(document)
    summary = entries.summary(document.Title(), f"到期鉴定：{_decision_text(entry)}")
    audit(entries.EDIT, document, summary)
    return entry


def _decision_text(entry):
    if entry["decision"] == retention.DESTROY:
        return "销毁"
    return f"延长保管至 {entry['until']}" if entry.get("until") else "延长保管为永久"


def _reindex(document):
    """Reindex what the catalog knows of the 归档章 data (search's indexes, when installed)."""
    catalog = api.portal.get_tool("portal_catalog")
    names = [name for name in ("legal_hold", "retention") if name in catalog.indexes()]
    if names:
        document.reindexObject(idxs=names)


# --- requests ----------------------------------------------------------------


def _requests(create=False):
    return site_btree(REQUESTS_KEY, create=create)


def _put(request_record):
    _requests(create=True)[request_record["id"]] = json.dumps(
        request_record, ensure_ascii=False, sort_keys=True
    )
    _note_pending(request_record)


def _note_pending(request_record):
    """Keep ``PENDING_KEY`` ({request id: unit uid} of the pending requests) in step; made
    from every stored request the first time (a site whose requests predate it)."""
    index = site_btree(PENDING_KEY, create=False)
    if index is None:
        index = site_btree(PENDING_KEY)
        for text in _requests().values():
            found = json.loads(text)
            if found["state"] == rules.PENDING:
                index[found["id"]] = found["unit_uid"]
        return
    if request_record["state"] == rules.PENDING:
        index[request_record["id"]] = request_record["unit_uid"]
    elif request_record["id"] in index:
        del index[request_record["id"]]


def pending_requests():
    """Every unit's requests awaiting approval (``rules.PENDING``), oldest first.

    Read through ``PENDING_KEY``, so 我的待办 and the front page load only these; all
    requests are read on a site that has none written since the index came.
    """
    index = site_btree(PENDING_KEY, create=False)
    if index is None:
        store = _requests()
        found = [json.loads(text) for text in store.values()] if store is not None else []
    else:
        found = [get_request(request_id) for request_id in index]
    pending = [r for r in found if r is not None and r["state"] == rules.PENDING]
    return sorted(pending, key=lambda r: r["requested_at"])


def _next_id(year):
    counter = annotation(api.portal.get(), COUNTER_KEY, Length)
    counter.change(1)
    return f"{year}-{counter():04d}"


def get_request(request_id):
    """The request ``request_id`` (a dict), or None (also for a malformed id)."""
    store = _requests()
    if store is None or not isinstance(request_id, str) or len(request_id) > 20:
        return None
    text = store.get(request_id)
    return json.loads(text) if text else None


def requests_of(unit):
    """The unit's requests, newest first."""
    store = _requests()
    if store is None:
        return []
    uid = IUUID(unit)
    found = [json.loads(text) for text in store.values()]
    return sorted(
        (r for r in found if r["unit_uid"] == uid), key=lambda r: r["requested_at"], reverse=True
    )


def open_items(unit):
    """Uids of items in the unit's open (pending or approved) requests."""
    return {
        item["uid"]
        for r in requests_of(unit)
        if r["state"] in (rules.PENDING, rules.APPROVED)
        for item in r["items"]
    }


def create_request(unit, uids, reason, actor):
    """A new 销毁申请 of ``unit``'s items ``uids`` for ``reason`` by ``actor``; the request."""
    reason = rules.check_text(reason, rules.REASON_MAX_CHARS, "销毁理由")
    uids = list(dict.fromkeys(u for u in uids if isinstance(u, str)))[: rules.MAX_ITEMS + 1]
    today = times.today()
    documents, held, not_marked = [], [], []
    for uid in uids:
        document = _document(uid)
        info = archive_info(document) if document is not None else None
        inside = document is not None and _inside(document, unit)
        if not inside or info is None:
            not_marked.append(uid[:40])
            continue
        documents.append((document, info))
        if info.get("legal_hold"):
            held.append(label(document, info))
        elif not retention.marked_for_destruction(info, today):
            not_marked.append(label(document, info))
    busy_uids = open_items(unit)
    busy = [label(d, i) for d, i in documents if IUUID(d) in busy_uids]
    refused = rules.request_refusal(is_archivist(unit, actor), uids, held, not_marked, busy)
    if refused is not None:
        raise refused
    now = times.utc_now()
    request_record = {
        "id": _next_id(times.in_zone(now).year),
        "unit_uid": IUUID(unit),
        "unit_title": unit.Title(),
        "reason": reason,
        "items": [_request_item(d, i) for d, i in documents],
        "requested_by": actor,
        "requested_at": now.isoformat(),
        "required": required_functions(),
        "decisions": {},
        "state": rules.PENDING,
        "executed_by": None,
        "executed_at": None,
        "register_numbers": [],
    }
    _put(request_record)
    notify(DestructionRequested(request_record, actor))
    return request_record


def _request_item(document, info):
    return {
        "uid": IUUID(document),
        "archival_code": info.get("archival_code", ""),
        "title": document.Title(),
        "number": number_of(document),
        "year": info.get("year"),
        "retention": info.get("retention"),
    }


def _unit_of(request_record):
    return unit_by_uid(request_record["unit_uid"])


def decide(request_id, decision, opinion, actor):
    """``actor``'s 同意 (``rules.APPROVE``) or 不同意 (``rules.REJECT``) with ``opinion``."""
    request_record = _existing(request_id)
    opinion = rules.check_text(opinion, rules.OPINION_MAX_CHARS, "审批意见")
    unit = _unit_of(request_record)
    required = request_record["required"]
    held_functions = user_functions(unit, actor, required) if unit is not None else []
    refused = rules.decision_refusal(
        request_record["state"],
        required,
        request_record["decisions"],
        actor,
        request_record["requested_by"],
        held_functions,
        decision,
    )
    if refused is not None:
        raise refused
    key = rules.deciding_function(required, request_record["decisions"], held_functions)
    request_record["decisions"][key] = {
        "decision": decision,
        "by": actor,
        "opinion": opinion,
        "at": _now_text(),
    }
    request_record["state"] = rules.request_state(required, request_record["decisions"])
    _put(request_record)
    return request_record


def _existing(request_id):
    request_record = get_request(request_id)
    if request_record is None:
        raise ArchiveError(_("destruction_request_unknown", default="没有这份销毁申请。"))
    return request_record


def execute_request(request_id, actor):
    """Start the destruction of the items of the approved request ``request_id`` (``actor``:
    an archivist): a ``destroy`` job the workers run once this transaction commits
    (``destroy_batch``). The request, with its ``job_id``."""
    request_record = _existing(request_id)
    unit = _unit_of(request_record)
    allowed = unit is not None and is_archivist(unit, actor)
    refused = rules.execution_refusal(
        request_record["state"], allowed, _held(request_record), executing(request_record)
    )
    if refused is not None:
        raise refused
    uids = [item["uid"] for item in request_record["items"]]
    params = {"request_id": request_record["id"]}
    job_id = jobs.start_job(unit, progress.DESTROY, actor, uids=uids, params=params)
    request_record["job_id"] = job_id
    _put(request_record)
    pipeline.queue_job(job_id)
    return request_record


def _held(request_record):
    """Labels of the request's items (still there) under legal hold."""
    documents = (_document(item["uid"]) for item in request_record["items"])
    return [
        label(document)
        for document in documents
        if document is not None and (archive_info(document) or {}).get("legal_hold")
    ]


def execution_job(request_record):
    """The record of the request's latest ``destroy`` job, or None."""
    job_id = request_record.get("job_id")
    return jobs.job_record(job_id) if job_id else None


def executing(request_record):
    """True while the request's ``destroy`` job is unfinished."""
    record = execution_job(request_record)
    return record is not None and not progress.is_finished(record["state"])


def destroy_batch(unit, job_id, position):
    """Destroy the batch at ``position`` of the ``destroy`` job ``job_id`` of ``unit`` (the
    worker's call; this transaction is the batch's); the job's record after it, or None for
    a job that is not the unit's unfinished ``destroy`` job.

    A position other than the job's cursor (a retry of a batch done before) changes nothing.
    An item put under legal hold since the request was approved is left, named in the job's
    failures; the request is executed once the last batch is done without such an item.
    """
    record = jobs.job_record(job_id)
    if (
        record is None
        or record["kind"] != progress.DESTROY
        or record["unit_uid"] != IUUID(unit)
        or progress.is_finished(record["state"])
    ):
        return None
    uids = jobs.job_uids(job_id)
    cursor = record["cursor"]
    if position != cursor:
        return record
    request_record = _existing(record["params"]["request_id"])
    actor, now = record["actor"], _now_text()
    done, failed, held = record["done"], record["failed"], []
    batch = progress.batch_at(uids, cursor, progress.BATCH_SIZE)
    with api.env.adopt_user(username=actor):
        for uid in batch:
            document = _document(uid)
            if document is None:  # gone by another path: nothing left to destroy
                jobs.set_item(job_id, uid, state=progress.ITEM_DONE, gone=True)
                done += 1
                continue
            info = archive_info(document) or {}
            if info.get("legal_hold"):
                held.append(label(document, info))
                reason = jobs.plain_message(rules.held_refusal(held[-1:]).message)
                jobs.set_item(job_id, uid, state=progress.ITEM_FAILED, reason=reason)
                failed += 1
                continue
            number = destroy(document, request_record, actor, now)
            request_record["register_numbers"].append(number)
            jobs.set_item(job_id, uid, state=progress.ITEM_DONE, number=number)
            done += 1
    processQueue()  # the catalog's removals now, so the words no index uses are known
    purge.forget_unused_words(api.portal.get_tool("portal_catalog"))
    cursor += len(batch)
    fields = {"cursor": cursor, "done": done, "failed": failed, "heartbeat": time.time()}
    fields["state"] = progress.RUNNING
    if cursor >= len(uids):
        fields["state"] = progress.DONE
        if failed:
            fields["message"] = _(
                "destruction_job_held",
                default="有 ${count} 件处于法律保全中，未销毁；解除后可再次执行。",
                mapping={"count": failed},
            )
        else:
            request_record.update(state=rules.EXECUTED, executed_by=actor, executed_at=now)
    _put(request_record)
    return jobs.update_job(job_id, **fields)


def register_entry(document, request_record, actor, at):
    """The 销毁清册 entry of ``document`` destroyed under ``request_record`` (a dict)."""
    info = archive_info(document) or {}
    metadata = {k: v for k, v in info.items() if k not in ("files", "archived_at")}
    metadata["archived_at"] = str(info.get("archived_at") or "")
    for name in KEPT_FIELDS:
        value = getattr(document, name, None)
        if value:
            metadata[name] = list(value) if isinstance(value, (list, tuple)) else str(value)
    return {
        "unit_uid": request_record["unit_uid"],
        "unit_title": request_record["unit_title"],
        "uid": IUUID(document),
        "path": "/".join(document.getPhysicalPath()),
        "portal_type": document.portal_type,
        "archival_code": info.get("archival_code", ""),
        "title": document.Title(),
        "document_number": number_of(document),
        "year": info.get("year"),
        "retention": retention.current_retention(info) if info else None,
        "metadata": json.loads(json.dumps(metadata, default=str)),
        "files": [
            {
                k: f.get(k)
                for k in (
                    "path",
                    "version",
                    "title",
                    "role",
                    "filename",
                    "size",
                    "content_type",
                    "sha256",
                    "sm3",
                )
            }
            for f in info.get("files") or ()
        ],
        "request": {
            "id": request_record["id"],
            "reason": request_record["reason"],
            "requested_by": request_record["requested_by"],
            "requested_at": request_record["requested_at"],
        },
        "approvals": [
            {"function": key, **request_record["decisions"][key]}
            for key in request_record["required"]
            if key in request_record["decisions"]
        ],
        "executed_by": actor,
        "executed_at": at,
    }


def destroy(document, request_record, actor, at):
    """The 销毁清册 entry first, then the purge, the audit entry and the event; the entry's
    number."""
    entry = register_entry(document, request_record, actor, at)
    number = register.add_entry(entry)
    entry["number"] = number
    purge.purge_document(document)
    detail = f"销毁（销毁申请 {request_record['id']}，销毁清册第 {number} 号）"
    audit(
        entries.DESTROY,
        None,
        entries.summary(entry["archival_code"] or entry["title"], detail),
        object_uid=entry["uid"],
        object_path=entry["path"],
    )
    notify(DocumentDestroyed(entry, entry["uid"], entry["path"], actor))
    return number


# --- legal hold --------------------------------------------------------------


def put_hold(document, reason, actor):
    """Put a legal hold (法律保全) on the archived ``document``; the hold."""
    return _change_hold(document, reason, actor, put=True)


def lift_hold(document, reason, actor):
    """Lift the legal hold from ``document`` (the reason is kept in the audit trail)."""
    return _change_hold(document, reason, actor, put=False)


def _change_hold(document, reason, actor, put):
    reason = rules.check_text(reason, rules.REASON_MAX_CHARS, "理由")
    unit = find_unit(document)
    info = archive_info(document)
    refused = rules.hold_refusal(
        unit is not None and is_archivist(unit, actor),
        info is not None,
        bool((info or {}).get("legal_hold")),
        put,
    )
    if refused is not None:
        raise refused
    hold = {"reason": reason, "by": actor, "at": _now_text()} if put else None
    with purge.read_only_lifted(document):
        write_archive_info(document, legal_hold=hold)
        _reindex(document)
    detail = f"设置法律保全：{reason}" if put else f"解除法律保全：{reason}"
    audit(entries.EDIT, document, entries.summary(document.Title(), detail))
    notify(LegalHoldChanged(document, hold, actor))
    return hold
