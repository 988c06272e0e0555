"""文号 and 收文编号: the only place they are issued (R-O8, R-I1).

Public API — workflows, views and services call these and nothing else:

* ``issue_number(document)`` — give an outgoing document (发文) its 文号
  「长河〔2026〕7号」 from its unit's series for the unit's 机关代字 and the
  current year in Beijing; sets ``document.issue_number``, reindexes it and
  returns the string. Idempotent: a document that already holds a 文号 issued
  to it gets that one back.
* ``issue_receipt_number(document)`` — the same for an incoming document's
  (收文) 收文编号 「长河收〔2026〕15号」 (``document.receipt_number``).
* ``void_number(unit, number, reason, actor, release=True)`` — void (作废)
  an issued number: it stays in the record with reason, actor and time, is
  never handed out again, and the document that held it no longer does —
  unless ``release`` is False: a 收文 voided with its 收文编号 (R-O13) keeps
  showing the number it was registered under, void in the record.
* ``series_record(unit, kind, year, code=None)`` — every number of a series,
  issued and voided, as plain data for audit and UI.

The one normal form of any number however typed — what search, lookup and the 登记
check compare — is ``keys.number_key`` (plain Python).

The written forms are in ``rules`` (plain Python); the persistent, gapless,
conflict-safe series in ``series`` (ZODB only). A number is consumed only if
the transaction that took it commits. All errors are ``NumberingError``
(a ``ValueError`` with a Chinese message; ``message_of`` makes it translatable).
"""

from AccessControl import getSecurityManager
from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.event import notify

from collective.gongwen import _
from collective.gongwen.numbering import rules
from collective.gongwen.numbering import series
from collective.gongwen.numbering.events import DocumentNumbered
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import RECEIPT
from collective.gongwen.numbering.rules import NumberingError
from collective.gongwen.numbering.rules import format_issue_number
from collective.gongwen.numbering.rules import format_receipt_number
from collective.gongwen.numbering.rules import parse_issue_number
from collective.gongwen.numbering.rules import parse_receipt_number

__all__ = [
    "ISSUE",
    "RECEIPT",
    "NumberingError",
    "format_issue_number",
    "format_receipt_number",
    "issue_number",
    "issue_receipt_number",
    "message_of",
    "parse_issue_number",
    "parse_receipt_number",
    "series_record",
    "void_number",
]

# Which attribute of which document type holds which kind of number.
_FIELDS = {ISSUE: "issue_number", RECEIPT: "receipt_number"}
_TYPES = {ISSUE: "gongwen_outgoing", RECEIPT: "gongwen_incoming"}


def message_of(error):
    """The translatable message (for forms, status messages, services) of a ``NumberingError``."""
    return error.message


def _current_user_id():
    user = getSecurityManager().getUser()
    return user.getId() if user is not None else None


def _unit_of(document):
    # Imported late: org.units imports the content types, which is fine at
    # run time but needless for code that only wants ``rules`` or ``series``.
    from collective.gongwen.org.units import find_unit

    unit = find_unit(document)
    if unit is None:
        raise NumberingError(
            _(
                "error_numbering_no_unit",
                default="「${title}」不在任何单位中，无法编号。",
                mapping={"title": document.Title()},
            )
        )
    return unit


def _set_number(document, kind, number):
    field = _FIELDS[kind]
    setattr(document, field, number)
    # The number is an exact-match index, searchable text and one of the search's
    # number keys (search.indexers.number_keys; left out where the catalog lacks it).
    catalog_indexes = api.portal.get_tool("portal_catalog").indexes()
    names = [field, "SearchableText", "number_keys"]
    document.reindexObject(idxs=[name for name in names if name in catalog_indexes])


def _issue(document, kind):
    if getattr(document, "portal_type", None) != _TYPES[kind]:
        raise ValueError(f"{document!r} cannot receive a {kind} number")
    unit = _unit_of(document)
    uid = document.UID()
    existing = getattr(document, _FIELDS[kind], None)
    if existing:
        found = series.find_entry(unit, existing)
        # Idempotent only for the number this document was given: a copy
        # carries its original's number, which is not its own.
        if found is not None and found[2]["uid"] == uid and found[2]["voided"] is None:
            notify(DocumentNumbered(document, existing, kind, repeated=True))
            return existing
    number = series.take_number(
        unit,
        kind,
        getattr(unit, "agency_code", None),
        rules.numbering_year(),
        uid=uid,
        actor=_current_user_id(),
    )
    _set_number(document, kind, number)
    notify(DocumentNumbered(document, number, kind))
    return number


def issue_number(document):
    """Issue the outgoing ``document``'s 文号 (or return the one it has); return the string."""
    return _issue(document, ISSUE)


def issue_receipt_number(document):
    """Issue the incoming ``document``'s 收文编号 (or return the one it has); return the string."""
    return _issue(document, RECEIPT)


def void_number(unit, number, reason, actor=None, release=True):
    """Void ``unit``'s issued 文号 or 收文编号 ``number`` for ``reason``; return its record entry.

    ``actor`` defaults to the current user. The document that held the
    number (if it still does) loses it and may be numbered again; it then
    gets the next number of the series, never the voided one. With
    ``release`` False the document keeps it (a document voided itself).
    """
    actor = actor or _current_user_id()
    entry = series.void(unit, number, reason, actor=actor)
    if not release:
        return entry
    document = uuidToObject(entry["uid"], unrestricted=True) if entry["uid"] else None
    if document is not None:
        kind = rules.parse_number(number)[0]
        if getattr(document, _FIELDS[kind], None) == number:
            _set_number(document, kind, None)
    return entry


def series_record(unit, kind, year, code=None):
    """Issued and voided numbers of one of ``unit``'s series, as plain data.

    ``kind`` is ``"issue"`` (文号; ``code`` chooses the 代字 series, by
    default the unit's current 机关代字) or ``"receipt"`` (收文编号). Returns
    a dict with ``kind``, ``code``, ``year``, ``last`` (the last 序号 taken),
    ``issued`` (every number in order: ``n``, ``number``, ``uid``, ``actor``,
    ``issued``, ``voided``) and ``voided`` (the voided ones).
    """
    if kind == ISSUE:
        code = (code or getattr(unit, "agency_code", None) or "").strip()
    return series.record(unit, kind, code, year)
