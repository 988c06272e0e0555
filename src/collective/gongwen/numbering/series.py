"""The persistent number series of a unit: gapless, unique, conflict-safe (R-O8, R-I1).

Each unit keeps its series in its annotations under ``ANNOTATION_KEY``: an
``OOBTree`` from a series key to a ``Series`` —

* 文号: one series per (unit, 机关代字, year), key ``("issue", 代字, year)``;
* 收文编号: one series per (unit, year), key ``("receipt", "", year)``;
* 件号 of archived items: one series per 归档 group of the unit's 全宗 (保管期限 and
  机构(问题) within a 年度), key ``("item", group, year)`` — the archive names the group
  and writes the 档号 (``take_item_number``).

Why this is safe under concurrent requests: a ``Series`` is a plain
``Persistent`` object holding the last number taken, and taking a number
always writes it. Two transactions that take a number from the same series
both write that object, so ZODB refuses the second commit with a
``ConflictError`` (``Series`` deliberately has no ``_p_resolveConflict``, which
could merge the two writes and hand out one number twice); Zope retries the
losing request, which then reads the new last number and takes the next one.
The counter lives in the same transaction as the document that receives the
number, so an aborted transaction takes its number back with it: no gap.

Voided numbers (作废) stay in the series' record with reason, actor and time;
as numbers only ever go up, a voided number is never handed out again.

Only ZODB, BTrees and zope.annotation here — no Plone — so the conflict
behaviour can be tested on a bare ``ZODB.DB``. Anything that provides
``IAnnotations`` itself, or is adaptable to it, can be a unit.
"""

import datetime

from BTrees.IOBTree import IOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from collective.gongwen import _
from collective.gongwen.content.annotations import annotation
from collective.gongwen.numbering import rules
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import ITEM
from collective.gongwen.numbering.rules import RECEIPT
from collective.gongwen.numbering.rules import NumberingError

ANNOTATION_KEY = "collective.gongwen.numbering"


def _stored_time(moment=None):
    # Kept in UTC: a ZoneInfo timezone cannot be pickled by ZODB's protocol.
    return (moment or rules.now()).astimezone(datetime.UTC)


class Series(Persistent):
    """One number series: the last number taken and a record of every number.

    ``entries`` maps a 序号 to a dict: ``number`` (the string), ``uid`` (of
    the document it went to), ``actor``, ``issued`` (aware datetime, UTC) and
    ``voided`` (None, or a dict with ``reason``, ``actor``, ``time``).
    """

    def __init__(self, kind, code, year):
        self.kind = kind
        self.code = code
        self.year = year
        self.last = 0
        self.entries = IOBTree()

    # No _p_resolveConflict, on purpose: see the module docstring.

    def take(self, code, uid=None, actor=None, moment=None, label=None):
        """Take the next number for document ``uid``; return ``(n, number string)``.

        ``label(n)`` writes the number string when the series' kind has no written form
        here (件号: the archive's 档号); by default ``rules.format_number``.
        """
        n = self.last + 1
        if label is not None:
            number = label(n)
        else:
            number = rules.format_number(self.kind, code, self.year, n)
        # Writing ``last`` is what makes concurrent takers conflict.
        self.last = n
        self.entries[n] = {
            "number": number,
            "uid": uid,
            "actor": actor,
            "issued": _stored_time(moment),
            "voided": None,
        }
        return n, number

    def void(self, n, reason, actor=None, moment=None):
        """Mark 序号 ``n`` voided; return its updated entry."""
        entry = self.entries.get(n)
        if entry is None:
            raise NumberingError(
                _(
                    "error_numbering_not_issued",
                    default="${year}年第${n}号尚未发出，不能作废。",
                    mapping={"year": str(self.year), "n": str(n)},
                )
            )
        if entry["voided"] is not None:
            raise NumberingError(
                _(
                    "error_numbering_already_voided",
                    default="编号「${number}」已经作废。",
                    mapping={"number": entry["number"]},
                )
            )
        entry = dict(entry)
        entry["voided"] = {"reason": reason, "actor": actor, "time": _stored_time(moment)}
        # Entries are plain dicts: store a new one so the bucket is written.
        self.entries[n] = entry
        return entry

    def record(self):
        """The series as plain data for audit and UI (see ``series_record``)."""
        issued = [{"n": n, **entry} for n, entry in self.entries.items()]
        return {
            "kind": self.kind,
            "code": self.code,
            "year": self.year,
            "last": self.last,
            "issued": issued,
            "voided": [entry for entry in issued if entry["voided"] is not None],
        }


def series_key(kind, code, year):
    """The key of a series in a unit's store (the 代字 counts for 文号 only)."""
    if kind == ISSUE:
        return (ISSUE, code, year)
    if kind == RECEIPT:
        return (RECEIPT, "", year)
    if kind == ITEM:
        return (ITEM, code, year)
    raise ValueError(f"unknown numbering kind {kind!r}")


def series_store(unit, create=False):
    """The unit's ``OOBTree`` of series, or None (made, when ``create``, on first use)."""
    # Written once per unit; concurrent first takes conflict on the unit.
    return annotation(unit, ANNOTATION_KEY, OOBTree if create else None)


def get_series(unit, kind, code, year, create=False):
    """The unit's series for ``kind``, 代字 ``code`` and ``year``, or None."""
    store = series_store(unit, create=create)
    if store is None:
        return None
    key = series_key(kind, code, year)
    series = store.get(key)
    if series is None and create:
        # Two first takes of a new series insert the same key: BTrees refuse
        # that merge with a ConflictError too, so there is one series.
        series = store[key] = Series(kind, code if kind in (ISSUE, ITEM) else None, year)
    return series


def take_number(unit, kind, code, year, uid=None, actor=None, moment=None):
    """Take the next 文号 or 收文编号 of ``unit``; return the number string.

    ``code`` is the 机关代字 written into the number (and, for 文号, chooses
    the series). Nothing is committed here: the number is only consumed if
    the caller's transaction commits.
    """
    code = rules.check_agency_code(code)
    rules.check_year(year)
    series = get_series(unit, kind, code, year, create=True)
    return series.take(code, uid=uid, actor=actor, moment=moment)[1]


def take_item_number(unit, group, year, label, uid=None, actor=None, moment=None):
    """Take the next 件号 of the 归档 ``group`` (a non-empty string naming it) in ``year``;
    return ``(n, label(n))``.

    The same gapless, conflict-safe series as 文号 (see the module docstring): two
    transactions taking a 件号 of one group conflict, the retried one gets the next, and an
    aborted one gives its 件号 back. ``label(n)`` is the 档号 recorded with the entry.
    """
    if not isinstance(group, str) or not group:
        raise ValueError("a 件号 series needs its group")
    rules.check_year(year)
    series = get_series(unit, ITEM, group, year, create=True)
    return series.take(group, uid=uid, actor=actor, moment=moment, label=label)


def find_entry(unit, number):
    """``(series, n, entry)`` of the 文号 or 收文编号 string ``number`` in ``unit``, or None."""
    parsed = rules.parse_number(number)
    if parsed is None:
        return None
    kind, code, year, n = parsed
    series = get_series(unit, kind, code, year)
    if series is None:
        return None
    entry = series.entries.get(n)
    if entry is None or entry["number"] != number:
        return None
    return series, n, entry


def void(unit, number, reason, actor=None, moment=None):
    """Void the issued ``number`` of ``unit`` with ``reason``; return its entry."""
    reason = (reason or "").strip()
    if not reason:
        raise NumberingError(_("error_numbering_void_no_reason", default="作废编号必须填写原因。"))
    found = find_entry(unit, number)
    if found is None:
        raise NumberingError(
            _(
                "error_numbering_unknown_number",
                default="本单位没有发出过编号「${number}」。",
                mapping={"number": number or ""},
            )
        )
    series, n, _entry = found
    return series.void(n, reason, actor=actor, moment=moment)


def record(unit, kind, code, year):
    """Plain data of one series (empty if it was never used); see ``Series.record``."""
    series = get_series(unit, kind, code, year)
    if series is None:
        return {
            "kind": kind,
            "code": code if kind == ISSUE else None,
            "year": year,
            "last": 0,
            "issued": [],
            "voided": [],
        }
    return series.record()
