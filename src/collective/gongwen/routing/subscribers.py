"""DCWorkflow glue: each 发文 transition is planned before it and the plan applied after it,
on every path (R-O1, R-O2, R-O3, R-O5, R-O7, R-O8).

``plan_transition`` (before) keeps the transition's one plan (``plan.py``)
in its keywords — ``actions.act`` hands over the plan it made, any other
path (plone.restapi's ``@workflow``, ``api.content.transition``) is planned
there; ``follow_transition`` (after) applies it: the step's holders and
local roles, the pending co-signers, the opinion record, the new round after
a return, the locked 签发人/成文日期 and the 文号, the step's deadline (R-O12,
``deadlines``) — so the panel and ``@workflow`` leave the same trail.
"""

import datetime

from Acquisition import aq_base
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import BadRequest
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.numbering import issue_number
from collective.gongwen.routing import deadlines
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import drafter_id
from collective.gongwen.routing.plan import next_assignees
from collective.gongwen.routing.plan import plan
from collective.gongwen.steps.events import StepTransitioned
from collective.gongwen.steps.opinions import append_opinion
from collective.gongwen.steps.opinions import start_new_round
from collective.gongwen.steps.roles import DRAFT_OWNER_ROLE
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
from collective.gongwen.steps.roles import PARTICIPANT_ROLE
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.roles import grant
from collective.gongwen.steps.roles import hand_over
from collective.gongwen.steps.roles import revoke

SIGNATURE_KEY = "_gongwen_signature"


def _signer(kwargs):
    """Whose action a transition is: the current user's, or whom they enter it for (R-O9)."""
    return kwargs.get("on_behalf_of") or api.user.get_current().getId()


def follow_transition(document, event):
    """Move the step's local roles and the ``assignees`` index to the new state's assignees."""
    if event.workflow is None or event.workflow.getId() != OUTGOING_WORKFLOW:
        return
    if event.transition is None:
        # Created: the creator is the drafter and keeps reading whatever happens.
        if not getattr(aq_base(document), "routing_drafter", None) and not api.user.is_anonymous():
            document.routing_drafter = api.user.get_current().getId()
        grant(document, document.routing_drafter, PARTICIPANT_ROLE)
        grant(document, document.routing_drafter, DRAFT_OWNER_ROLE)  # R-O13: until submitted
    else:
        # R-O13: once submitted, nobody deletes it (not even its drafter)
        revoke(document, drafter_id(document), DRAFT_OWNER_ROLE)
    kwargs = event.kwargs or {}
    transition = event.transition.getId() if event.transition is not None else None
    planned = kwargs.get("plan")
    if transition is None:
        hand_over(document, next_assignees(document, event.new_state.getId()))
        return
    if planned is None:
        # a transition not announced by the before-transition event: planned now
        planned = plan(document, transition, _signer(kwargs), kwargs.get("assignees"))
    if planned.pending is not None:
        document.pending_countersigners = planned.pending
    if planned.holders is not None:
        before = current_assignees(document)
        hand_over(document, planned.holders)
        follow_step_deadline(
            document, event.old_state.getId(), event.new_state.getId(), before, planned.action
        )
    record = record_transition(document, planned, event.old_state.getId(), kwargs)
    notify(
        StepTransitioned(
            document, transition, record, event.old_state.getId(), event.new_state.getId()
        )
    )


def follow_step_deadline(document, old_step, new_step, before, action=None):
    """R-O12: a new step (another state, or holders who did not hold it: ``before``) is timed
    from today, the step it ends logged; a co-signer acting while others are pending keeps
    the step's deadline. 已发送, 归档, 作废: no deadline any more; nor a draft its drafter
    took back (撤回, R-O11): like a draft never submitted, only a 退回 times it."""
    holders = set(current_assignees(document))
    if old_step == new_step and holders <= set(before):
        return
    timed = not (new_step == rules.DRAFT and action == rules.RETRACT)
    deadlines.step_changed(document, old_step, new_step, datetime.date.today(), timed)
    document.reindexObject(idxs=["step_deadline"])


def record_transition(document, planned, step, kwargs):
    """Store the opinion record of the ``planned`` transition taken from ``step`` and what the
    plan says follows from it: a new round (R-O3), the locked 签发 (R-O5), the 文号 (R-O8).

    ``kwargs`` are the transition's keywords: ``comment`` (the opinion) and
    ``on_behalf_of`` (代录, R-O9).
    """
    action = planned.action
    actor = api.user.get_current().getId()
    record = append_opinion(
        document,
        step,
        action,
        actor,
        (kwargs.get("comment") or "").strip(),
        kwargs.get("on_behalf_of"),
        transition=planned.transition,
    )
    if planned.new_round:
        start_new_round(document)
    if planned.sign:
        lock_signature(document, full_name(record.signer_id), times.date_of(record.time))
        # 成文日期 gives the 年度 (search.indexers.gongwen_year); metadata follows any reindex
        document.reindexObject(idxs=["gongwen_year"])
    if planned.number:
        # R-O8: the one place a 文号 is issued; DocumentNumbered has typeset follow (R-T1)
        issue_number(document)
    return record


def full_name(user_id):
    """The user's full name (for 签发人), else the id."""
    user = api.user.get(userid=user_id)
    return (user.getProperty("fullname") if user else None) or user_id


def lock_signature(document, signer, written_date):
    """R-O5: remember the 签发人 and 成文日期 filled from the 签发 record."""
    document.signer = signer
    document.written_date = written_date
    setattr(document, SIGNATURE_KEY, (signer, written_date))


def refuse_signature_change(document, event):
    """R-O5: after 签发, 签发人 and 成文日期 cannot be changed (edit form, REST, code)."""
    locked = getattr(aq_base(document), SIGNATURE_KEY, None)
    if locked is None:
        return
    current = (
        getattr(aq_base(document), "signer", None),
        getattr(aq_base(document), "written_date", None),
    )
    if current != tuple(locked):
        message = _(
            "error_signature_locked",
            default="签发人和成文日期由签发记录生成，签发后不能修改。",
        )
        raise BadRequest(translate(message, context=getRequest()))


class WorkflowRefusal(WorkflowException):
    """A rule's refusal raised inside the workflow tool (mixed in before the rule's error):
    plone.restapi's ``@workflow`` answers 400 with ``str(error)``, the Chinese message."""

    def __init__(self, message=None, mapping=None):
        # CMFCore's WorkflowTool re-raises as ``type(exc)(exc)``: keep the message.
        if isinstance(message, WorkflowRefusal):
            message = message.message
        super().__init__(message, mapping)

    def __str__(self):
        return translate(self.message, context=getRequest())


class OpinionRequiredError(WorkflowRefusal, rules.EmptyOpinionError):
    """R-O2 refused inside the workflow tool."""


def require_opinion(document, event):
    """R-O2 on every path: a review or sign transition without a written opinion is refused.

    ``act()`` checks first and says so in Chinese; this catches the paths that
    reach the workflow tool directly (plone.restapi's ``@workflow``).
    """
    if event.workflow is None or event.workflow.getId() != OUTGOING_WORKFLOW:
        return
    transition = event.transition.getId() if event.transition is not None else None
    comment = (event.kwargs or {}).get("comment") or ""
    if transition in rules.OPINION_TRANSITIONS and not comment.strip():
        # R-O13: a void names its reason
        raise OpinionRequiredError(
            rules.VoidReasonRequiredError.default if transition == "void" else None
        )


class PlanRefusedError(WorkflowRefusal, rules.StepError):
    """A transition ``plan`` refuses (R-O4, R-O7, a choice outside the candidates), refused
    inside the workflow tool."""


def plan_transition(document, event):
    """Before a transition on any path: its one plan (``plan.py``), kept in the transition's
    keywords for the after-transition subscriber; a plan that cannot hold refuses it.

    ``act()`` has planned already (the ``plan`` keyword) and is not planned twice.
    """
    if event.workflow is None or event.workflow.getId() != OUTGOING_WORKFLOW:
        return
    if event.transition is None or event.kwargs is None:
        return
    transition = event.transition.getId()
    planned = event.kwargs.get("plan")
    if planned is not None and planned.transition == transition:
        return
    try:
        planned = plan(document, transition, _signer(event.kwargs), event.kwargs.get("assignees"))
    except rules.StepError as refused:
        raise PlanRefusedError(refused.message) from None
    if planned.transition != transition:
        # e.g. 会签 asked where the plan says 送秘书 (R-O7): refused as it is asked
        raise PlanRefusedError(rules.ActionNotAvailableError.default)
    event.kwargs["plan"] = planned


class OnBehalfRefusedError(WorkflowRefusal, rules.OnBehalfError):
    """R-O9 refused inside the workflow tool (a transition called with ``on_behalf_of``)."""


def refuse_on_behalf(document, event):
    """R-O9 on every path: a transition entered for someone else (``on_behalf_of``) is refused
    unless the step is a leader's and that person holds it (``act()`` checks first, and also
    who types it)."""
    if event.workflow is None or event.workflow.getId() != OUTGOING_WORKFLOW:
        return
    on_behalf_of = (event.kwargs or {}).get("on_behalf_of")
    if not on_behalf_of or event.old_state is None:
        return
    try:
        rules.check_on_behalf(on_behalf_of, current_assignees(document), event.old_state.getId())
    except rules.OnBehalfError as refused:
        raise OnBehalfRefusedError(refused.message) from None
