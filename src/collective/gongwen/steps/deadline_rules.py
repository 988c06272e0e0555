"""Step deadlines of 发文 and 收文 in plain Python (R-O12, R-I5, 第十六条): the days a step may
take, its deadline, overdue, the late/overdue counts per department and
who may 催办.

The days come from the unit's 「办理时限」 fields, counted in 自然日 (calendar days, 0 is the
same day); ``steps.deadlines.step_days`` reads them. (A to-do row's 办理时限, the earlier of
the step's and the document's, is ``steps.todo_rules``'.) A step's deadline is never later than
the document's own 办理时限, nor before the day the step began.
"""

import datetime

from collective.gongwen import _
from collective.gongwen.steps.rules import StepError

# Days a step may take per 紧急程度 when the unit sets nothing else (自然日).
DEFAULT_STEP_DAYS = {"normal": 3, "urgent": 1, "very_urgent": 0}

# The unit's fields (「办理时限」) with the days a step may take, per 紧急程度.
UNIT_DAYS_FIELDS = {
    "normal": "step_days_normal",
    "urgent": "step_days_urgent",
    "very_urgent": "step_days_very_urgent",
}


def days_per_urgency(values):
    """``{urgency: days}`` from the unit's field values ``{field name: int or None}``;
    a field missing or empty gives the default."""
    days = dict(DEFAULT_STEP_DAYS)
    for urgency, name in UNIT_DAYS_FIELDS.items():
        value = values.get(name)
        if value is not None:
            days[urgency] = int(value)
    return days


def step_deadline(started, urgency, document_deadline=None, step_days=None):
    """The date by which a step started on ``started`` (a date) must be done.

    The unit's days for the urgency (``step_days``, else ``DEFAULT_STEP_DAYS``)
    from the start, in calendar days, but never later than the document's 办理时限
    (nor before the start: a 办理时限 already past makes the step due that day).
    """
    days = (step_days or DEFAULT_STEP_DAYS).get(urgency or "normal")
    if days is None:
        days = DEFAULT_STEP_DAYS["normal"]
    due = started + datetime.timedelta(days=int(days))
    if document_deadline is not None and document_deadline < due:
        due = max(document_deadline, started)
    return due


def is_overdue(deadline, today):
    """True when a step due on ``deadline`` is still open on ``today``."""
    return deadline is not None and today > deadline


def late_counts(entries, year):
    """Per department: ``{"overdue": n, "late": m}`` for ``year`` from step entries.

    ``entries`` are dicts with ``department`` (a key or None), ``deadline``
    (a date), ``finished`` (a date or None while open) and ``today`` for open
    ones. ``late`` counts steps finished after their deadline, ``overdue``
    steps still open past it; both by the deadline's year.
    """
    counts = {}
    for entry in entries:
        deadline = entry["deadline"]
        if deadline is None or deadline.year != year:
            continue
        finished = entry.get("finished")
        if finished is not None and finished > deadline:
            key = "late"
        elif finished is None and entry["today"] > deadline:
            key = "overdue"
        else:
            continue
        row = counts.setdefault(entry["department"], {"overdue": 0, "late": 0})
        row[key] += 1
    return counts


# --- 催办: who may, and when ---------------------------------------------------------


class RemindClosedError(StepError):
    """No step is open any more (办结, 已发送, 归档, 作废): nothing to 催办."""

    default = _("error_remind_closed_document", default="该公文已办结，无需催办。")


class RemindNotAllowedError(StepError):
    """The user is not one of those who may 催办 this kind of document."""

    default = _("error_remind_not_allowed", default="您不能催办此公文。")


class RemindOwnStepError(StepError):
    """The user holds the step in person: there is nobody else to 催办."""

    default = _("error_remind_own_step", default="本环节由您办理，无需催办。")


def own_step_refused(holding):
    """The refusal of a 催办 by one of the step's own holders (``holding``), else None."""
    return RemindOwnStepError() if holding else None


def remind_refused(
    user_principals,
    allowed,
    step_open,
    not_allowed=RemindNotAllowedError,
    closed=RemindClosedError,
):
    """The ``StepError`` refusing a 催办, else None.

    ``user_principals`` are the user's id and groups, ``allowed`` the ids
    (users or groups) who may 催办 the document, ``step_open`` whether a step
    is open; ``not_allowed`` and ``closed`` the error classes saying so for
    the document's kind.
    """
    if not set(user_principals) & set(allowed):
        return not_allowed()
    if not step_open:
        return closed()
    return None
