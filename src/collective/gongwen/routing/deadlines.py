"""Step deadlines and 催办 of 发文 (R-O12, as R-I5 for 收文): what is 发文's own in them.

Every 发文 step after the draft gets a deadline when it starts (the unit's
「办理时限」 days, capped by the document's 办理时限; ``steps.deadlines``); the
draft itself is not timed until a reviewer returns it to the drafter. 已发送,
归档 and 作废 end the steps: no deadline, never overdue. A step of the drafting
department (拟稿, 部门审核) counts against that department in the overdue
statistics, the other steps against the office and the leaders. The unit's
office heads and secretaries, who supervise the steps, and the drafter may 催办.
"""

import datetime

from Acquisition import aq_base
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import adapter
from zope.component import getUtility
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.containers import find_unit
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.settings import remove_deadline_records
from collective.gongwen.org.units import function_holders
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import drafter_id
from collective.gongwen.routing.people import drafting_department
from collective.gongwen.steps import deadline_rules
from collective.gongwen.steps import deadlines
from collective.gongwen.steps.deadlines import IStepDeadlines

# Steps no holder works on any more: no deadline, never overdue, no 催办.
CLOSED_STEPS = (rules.SENT, rules.ARCHIVED, rules.VOIDED)
# Steps that count against the drafting department (the others: the office and leaders).
DEPARTMENT_STEPS = (rules.DRAFT, rules.DEPT_REVIEW)


class RemindOutgoingNotAllowedError(deadline_rules.RemindNotAllowedError):
    """Who may 催办 a 发文: the office, and its drafter."""

    default = _(
        "error_remind_outgoing_not_allowed",
        default="只有本单位办公室负责人、秘书和拟稿人可以催办发文。",
    )


class RemindSentError(deadline_rules.RemindClosedError):
    """A 发文 sent, archived or voided has no step to 催办 (nor a draft not yet submitted)."""

    default = _("error_remind_outgoing_closed", default="该发文当前没有待办理的环节，无需催办。")


def is_timed(step, deadline):
    """True when ``step`` is a step with a deadline to keep: not closed, and not a draft that
    was never timed (only a draft returned by a reviewer has one)."""
    if step in (*CLOSED_STEPS, None):
        return False
    return not (step == rules.DRAFT and deadline is None)


def step_department(document, step):
    """The UID of the department ``step`` counts against; None for the office's and leaders'."""
    if step not in DEPARTMENT_STEPS:
        return None
    department = drafting_department(document)
    return department.UID() if department is not None else None


def step_changed(document, old_step, new_step, today, timed=True):
    """The step of ``document`` moved from ``old_step`` to ``new_step`` (new holders) on
    ``today``: the old one is logged, the new one timed (or none once 已发送/归档/作废, nor
    when not ``timed``)."""
    if deadlines.current_deadline(document) is not None:
        deadlines.log_step(document, old_step, today, step_department(document, old_step))
    if new_step in CLOSED_STEPS or not timed:
        deadlines.clear_step(document)
    else:
        deadlines.start_step(document, today)


@implementer(IStepDeadlines)
@adapter(IGongwenOutgoing)
class OutgoingDeadlines:
    """The deadlines of a 发文 (``steps.deadlines.IStepDeadlines``)."""

    def __init__(self, document):
        self.document = document

    def open_step(self):
        step = api.content.get_state(obj=self.document, default=None)
        return step if is_timed(step, deadlines.current_deadline(self.document)) else None

    def open_entries(self, today):
        step = self.open_step()
        if step is None:
            return []
        department = step_department(self.document, step)
        return [
            deadlines.open_entry(step, department, deadlines.current_deadline(self.document), today)
        ]

    def counted(self):
        # R-O13: a voided draft counts against nobody
        return api.content.get_state(obj=self.document, default=None) != rules.VOIDED

    def remind_refused(self, user_id):
        unit = find_unit(self.document)
        allowed = [drafter_id(self.document)]
        if unit is not None:
            allowed += function_holders(unit, "office_heads") + function_holders(
                unit, "secretaries"
            )
        return deadline_rules.remind_refused(
            (user_id,),
            [user for user in allowed if user],
            self.open_step() is not None,
            not_allowed=RemindOutgoingNotAllowedError,
            closed=RemindSentError,
        )


def start_open_steps(today):
    """Time the open steps of the 发文 already under way (an existing site, issue 19): each
    one past its draft gets a deadline from ``today``; return how many."""
    catalog = api.portal.get_tool("portal_catalog")
    started = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing"):
        if brain.review_state in (*CLOSED_STEPS, rules.DRAFT):
            continue
        document = brain._unrestrictedGetObject()
        if getattr(aq_base(document), "step_deadline", None) is None:
            deadlines.start_step(document, today)
            document.reindexObject(idxs=["step_deadline"])
            started += 1
    return started


def upgrade_1012(context):
    """Issue 19 on an existing site: 公文设置's dead deadline records are deleted (the unit's
    「办理时限」 is the one place), and the 发文 already under way get their step deadline."""
    remove_deadline_records(getUtility(IRegistry))
    start_open_steps(datetime.date.today())
