"""DCWorkflow glue for 收文: registration, and after each transition the bookkeeping
(``plan``), the step's holders and deadline, and the opinion record.

Before a transition the plan is worked out and a wrong one refused (with the
Chinese message plone.restapi's ``@workflow`` passes on as a 400), so a
transition either happens with all its bookkeeping or not at all. A 收文
voided (作废, R-O13) voids its 收文编号 in the unit's series (R-O8: recorded,
never reused; the document keeps showing it), has no step deadline any more
and keeps its 来文处理单 with the reason.
"""

import datetime

from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen.content import times
from collective.gongwen.incoming import deadlines
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.guard import IncomingGuard
from collective.gongwen.incoming.people import incoming_people
from collective.gongwen.incoming.plan import plan
from collective.gongwen.incoming.reading import start_circulation
from collective.gongwen.incoming.registration import refuse_duplicate
from collective.gongwen.numbering import issue_receipt_number
from collective.gongwen.numbering import void_number
from collective.gongwen.numbering.series import find_entry
from collective.gongwen.org.units import find_unit
from collective.gongwen.steps.events import StepTransitioned
from collective.gongwen.steps.opinions import append_opinion
from collective.gongwen.steps.roles import forget_cached_local_roles
from collective.gongwen.steps.roles import grant
from collective.gongwen.steps.roles import hand_over

INCOMING_WORKFLOW = "gongwen_incoming_workflow"
REINDEXED = ["assignees", "step_deadline", "to_read", "front_page", "effective", "modified"]


class IncomingRefusedError(WorkflowException):
    """A refused 收文 transition; ``error`` is the ``rules.StepError`` saying why."""

    def __init__(self, error):
        # CMFCore's WorkflowTool re-raises as ``type(exc)(exc)``: unwrap.
        self.error = error.error if isinstance(error, IncomingRefusedError) else error
        super().__init__(str(self.error))

    def __str__(self):
        return translate(self.error.message, context=getRequest())


def _ours(event):
    return event.workflow is not None and event.workflow.getId() == INCOMING_WORKFLOW


def _actor():
    return api.user.get_current().getId()


def check_transition(document, event):
    """Before a transition: an opinion where one is needed, and a plan that holds."""
    if not _ours(event) or event.transition is None:
        return
    transition = event.transition.getId()
    kwargs = event.kwargs or {}
    comment = (kwargs.get("comment") or "").strip()
    try:
        if transition in rules.OPINION_TRANSITIONS and not comment:
            raise rules.missing_opinion_error(rules.action_of_transition(transition))
        plan(document, transition, event.new_state.getId(), _actor(), kwargs)
    except rules.StepError as error:
        raise IncomingRefusedError(error) from None


def follow_transition(document, event):
    """After a transition (or the creation): apply the plan, hand over, record."""
    if not _ours(event):
        return
    today = datetime.date.today()
    if event.transition is None:
        # 登记: the secretaries' mailbox holds the new entry (R-I1); outside a
        # unit (a plain folder) there is no mailbox and nobody to route it to.
        try:
            holders = rules.step_holders(rules.REGISTERED, incoming_people(document))
        except rules.NoAssigneeError:
            holders = ()
        hand_over(document, holders)
        deadlines.start_step(document, today)
        return
    transition = event.transition.getId()
    kwargs = event.kwargs or {}
    actor = _actor()
    result = plan(document, transition, event.new_state.getId(), actor, kwargs)
    if result.leaders is not None:
        document.reading_leaders = list(result.leaders)
        document.handling_departments = list(result.departments)
        document.proposal = (kwargs.get("comment") or "").strip()
        document.circulate_to = list(result.circulate or ())
    document.pending_readers = result.pending_readers
    document.read_by = result.read_by
    document.handling_parts = result.parts
    for department in result.finished_parts:
        deadlines.part_finished(document, department, today)
    if transition == "dispatch":
        start_circulation(document)
    if transition == "publish":
        publish(document)
    if result.holders is not None and tuple(result.holders) != tuple(
        getattr(aq_base(document), "assignees", ()) or ()
    ):
        deadlines.step_finished(document, event.old_state.getId(), today)
        hand_over(document, result.holders)
        if event.new_state.getId() == rules.VOIDED:
            document.step_deadline = None  # R-O13: finished, never overdue
        elif event.new_state.getId() != rules.HANDLING or transition == "dispatch":
            deadlines.start_step(document, today)
    if transition == "void":
        void_registration(document, (kwargs.get("comment") or "").strip())
    record = append_opinion(
        document,
        event.old_state.getId(),
        rules.action_of_transition(transition),
        actor,
        (kwargs.get("comment") or "").strip(),
        kwargs.get("on_behalf_of"),
        subject=result.subject,
        transition=transition,
    )
    # 登记 asked for it (「办结后在首页收文栏目发布」): published as it closes, recorded
    asked = getattr(aq_base(document), "publish_to_front_page", False)
    if transition == "close" and asked and IncomingGuard(document, None).may_publish():
        publish(document)
        append_opinion(document, rules.DONE, rules.PUBLISH, actor, "", transition=transition)
    # typeset keeps or refreshes the 来文处理单 (R-T2), notify and the audit trail follow
    notify(
        StepTransitioned(
            document, transition, record, event.old_state.getId(), event.new_state.getId()
        )
    )
    # Only what a transition changes (the full text of the files stays as it is).
    document.reindexObject(idxs=REINDEXED)


def publish(document):
    """R-I6: into the front page's 收文 column (newest first by this date), readable by staff."""
    document.published_front = times.utc_now()
    document.publish_to_front_page = True
    document.setEffectiveDate(DateTime())
    grant(document, "AuthenticatedUsers", "Reader")
    forget_cached_local_roles(document)
    document.reindexObjectSecurity()


def register(document, event):
    """R-I1: a new 收文 of a unit gets its 收文编号 at registration (the unit's series)."""
    if find_unit(document) is not None:
        refuse_duplicate(document)
        issue_receipt_number(document)


def void_registration(document, reason):
    """R-O13, R-O8: the 收文编号 of a voided 收文 is voided in its unit's series, with the
    reason; the document keeps it (its register entry shows which number it was). A number
    the series does not know as issued and valid (voided already) is left as it is."""
    number = getattr(aq_base(document), "receipt_number", None)
    unit = find_unit(document)
    if not number or unit is None:
        return
    found = find_entry(unit, number)
    if found is not None and found[2]["voided"] is None and found[2]["uid"] == document.UID():
        void_number(unit, number, reason, release=False)
