"""Step deadlines, the step log, 催办 and the late/overdue counts of 发文 and 收文 (R-O12,
R-I5, 第十六条): the Zope side of ``deadline_rules``.

The days a step may take come from ONE place, the unit's 「办理时限」 fields
(``step_days``), in 自然日. Each step gets its deadline when it starts
(``start_step``), never after the document's 办理时限; a step that ends is
written to the document's step log with its deadline (``log_step``), and the
per-department counts for the year-end assessment are read from the logs and
the open steps (``department_counts``). 催办 (``remind``) is recorded on the
document and announced by ``StepReminded`` (notify mails the holders, the audit
trail records it).

What differs between 发文 and 收文 — which step is open, whom a step counts
against, who may 催办 — each type says through its ``IStepDeadlines`` adapter
(``routing.deadlines``, ``incoming.deadlines``).
"""

import datetime

from Acquisition import aq_base
from DateTime import DateTime
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.interface import Interface

from collective.gongwen.content.annotations import annotation
from collective.gongwen.content.containers import find_unit
from collective.gongwen.steps import deadline_rules as rules
from collective.gongwen.steps.events import StepReminded
from collective.gongwen.steps.roles import current_assignees

LOG_KEY = "collective.gongwen.step_log"
REMINDERS_KEY = "collective.gongwen.reminders"


class IStepDeadlines(Interface):
    """What the deadlines of one document type depend on (an adapter of the document)."""

    def open_step():
        """The current step's id while a holder works on it (it may be overdue, 催办), else None."""

    def open_entries(today):
        """The open steps as ``deadline_rules.late_counts`` entries (department, deadline …)."""

    def counted():
        """False when the document counts against nobody (作废, R-O13)."""

    def remind_refused(user_id):
        """The ``StepError`` refusing ``user_id`` a 催办 of the document; None if allowed."""


def step_days(unit):
    """``{urgency: days}`` as the unit sets them in its 「办理时限」 (自然日); the defaults for
    a field left empty or outside a unit. The one source of the days of a step."""
    base = aq_base(unit) if unit is not None else None
    return rules.days_per_urgency(
        {name: getattr(base, name, None) for name in rules.UNIT_DAYS_FIELDS.values()}
    )


def current_deadline(document):
    """The current step's deadline (a date), else None."""
    return getattr(aq_base(document), "step_deadline", None)


def start_step(document, today):
    """Set the deadline of the step starting ``today`` (the unit's days, capped by 办理时限)."""
    document.step_deadline = rules.step_deadline(
        today,
        getattr(aq_base(document), "urgency", None),
        getattr(aq_base(document), "deadline", None),
        step_days(find_unit(document)),
    )


def clear_step(document):
    """No step open any more (已发送, 归档, 作废): no deadline, never overdue."""
    document.step_deadline = None


def _log(document):
    return annotation(document, LOG_KEY, PersistentList)


def log_step(document, step, today, department=None):
    """Log the end of ``step`` (or of a department's part of it) on ``today``, with the
    deadline it had; ``department`` is the UID it counts against (None: the office's and
    leaders' steps)."""
    _log(document).append(
        {
            "step": step,
            "department": department,
            "deadline": current_deadline(document),
            "finished": today,
        }
    )


def logged_steps(document):
    """The document's finished steps, oldest first (copies)."""
    return [dict(entry) for entry in IAnnotations(document).get(LOG_KEY, ())]


def open_entry(step, department, deadline, today):
    """An open step as a ``late_counts`` entry."""
    return {
        "step": step,
        "department": department,
        "deadline": deadline,
        "finished": None,
        "today": today,
    }


def step_entries(document, today):
    """The document's finished steps and its open ones, as ``rules.late_counts`` reads them."""
    entries = [dict(entry, today=today) for entry in logged_steps(document)]
    return entries + list(IStepDeadlines(document).open_entries(today))


def is_overdue(document, today=None):
    """True when the document's current step is open and past its deadline."""
    if IStepDeadlines(document).open_step() is None:
        return False
    return rules.is_overdue(current_deadline(document), today or datetime.date.today())


def department_counts(unit, year, today=None, portal_type="gongwen_incoming"):
    """Per department UID (None: the office's and leaders' steps), ``{"overdue", "late"}``.

    For the year-end assessment (第十六条): steps due in ``year``, finished
    late or still open past their deadline, over the unit's documents of
    ``portal_type``; a voided one (R-O13) counts against nobody.
    """
    today = today or datetime.date.today()
    catalog = api.portal.get_tool("portal_catalog")
    entries = []
    path = "/".join(unit.getPhysicalPath())
    for brain in catalog.unrestrictedSearchResults(portal_type=portal_type, path=path):
        document = brain._unrestrictedGetObject()
        if IStepDeadlines(document).counted():
            entries += step_entries(document, today)
    return rules.late_counts(entries, year)


def remind_refused(document, user_id):
    """The ``StepError`` refusing ``user_id`` a 催办 of ``document``; None if allowed. Who
    may is the document kind's answer; nobody 催办s a step they hold in person (a member of
    a role mailbox may 催办 the others)."""
    refused = IStepDeadlines(document).remind_refused(user_id)
    if refused is None and user_id is not None:
        refused = rules.own_step_refused(user_id in current_assignees(document))
    return refused


def remind(document, note=""):
    """催办 the current step's holders as the current user: checked, recorded on the document,
    announced (``StepReminded``: the holders are mailed, the audit trail records it).

    Raises the ``StepError`` of ``remind_refused``; returns the record.
    """
    actor = api.user.get_current().getId()
    refused = remind_refused(document, actor)
    if refused is not None:
        raise refused
    reminders = annotation(document, REMINDERS_KEY, PersistentList)
    record = {
        "time": DateTime(),
        "actor": actor,
        "step": api.content.get_state(obj=document),
        "holders": current_assignees(document),
        "deadline": current_deadline(document),
        "note": note,
    }
    reminders.append(record)
    notify(StepReminded(document, dict(record)))
    return record


def reminders(document):
    """The document's 催办 records, oldest first (a copy)."""
    return tuple(IAnnotations(document).get(REMINDERS_KEY, ()))
