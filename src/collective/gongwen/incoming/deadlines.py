"""Step deadlines and 催办 of 收文 (R-I5, 第十六条): what is 收文's own in them.

The deadlines, the step log, the counts and 催办 are ``steps.deadlines``'
(shared with 发文, R-O12; the days from the unit's 「办理时限」 through
``steps.deadlines.step_days``). Here: the handling departments, which share the
deadline set at 分送 and each log their own part (``part_finished``); the
``IStepDeadlines`` adapter of a 收文 — its open step (not 办结, 归档 or 作废),
its handling parts as open entries, a voided 收文 counting against nobody
(R-O13), and 催办 by the unit's secretaries only.
"""

from Acquisition import aq_base
from plone import api
from zope.component import adapter
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.containers import find_unit
from collective.gongwen.incoming import rules
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.org.units import function_holders
from collective.gongwen.steps import deadline_rules
from collective.gongwen.steps import deadlines
from collective.gongwen.steps.deadlines import IStepDeadlines

# The shared parts, under the names 收文's callers know.
current_deadline = deadlines.current_deadline
start_step = deadlines.start_step
step_entries = deadlines.step_entries
is_overdue = deadlines.is_overdue
reminders = deadlines.reminders
remind = deadlines.remind


class RemindNotSecretaryError(deadline_rules.RemindNotAllowedError):
    """Only the unit's secretaries supervise a 收文's steps and 催办 (第十六条)."""

    default = _("error_remind_not_secretary", default="只有本单位秘书可以催办。")


class RemindDoneError(deadline_rules.RemindClosedError):
    """A 收文 办结, 归档 or 作废 has no step to 催办."""

    default = _("error_remind_closed", default="该收文已办结，无需催办。")


def step_finished(document, step, today):
    """Log the end of a step (not the handling parts: ``part_finished`` logs those)."""
    if step != rules.HANDLING:
        deadlines.log_step(document, step, today)


def part_finished(document, department_uid, today):
    """Log a department's part sent back to the secretaries (第十六条)."""
    deadlines.log_step(document, rules.HANDLING, today, department_uid)


def department_counts(unit, year, today=None):
    """Per department UID (None: the office's and leaders' steps), the unit's 收文's
    ``{"overdue", "late"}`` for ``year`` (``steps.deadlines.department_counts``)."""
    return deadlines.department_counts(unit, year, today, portal_type="gongwen_incoming")


@implementer(IStepDeadlines)
@adapter(IGongwenIncoming)
class IncomingDeadlines:
    """The deadlines of a 收文 (``steps.deadlines.IStepDeadlines``)."""

    def __init__(self, document):
        self.document = document

    def open_step(self):
        step = api.content.get_state(obj=self.document, default=None)
        return None if step in (*rules.CLOSED_STEPS, None) else step

    def open_entries(self, today):
        step = self.open_step()
        if step is None:
            return []
        deadline = deadlines.current_deadline(self.document)
        if step == rules.HANDLING:
            parts = getattr(aq_base(self.document), "handling_parts", None) or {}
            return [
                deadlines.open_entry(step, uid, deadline, today) for uid in rules.open_parts(parts)
            ]
        return [deadlines.open_entry(step, None, deadline, today)]

    def counted(self):
        # R-O13: a registration made by mistake counts against nobody
        return api.content.get_state(obj=self.document, default=None) != rules.VOIDED

    def remind_refused(self, user_id):
        unit = find_unit(self.document)
        secretaries = function_holders(unit, "secretaries") if unit is not None else ()
        return deadline_rules.remind_refused(
            (user_id,),
            secretaries,
            self.open_step() is not None,
            not_allowed=RemindNotSecretaryError,
            closed=RemindDoneError,
        )
