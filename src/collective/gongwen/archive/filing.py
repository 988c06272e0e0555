"""归档 of one document (R-R1, DA/T 22-2015): its 归档章 data proposed, checked and written,
its 件号 taken, its 归档记录 filed and the ``archive`` transition made.

``archive_document`` is the ONE path that archives: the 归档 form's job and the batch of a
year (``pipeline.file_item``, after 四性检测 passed in the worker), the demo and the tests
all call it. It

1. refuses (``ArchiveError``, Chinese) what ``authority.archive_refusal`` refuses — not a
   finished 发文/收文, archived already, the actor not an archivist of the document's unit,
   its 正式文件 or 处理单 still being made — and 归档章 fields ``check_fields`` refuses;
2. takes the 件号 from the unit's gapless, conflict-safe series of the group (全宗号, 年度,
   保管期限, 机构(问题)) — ``numbering.series.take_item_number``: two transactions taking a
   件号 of one group conflict and the retried one gets the next; an aborted one gives its
   件号 back — and builds the 档号 (``rules.format_archival_code``);
3. files the 「归档记录」 (``recordfile``: the 归档章, workflow history, opinion records and
   the document's audit trail) as a file of role ``content.files.RECORD``, and adds it to
   the files manifest it was given (the worker hashed the others);
4. writes the 归档章 data (``record.write_archive_info``), makes the workflow's ``archive``
   transition as the actor — its guard lets it through only inside this function
   (``is_filing``), so neither the 办理 panel nor REST ``@workflow`` can archive — then
   reindexes the document and fires ``DocumentArchived``.

``proposed_fields`` gives the 归档 form's defaults; ``may_archive`` answers for a person.
"""

import contextlib
import re

from Acquisition import aq_base
from plone import api
from zope.event import notify

from collective.gongwen import _
from collective.gongwen.archive import authority
from collective.gongwen.archive import readonly
from collective.gongwen.archive import recordfile
from collective.gongwen.archive import rules
from collective.gongwen.archive.events import DocumentArchived
from collective.gongwen.archive.fixity import bytes_digests
from collective.gongwen.archive.record import is_archived
from collective.gongwen.archive.record import write_archive_info
from collective.gongwen.archive.settings import IArchiveSettings
from collective.gongwen.audit import record as audit_record
from collective.gongwen.audit import store as audit_store
from collective.gongwen.content import files as content_files
from collective.gongwen.content import times
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.permits import PathPermit
from collective.gongwen.content.progress import pending_work
from collective.gongwen.content.settings import record_or_default
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.numbering import series
from collective.gongwen.org.units import unit_departments
from collective.gongwen.org.units import unit_function_group_id
from collective.gongwen.routing.people import drafting_department
from collective.gongwen.steps import titles
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of

OUTGOING_TYPE = authority.OUTGOING_TYPE
INCOMING_TYPE = authority.INCOMING_TYPE
ARCHIVE_TRANSITION = "archive"

# The unit's 办公室: the 机构(问题) of a 收文 no department handled.
OFFICE_ID = "office"
OFFICE_TITLE = "办公室"

RECORD_ID = "archive-record"
RECORD_FILENAME = "归档记录.xml"
# The newest audit entries written into the 归档记录 (every page view is one).
RECORD_AUDIT_LIMIT = 5000
ORGAN_TITLE_MAX = 100

# The 归档章 fields the form edits and ``check_fields`` checks, in the form's order.
FORM_FIELDS = ("fonds_number", "year", "retention", "organ_code", "organ_title")

_NOT_CODE = re.compile(r"[^0-9A-Za-z]")
_filing = PathPermit()


# --- proposals ---------------------------------------------------------------------------


def organ_code_of(department):
    """The 机构(问题)代码 of ``department``: its ``organ_code``, else its id in capitals with
    anything but letters and digits left out (``engineering`` → ``ENGINEERING``); "" if
    nothing is left (the archivist types one on the 归档 form)."""
    if department is None:
        return ""
    code = (getattr(aq_base(department), "organ_code", None) or "").strip()
    if code:
        return code
    return _NOT_CODE.sub("", department.getId()).upper()[: rules.CODE_MAX_LENGTH]


def unit_office(unit):
    """The unit's 办公室 (id ``office``, else the department of that title); else None."""
    departments = unit_departments(unit) if unit is not None else []
    for department in departments:
        if department.getId() == OFFICE_ID:
            return department
    for department in departments:
        if department.Title() == OFFICE_TITLE:
            return department
    return None


def organ_department(document):
    """The 机构(问题) of ``document``: the 发文's drafting department; the 收文's first
    handling department; else the unit's 办公室."""
    department = None
    if document.portal_type == OUTGOING_TYPE:
        department = drafting_department(document)
    elif document.portal_type == INCOMING_TYPE:
        unit = find_unit(document)
        handling = list(getattr(aq_base(document), "handling_departments", None) or ())
        by_uid = {d.UID(): d for d in unit_departments(unit)} if unit is not None else {}
        department = next((by_uid[uid] for uid in handling if uid in by_uid), None)
    return department or unit_office(find_unit(document))


def document_year(document):
    """The 年度 proposed for ``document``: the year of the 发文's 成文日期 (else 印发日期) or
    the 收文's 收文日期, in the portal's zone; else the year it was created."""
    if document.portal_type == OUTGOING_TYPE:
        names = ("written_date", "printed_date")
    else:
        names = ("received_date",)
    for name in names:
        value = times.date_of(getattr(aq_base(document), name, None))
        if value is not None:
            return value.year
    return times.date_of(document.created()).year


def incoming_retention():
    """The 保管期限 proposed for a 收文 (档案设置; 定期30年 unless set)."""
    return record_or_default(IArchiveSettings, "incoming_retention")


def proposed_fields(document):
    """The 归档章 fields the 归档 form proposes for ``document`` (``FORM_FIELDS``).

    全宗号 from the unit; 年度 ``document_year``; 保管期限 the 发文's 建议保管期限 (定期30年
    when it has none) or the setting for 收文; 机构(问题) ``organ_department``'s code
    (``organ_code_of``) and title.
    """
    unit = find_unit(document)
    if document.portal_type == OUTGOING_TYPE:
        retention = getattr(aq_base(document), "retention", None) or rules.YEARS_30
    else:
        retention = incoming_retention()
    department = organ_department(document)
    return {
        "fonds_number": (getattr(aq_base(unit), "fonds_number", None) or "").strip()
        if unit is not None
        else "",
        "year": document_year(document),
        "retention": retention if retention in rules.RETENTIONS else rules.YEARS_30,
        "organ_code": organ_code_of(department),
        "organ_title": department.Title() if department is not None else "",
    }


# --- checks ------------------------------------------------------------------------------


def check_organ_title(value):
    """The stripped 机构(问题) name; ``ArchiveError`` if empty or over 100 characters."""
    value = (value if isinstance(value, str) else "").strip()
    if not value:
        raise rules.ArchiveError(_("archive_organ_title_missing", default="请填写机构(问题)。"))
    if len(value) > ORGAN_TITLE_MAX:
        raise rules.ArchiveError(
            _(
                "archive_organ_title_too_long",
                default="机构(问题)不能超过 ${limit} 字（现为 ${count} 字）。",
                mapping={"limit": ORGAN_TITLE_MAX, "count": len(value)},
            )
        )
    return value


def check_fields(document, fields):
    """``fields`` (the 归档章 as typed or proposed) checked and cleaned: a dict of
    ``FORM_FIELDS``; ``ArchiveError`` naming the first field that cannot be used.

    Every value is bounded whatever its type (a form, a job's parameters, JSON).
    """
    fields = fields if isinstance(fields, dict) else {}
    return {
        "fonds_number": rules.check_code(_bounded(fields.get("fonds_number")), "全宗号"),
        "year": rules.check_year(_bounded(fields.get("year"))),
        "retention": rules.check_retention(_bounded(fields.get("retention"))),
        "organ_code": rules.check_code(_bounded(fields.get("organ_code")), "机构(问题)代码"),
        "organ_title": check_organ_title(_bounded(fields.get("organ_title"))),
    }


def _bounded(value):
    """``value`` if it is a str or an int (not a bool); else "" (refused by the checks)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return ""


# --- authority ---------------------------------------------------------------------------


def is_archivist(document, user_id):
    """True if ``user_id`` is an archivist (档案员) of ``document``'s unit."""
    unit = find_unit(document)
    if unit is None or not user_id:
        return False
    return unit_function_group_id(unit, "archivists") in principals_of(user_id)


def archive_refusal(document, user_id):
    """The ``ArchiveError`` refusing ``user_id`` to archive ``document`` now, else None."""
    state = api.content.get_state(obj=document, default=None)
    return authority.archive_refusal(
        document.portal_type,
        state,
        is_archived(document),
        is_archivist(document, user_id),
        pending=pending_work(document),
        state_title=titles.step_title(state, None, document.portal_type) if state else "",
    )


def may_archive(document, user_id):
    """True if ``user_id`` may archive ``document`` now (``authority.archive_refusal``)."""
    return archive_refusal(document, user_id) is None


# --- the one path ------------------------------------------------------------------------


def is_filing(document):
    """True while ``archive_document`` is archiving ``document`` (the transition's guard)."""
    return _filing.permits(document)


@contextlib.contextmanager
def _filing_of(document):
    with _filing.granted(document), readonly.lifted(document):
        yield


def archive_document(document, fields, files, report_id, actor):
    """Archive ``document`` with the 归档章 ``fields`` (``check_fields``), the files manifest
    ``files`` (entries with sha256, sm3 and size, as 四性检测 made them), the 四性检测
    report ``report_id`` and ``actor`` (user id of the archivist); return the 归档章 data.

    ``ArchiveError`` (nothing written) when refused. Run as ``actor`` or by code acting for
    them (a worker's job): the transition is made as ``actor``.
    """
    refused = archive_refusal(document, actor)
    if refused is not None:
        raise refused
    checked = check_fields(document, fields)
    unit = find_unit(document)
    group = rules.group_key(
        checked["fonds_number"], checked["year"], checked["retention"], checked["organ_code"]
    )

    def archival_code(n):
        return rules.format_archival_code(*group, rules.check_item_number(n))

    item_number, code = series.take_item_number(
        unit,
        "/".join(str(part) for part in group),
        checked["year"],
        archival_code,
        uid=document.UID(),
        actor=actor,
    )
    info = dict(
        checked,
        category=rules.CATEGORY,
        item_number=item_number,
        archival_code=code,
        archived_at=times.utc_now(),
        archived_by=actor,
        report_id=report_id,
        legal_hold=None,
        appraisals=(),
    )
    with _filing_of(document):
        record_entry = file_record(document, info)
        info["files"] = tuple(dict(entry) for entry in files or ()) + (record_entry,)
        write_archive_info(document, **info)
        _transition(document, actor)
    reindex_archived(document)
    notify(DocumentArchived(document, dict(info), actor))
    return info


def _transition(document, actor):
    workflow = api.portal.get_tool("portal_workflow")
    current = api.user.get_current()
    if current is not None and current.getId() == actor:
        workflow.doActionFor(document, ARCHIVE_TRANSITION)
        return
    with api.env.adopt_user(username=actor):
        workflow.doActionFor(document, ARCHIVE_TRANSITION)


# The catalog's indexes that read the 归档章 (search.indexers), besides the state's.
ARCHIVE_INDEXES = (
    "SearchableText",
    "archival_code",
    "item_number",
    "gongwen_year",
    "retention",
    "number_keys",
    "legal_hold",
)


def reindex_archived(document):
    """Reindex the catalog values that follow the 归档章 (those the catalog has)."""
    catalog = api.portal.get_tool("portal_catalog")
    present = set(catalog.indexes())
    document.reindexObject(idxs=[name for name in ARCHIVE_INDEXES if name in present])


# --- the 归档记录 --------------------------------------------------------------------------


def file_record(document, info):
    """Add the 「归档记录」 file to ``document`` (``recordfile.record_xml``); its manifest entry
    (path, version, title, role, filename, size, content_type, sha256, sm3)."""
    data = record_data(document, info)
    # The system's own record, not the archivist's upload (nobody adds files to a sent 发文)
    with api.env.adopt_roles(["Manager"]):
        item = content_files.add_file(
            document,
            data,
            RECORD_FILENAME,
            role=content_files.RECORD,
            id=RECORD_ID,
            versioned=False,  # written once, never changed: no CMFEditions version
            document_modified=False,  # reindexed below, as 归档 changed it
        )
    item.title = "归档记录"
    return {
        "path": item.getId(),
        "version": None,
        "title": "归档记录",
        "role": content_files.RECORD,
        "filename": RECORD_FILENAME,
        "content_type": "application/xml",
        **bytes_digests(data),
    }


def record_data(document, info):
    """The bytes of ``document``'s 归档记录 for the 归档章 ``info``."""
    portal_path = len(api.portal.get().getPhysicalPath())
    stamp = dict(
        info,
        retention_title=title_of("retention", info["retention"]),
        archived_at=times.iso_text(info["archived_at"]),
    )
    number = getattr(aq_base(document), "issue_number", None) or getattr(
        aq_base(document), "receipt_number", None
    )
    identity = {
        "uid": document.UID(),
        "type_title": "发文" if document.portal_type == OUTGOING_TYPE else "收文",
        "title": document.Title(),
        "number": number or "",
        "path": "/".join(document.getPhysicalPath()[portal_path:]),
    }
    audit, total = audit_trail(document)
    return recordfile.record_xml(
        stamp,
        identity,
        workflow_history(document),
        [opinion_row(record) for record in opinions(document)],
        audit,
        total,
    )


def workflow_history(document):
    """The document's workflow history, oldest first, as plain dicts (time as ISO text)."""
    rows = []
    for entries in (getattr(aq_base(document), "workflow_history", None) or {}).values():
        for entry in entries:
            rows.append(
                {
                    "time": times.iso_text(entry.get("time")),
                    "action": entry.get("action") or "",
                    "actor": entry.get("actor") or "",
                    "state": entry.get("review_state") or "",
                    "comment": entry.get("comments") or "",
                }
            )
    return sorted(rows, key=lambda row: row["time"])


def opinion_row(record):
    """One opinion record as a plain dict."""
    return {
        "time": times.iso_text(record.time),
        "round": record.round,
        "step": record.step,
        "action": record.action,
        "actor": record.actor,
        "on_behalf_of": record.on_behalf_of or "",
        "subject": record.subject or "",
        "text": record.text,
    }


def audit_trail(document):
    """``(entries, total)``: the audit entries of ``document`` and its files, oldest first —
    the newest ``RECORD_AUDIT_LIMIT`` of them — and how many there are."""
    uids = (document.UID(), *(item.UID() for item in content_files.files_of(document)))
    filters = audit_store.Filters(object_uids=uids)
    rows, total = audit_record.audit_store().search(filters, 0, RECORD_AUDIT_LIMIT)
    return list(reversed(rows)), total
