"""Step deadlines, 催办 and the late/overdue ledger of 收文 (R-I5, 第十六条).

Each step gets a deadline when it starts (``start_step``): the unit's days
for the document's 紧急程度, never after its 办理时限; the handling
departments share the deadline set at 分送. A step or department part that
ends after its deadline is written to the document's step log, and the
per-department counts for the year-end assessment are read from the logs
and the open steps (``department_counts``); a voided 收文 (R-O13) is never
overdue and not counted. 催办 reminders are recorded on the document.
"""

import datetime

from Acquisition import aq_base
from DateTime import DateTime
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.incoming import rules
from collective.gongwen.org.units import find_unit

LOG_KEY = "collective.gongwen.step_log"
REMINDERS_KEY = "collective.gongwen.reminders"
# The unit's fields with the days a step may take, per 紧急程度.
UNIT_DAYS_FIELDS = {
    "normal": "step_days_normal",
    "urgent": "step_days_urgent",
    "very_urgent": "step_days_very_urgent",
}


def unit_step_days(unit):
    """``{urgency: days}`` as the unit sets them (missing ones: the defaults)."""
    days = dict(rules.DEFAULT_STEP_DAYS)
    for urgency, name in UNIT_DAYS_FIELDS.items():
        value = getattr(aq_base(unit), name, None) if unit is not None else None
        if value is not None:
            days[urgency] = value
    return days


def current_deadline(document):
    """The current step's deadline (a date), else None."""
    return getattr(aq_base(document), "step_deadline", None)


def start_step(document, today):
    """Set the deadline of the step starting ``today``."""
    document.step_deadline = rules.step_deadline(
        today,
        getattr(aq_base(document), "urgency", None),
        getattr(aq_base(document), "deadline", None),
        unit_step_days(find_unit(document)),
    )


def _log(document):
    annotations = IAnnotations(document)
    if LOG_KEY not in annotations:
        annotations[LOG_KEY] = PersistentList()
    return annotations[LOG_KEY]


def step_finished(document, step, today):
    """Log the end of a step (not the handling parts: ``part_finished`` logs those)."""
    if step == rules.HANDLING:
        return
    _log(document).append(
        {
            "step": step,
            "department": None,
            "deadline": current_deadline(document),
            "finished": today,
        }
    )


def part_finished(document, department_uid, today):
    """Log a department's part sent back to the secretaries (第十六条)."""
    _log(document).append(
        {
            "step": rules.HANDLING,
            "department": department_uid,
            "deadline": current_deadline(document),
            "finished": today,
        }
    )


def step_entries(document, today):
    """The document's finished steps and its open ones, as ``rules.late_counts`` reads them."""
    entries = [dict(entry, today=today) for entry in IAnnotations(document).get(LOG_KEY, ())]
    step = api.content.get_state(obj=document, default=None)
    deadline = current_deadline(document)
    if step == rules.HANDLING:
        parts = getattr(aq_base(document), "handling_parts", None) or {}
        entries += [
            {
                "step": step,
                "department": uid,
                "deadline": deadline,
                "finished": None,
                "today": today,
            }
            for uid in rules.open_parts(parts)
        ]
    elif step not in (*rules.CLOSED_STEPS, None):
        entries.append(
            {
                "step": step,
                "department": None,
                "deadline": deadline,
                "finished": None,
                "today": today,
            }
        )
    return entries


def is_overdue(document, today=None):
    """True when the document's current step is past its deadline."""
    step = api.content.get_state(obj=document, default=None)
    if step in rules.CLOSED_STEPS:
        return False
    return rules.is_overdue(current_deadline(document), today or datetime.date.today())


def department_counts(unit, year, today=None):
    """Per department UID (None: the office's and leaders' steps), ``{"overdue", "late"}``.

    For the year-end assessment (第十六条): steps due in ``year``, finished
    late or still open past their deadline, over the unit's 收文.
    """
    today = today or datetime.date.today()
    catalog = api.portal.get_tool("portal_catalog")
    entries = []
    path = "/".join(unit.getPhysicalPath())
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_incoming", path=path):
        if brain.review_state == rules.VOIDED:
            continue  # R-O13: a registration made by mistake counts against nobody
        entries += step_entries(brain._unrestrictedGetObject(), today)
    return rules.late_counts(entries, year)


def remind(document, note=""):
    """Record a 催办 of the current step's holders by the current user; return the record."""
    annotations = IAnnotations(document)
    if REMINDERS_KEY not in annotations:
        annotations[REMINDERS_KEY] = PersistentList()
    record = {
        "time": DateTime(),
        "actor": api.user.get_current().getId(),
        "step": api.content.get_state(obj=document),
        "holders": tuple(getattr(aq_base(document), "assignees", None) or ()),
        "note": note,
    }
    annotations[REMINDERS_KEY].append(record)
    return record


def reminders(document):
    """The document's 催办 records, oldest first (a copy)."""
    return tuple(IAnnotations(document).get(REMINDERS_KEY, ()))
