"""保管期限 after 归档 (R-R2), plain Python: when an item is due, and the 到期鉴定 decisions.

An item's term ends on ``rules.expiry_date(年度, 保管期限)``. The appraisal (到期鉴定) of a due
item decides either 销毁 (``DESTROY``: it may go into a 销毁申请) or 延长保管 (``EXTEND``):
to a longer 保管期限 (定期30年 or 永久) or by a number of years. Each decision is appended to
the item's ``appraisals`` (``archive.record``); the 归档章 data (档号, 保管期限) stay as they
were stamped. The last decision rules:

* an extension sets the day the item is due again (``until``: None = kept permanently);
* a 销毁 decision makes the item a candidate for a 销毁申请.

No Zope import here (only the message factory).
"""

import datetime

from collective.gongwen import _
from collective.gongwen.archive.rules import PERMANENT
from collective.gongwen.archive.rules import RETENTIONS
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.archive.rules import check_retention
from collective.gongwen.archive.rules import expiry_date

DESTROY = "destroy"
EXTEND = "extend"
DECISIONS = (DESTROY, EXTEND)
NOTE_MAX_CHARS = 500
DEFAULT_MAX_EXTENSION_YEARS = 50


_ORDER = list(RETENTIONS)  # longest first: 永久, 定期30年, 定期10年


def _years(token):
    return RETENTIONS[check_retention(token)][1]


def _add_years(day, years):
    """``day`` + ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_date(info):
    """The day the item with 归档章 data ``info`` is (next) due for appraisal; None if never.

    ``info`` is a mapping with ``year``, ``retention`` and ``appraisals`` (``archive.record``).
    """
    appraisals = info.get("appraisals") or ()
    for appraisal in reversed(appraisals):
        if appraisal.get("decision") == EXTEND:
            until = appraisal.get("until")
            return datetime.date.fromisoformat(until) if until else None
    return expiry_date(info["year"], info["retention"])


def current_retention(info):
    """The 保管期限 in force: the last extension's, else the stamped one."""
    for appraisal in reversed(info.get("appraisals") or ()):
        if appraisal.get("decision") == EXTEND and appraisal.get("retention"):
            return appraisal["retention"]
    return info["retention"]


def is_due(info, today):
    """True if the item's term (as extended) has ended by ``today``."""
    due = due_date(info)
    return due is not None and today >= due


def last_decision(info):
    """The latest appraisal decision (a dict) of the item, or None."""
    appraisals = info.get("appraisals") or ()
    return dict(appraisals[-1]) if appraisals else None


def marked_for_destruction(info, today):
    """True if the item is due and its last appraisal, made while due, decided 销毁."""
    last = last_decision(info)
    return is_due(info, today) and last is not None and last.get("decision") == DESTROY


def check_note(note):
    """The stripped 鉴定意见 ``note`` (bounded); ``ArchiveError`` if too long."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ArchiveError(
            _(
                "appraisal_note_too_long",
                default="鉴定意见不能超过 ${limit} 字（现为 ${count} 字）。",
                mapping={"limit": NOTE_MAX_CHARS, "count": len(note)},
            )
        )
    return note


def appraisal(
    info,
    decision,
    by,
    at,
    today,
    retention=None,
    years=None,
    note="",
    max_years=DEFAULT_MAX_EXTENSION_YEARS,
):
    """The appraisal entry (a dict) deciding ``decision`` on a due item; ``ArchiveError`` if not.

    ``decision`` is ``DESTROY`` or ``EXTEND``; an extension gives either a longer ``retention``
    (定期30年, 永久) or ``years`` (1–``max_years``) more. ``at`` is the decision's time
    (ISO text, UTC); ``today`` the portal's date.
    """
    if decision not in DECISIONS:
        raise ArchiveError(
            _("appraisal_decision_invalid", default="鉴定结论只能是销毁或延长保管。")
        )
    if not is_due(info, today):
        raise ArchiveError(
            _(
                "appraisal_not_due",
                default="「${code}」的保管期限尚未届满，不能鉴定。",
                mapping={"code": info.get("archival_code", "")},
            )
        )
    entry = {"decision": decision, "by": by, "at": at, "note": check_note(note)}
    entry["retention"] = current_retention(info)
    entry["until"] = None
    if decision == DESTROY:
        return entry
    return {**entry, **_extension(info, retention, years, max_years, today)}


def _extension(info, retention, years, max_years, today):
    if bool(retention) == (years not in (None, "")):
        raise ArchiveError(
            _(
                "appraisal_extension_choice",
                default="延长保管请选择新的保管期限或填写延长年数（二者选一）。",
            )
        )
    if retention:
        retention = check_retention(retention)
        now = current_retention(info)
        if _ORDER.index(retention) >= _ORDER.index(now):
            raise ArchiveError(
                _(
                    "appraisal_retention_not_longer",
                    default="延长后的保管期限应长于现在的保管期限。",
                )
            )
        if retention == PERMANENT:
            return {"retention": PERMANENT, "until": None}
        until = expiry_date(info["year"], retention)
        if until <= today:
            raise ArchiveError(
                _(
                    "appraisal_retention_already_over",
                    default="按${years}年计算，保管期限也已届满，请选择更长的期限或填写延长年数。",
                    mapping={"years": _years(retention)},
                )
            )
        return {"retention": retention, "until": until.isoformat()}
    try:
        count = int(str(years).strip())
    except (TypeError, ValueError):
        count = None
    if count is None or not 1 <= count <= max_years:
        raise ArchiveError(
            _(
                "appraisal_years_invalid",
                default="延长年数应为 1–${limit} 之间的整数。",
                mapping={"limit": max_years},
            )
        )
    return {"years": count, "until": _add_years(max(due_date(info), today), count).isoformat()}
