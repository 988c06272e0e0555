"""``act``: the one way a person does something to a 发文 (views and services call it);
``retract``: the one way they take their last hand-over back (撤回, R-O11).

It checks the opinion (R-O2), that the actor is an assignee or enters an
assignee's opinion on their behalf (R-O1, R-O9), plans the transition
(``plan.plan``: R-O4, R-O7, the holders, the 文号) and performs it with
the opinion as its comment and the plan as its ``plan`` keyword; the
after-transition subscriber applies the plan and stores the immutable
opinion record (``subscribers``), as for any other path.
"""

from Acquisition import aq_base
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

from collective.gongwen.content.bounding import opinion_refusal
from collective.gongwen.content.rules import has_main_recipient
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.content.submission import submission_refusal
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import drafter_id
from collective.gongwen.routing.plan import pending_countersigners
from collective.gongwen.routing.plan import plan
from collective.gongwen.routing.plan import retract_refusal
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import ASSIGNEE_ROLE
from collective.gongwen.steps.roles import current_assignees


def may_enter_on_behalf(document, user_id):
    """R-O9: who may type a leader's paper opinion (``rules.may_type_for_others``)."""
    unit = find_unit(document)
    return rules.may_type_for_others(
        user_id,
        drafter_id(document),
        function_holders(unit, "office_heads") if unit is not None else (),
        function_holders(unit, "secretaries") if unit is not None else (),
    )


def on_behalf_choices(document, user_id):
    """R-O9: whom ``user_id`` may enter an opinion for at the current step; () if nobody.

    The assignees of a leader's step other than the user, for the drafter,
    an office head or a secretary. ``act`` refuses any other 代录.
    """
    step = api.content.get_state(obj=document)
    if not rules.allows_on_behalf(step) or not may_enter_on_behalf(document, user_id):
        return ()
    return tuple(
        p
        for p in current_assignees(document)
        if p != user_id and api.user.get(userid=p) is not None
    )


def _check_actor(document, actor, on_behalf_of):
    assignees = current_assignees(document)
    if on_behalf_of:
        rules.check_on_behalf(on_behalf_of, assignees, api.content.get_state(obj=document))
        if not may_enter_on_behalf(document, actor):
            raise rules.NotAssigneeError()
    elif not rules.is_assignee(principals_of(actor), assignees):
        raise rules.NotAssigneeError()


def submission_refused(document, action):
    """R-D4, R-D5 before 提交/发送: the ``StepError`` naming every problem the 提交前需处理
    box lists, else None — the one check of the panel, ``act`` and REST ``@workflow``."""
    if action not in (rules.SUBMIT, rules.SEND) or not IGongwenOutgoing.providedBy(document):
        return None
    problems = submission_problems(document)
    if not problems:
        return None
    return rules.StepError(submission_refusal(problems))


def act(document, action, opinion="", on_behalf_of=None, assignees=None):
    """Do ``action`` (``rules.SUBMIT``, ``APPROVE``, ``RETURN``, ``SIGN``, …) on ``document``.

    ``opinion`` is required for reviews, signatures, co-signatures and
    returns; ``assignees`` optionally chooses the next step's assignees among
    its candidates (the drafter picking a department head, the office head
    naming the co-signers, a co-signer forwarding to further leaders).
    Returns the stored opinion record; raises a ``rules.StepError``
    subclass when refused.
    """
    step = api.content.get_state(obj=document)
    direction = getattr(aq_base(document), "direction", None)
    transition = rules.transition_for(step, action, direction)
    text = rules.checked_opinion(opinion, action)
    if (refusal := opinion_refusal(text)) is not None:  # R-SEC5
        raise rules.StepError(refusal)
    actor = api.user.get_current().getId()
    if action == rules.VOID:
        # R-O13: a returned draft, by its drafter or an office head (no 代录)
        refused = void_refused(document, actor)
        if refused is not None:
            raise refused
        on_behalf_of = None
    else:
        _check_actor(document, actor, on_behalf_of)
    refused = submission_refused(document, action)
    if refused is not None:
        raise refused
    if action == rules.SEND and not has_main_recipient(document):
        raise rules.NoRecipientsError()
    if action == rules.REQUEST_COUNTERSIGN and not assignees:
        raise rules.NoCountersignersError()
    # The one plan of this transition (R-O4 refused there, R-O7, R-O8), handed to the workflow.
    planned = plan(document, transition, on_behalf_of or actor, assignees)
    kwargs = {"comment": text, "plan": planned}
    if on_behalf_of:
        kwargs["on_behalf_of"] = on_behalf_of
    previous_pending = pending_countersigners(document)
    if planned.action == rules.COUNTERSIGN_ACTION:
        # set before the transition: the 会签/送秘书 guard reads it (R-O7)
        document.pending_countersigners = planned.pending
    workflow = api.portal.get_tool("portal_workflow")
    try:
        if on_behalf_of:
            # 代录: the typist acts with the step role only; history shows the typist.
            with api.env.adopt_roles([ASSIGNEE_ROLE]):
                workflow.doActionFor(document, planned.transition, **kwargs)
        else:
            workflow.doActionFor(document, planned.transition, **kwargs)
    except WorkflowException:
        document.pending_countersigners = previous_pending
        raise rules.ActionNotAvailableError() from None
    return opinions(document)[-1]


def retract(document, reason=""):
    """R-O11 撤回: the current user takes back the hand-over they made last, before the next
    holders opened or acted on it. ``reason`` is optional (bounded, R-SEC5).

    Planned like any transition (``plan.plan_retract``: back to the step and the holders
    before it); the after-transition subscriber stores the 撤回 record beside the move it
    takes back, so the history keeps both. Returns that record; raises a
    ``rules.StepError`` subclass (with its Chinese message) when refused.
    """
    text = (reason or "").strip()
    if (refusal := opinion_refusal(text)) is not None:  # R-SEC5
        raise rules.StepError(refusal)
    actor = api.user.get_current().getId()
    refused = retract_refusal(document, actor)
    if refused is not None:
        raise refused
    target = opinions(document)[-1].step
    planned = plan(document, rules.retract_transition(target), actor)
    workflow = api.portal.get_tool("portal_workflow")
    try:
        workflow.doActionFor(document, planned.transition, comment=text, plan=planned)
    except WorkflowException:
        raise rules.ActionNotAvailableError() from None
    return opinions(document)[-1]
