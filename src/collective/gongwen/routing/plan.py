"""What a 发文 transition changes besides the state, worked out once, before it (R-O1, R-O4,
R-O5, R-O7, R-O8).

``plan`` is the one place that says, for a transition by an actor: which
workflow transition it really is (a co-signature is 会签, or the last one's
送秘书), who holds the document after it, who is still to co-sign, whether
a new round starts (退回, R-O3), whether 签发人/成文日期 are filled and
locked (签发, R-O5) and whether the 文号 is issued (登记编号, R-O8) — and for a
撤回 (R-O11) whether it may be taken back and to whom it returns — and it
refuses what cannot be done now — the R-O4 refusal (``signature_refusal``)
included, 登记编号 of a Word 正文 not yet 清稿'd (R-D6), and 发送 while the 正式文件
is still being typeset (R-T1). The
办理 panel (``actions.act``) plans before calling the workflow
and passes the plan as the transition's ``plan`` keyword; any other path
(plone.restapi's ``@workflow``, ``api.content.transition``) is planned by
the before-transition subscriber; the after-transition subscriber only
applies the plan (``subscribers``), so every path leaves the same records.
It reads the document and the organisation and never writes.
"""

from dataclasses import dataclass

from Acquisition import aq_base
from plone import api

from collective.gongwen.content import body
from collective.gongwen.content.progress import pending_work
from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import step_people
from collective.gongwen.steps.opened import opened_by
from collective.gongwen.steps.opinions import current_round
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
from collective.gongwen.steps.roles import previous_assignees
from collective.gongwen.steps.titles import principal_name

# The workflow transitions of a co-signature (the domain action ``rules.COUNTERSIGN_ACTION``).
COUNTERSIGN_TRANSITIONS = ("countersign", "countersign_done")


def next_assignees(document, step, chosen=None):
    """The assignees ``step`` gets on ``document`` (chosen among the candidates, else all)."""
    return rules.step_assignees(step, step_people(document), chosen, dept_reviewers)


def pending_countersigners(document):
    """R-O7: the leaders who still have to co-sign (user ids, in order)."""
    return tuple(getattr(aq_base(document), "pending_countersigners", None) or ())


@dataclass(frozen=True)
class CountersignPlan:
    """A co-signature: its workflow ``transition``, the ``holders`` after it, who is ``pending``."""

    transition: str
    holders: tuple
    pending: tuple


def plan_countersign(document, signer, forwarded=()):
    """R-O7: the plan of ``signer``'s co-signature, forwarding to ``forwarded`` (转交相关领导).

    ``forwarded`` are chosen among the 会签 candidates (refused otherwise).
    While someone is pending the document stays in 领导会签 with them; the
    last pending co-signer's action is 送秘书, back to the office heads.
    """
    if forwarded:
        forwarded = next_assignees(document, rules.COUNTERSIGN, forwarded)
    pending = rules.countersign_pending_after(
        pending_countersigners(document), signer, forwarded or ()
    )
    transition = rules.countersign_transition(pending)
    holders = pending or next_assignees(document, rules.OFFICE_REVIEW)
    return CountersignPlan(transition, tuple(holders), pending)


def signature_refusal(document, transition):
    """R-O4, decided here only: the ``rules.StepError`` refusing ``transition`` for want of
    the right 签发, else None — 签发 into numbering (upward only at the director's step) and
    登记编号 (only with the current round's required 签发 record)."""
    direction = getattr(aq_base(document), "direction", None)
    if transition == "sign":
        step = api.content.get_state(obj=document)
        if not rules.may_sign_into_numbering(direction, step):
            return rules.DirectorSignatureRequiredError()
    elif transition == "number" and not rules.has_required_signature(
        direction, opinions(document), current_round(document)
    ):
        if rules.is_upward(direction):
            return rules.DirectorSignatureRequiredError()
        return rules.ActionNotAvailableError()
    return None


def last_record(document):
    """The document's latest opinion record (its last move), else None."""
    records = opinions(document)
    return records[-1] if records else None


def retract_refusal(document, user_id):
    """R-O11, decided here only: the ``rules.StepError`` refusing ``user_id`` a 撤回 of the
    document's last hand-over now, else None (``rules.retract_refusal``: the move must be
    theirs and retractable, and none of the next holders may have opened it)."""
    record = last_record(document)
    step = api.content.get_state(obj=document)
    refused = rules.retract_refusal(record, user_id, step)
    opened = opened_by(document)
    if refused is None and opened:
        names = tuple(principal_name(p) for p in opened)
        refused = rules.retract_refusal(record, user_id, step, names)
    return refused


def retract_target(document):
    """R-O11: the step a 撤回 takes the document back to: where its last move was made."""
    record = last_record(document)
    return record.step if record is not None else None


@dataclass(frozen=True)
class Plan:
    """A 发文 transition's consequences, decided before it.

    ``transition`` is the workflow transition taken; ``holders`` None keeps
    the current assignees; ``pending`` None keeps the pending co-signers;
    ``new_round`` (退回), ``sign`` (fill and lock 签发人/成文日期) and
    ``number`` (issue the 文号) are what the after-transition subscriber does.
    """

    transition: str
    action: str
    holders: tuple | None = None
    pending: tuple | None = None
    new_round: bool = False
    sign: bool = False
    number: bool = False


def plan(document, transition, actor, assignees=None):
    """The ``Plan`` of ``transition`` by ``actor``, ``assignees`` chosen for the next step.

    Raises a ``rules.StepError`` when it cannot be done now (R-O4, a
    choice outside the candidates, nobody to hand it to). ``assignees`` of a
    re-signing (R-O6, ``resign``) are the signer ``resign`` worked out.
    """
    transition = requested_transition(document, transition, actor)
    action = rules.action_of_transition(transition)
    refused = signature_refusal(document, transition)
    if refused is None and transition == "number":
        # R-D6: a Word 正文 is numbered (and typeset) from its 清稿 only
        refused = rules.numbering_refusal(body.has_word_body(document), body.is_clean(document))
    if refused is None and transition == "send":
        refused = rules.sending_refusal(pending_work(document))  # R-T1: not before its 正式文件
    if refused is not None:
        raise refused
    if transition in COUNTERSIGN_TRANSITIONS:
        planned = plan_countersign(document, actor, assignees)
        return Plan(planned.transition, action, planned.holders, planned.pending)
    step = api.content.get_state(obj=document)
    if action == rules.RETRACT:
        return plan_retract(document, transition, step, actor)
    definition = api.portal.get_tool("portal_workflow")[OUTGOING_WORKFLOW].transitions[transition]
    new_step = definition.new_state_id or step
    if new_step == step:
        return Plan(transition, action)  # a stay-in-state transition keeps its holders
    if action == rules.RESIGN and assignees:
        holders = tuple(assignees)
    elif transition == "request_countersign" and not assignees:
        # 会签 asked without naming the leaders: every leader but the one asking
        holders = next_assignees(document, new_step)
        holders = tuple(p for p in holders if p != actor) or holders
    else:
        holders = next_assignees(document, new_step, assignees)
    pending = None
    if transition == "request_countersign":
        pending = tuple(holders)
    elif action == rules.RETURN:
        pending = ()
    return Plan(
        transition,
        action,
        tuple(holders),
        pending,
        new_round=action == rules.RETURN,
        sign=action == rules.SIGN,
        number=action == rules.NUMBER,
    )


def plan_retract(document, transition, step, actor):
    """R-O11: the plan of ``actor``'s 撤回 (``transition``) from ``step``: back to the step the
    last move was made in, to the holders it had then (``previous_assignees``), with the
    co-signers pending again as they were (R-O7). Refused as ``retract_refusal`` says."""
    refused = retract_refusal(document, actor)
    if refused is not None:
        raise refused
    record = last_record(document)
    if transition != rules.retract_transition(record.step):
        raise rules.ActionNotAvailableError()
    holders = previous_assignees(document) or next_assignees(document, record.step)
    pending = rules.retract_pending(step, record.step, record.signer_id)
    return Plan(transition, rules.RETRACT, tuple(holders), pending)


def requested_transition(document, transition, actor):
    """The transition a request for ``transition`` by ``actor`` means (REST ``@workflow``).

    A co-signature is one action, 会签: whether it stays in 领导会签 or is the
    last one's 送秘书 is the plan's to say, not the caller's (R-O7). Any
    other transition is itself. Raises ``rules.StepError`` when the plan
    cannot be followed (e.g. nobody to send it back to).
    """
    if transition not in COUNTERSIGN_TRANSITIONS:
        return transition
    if actor not in pending_countersigners(document):
        return transition  # not a pending co-signer: refused as it is asked
    return plan_countersign(document, actor).transition


def is_last_countersigner(document, signer):
    """R-O7: ``signer`` is the last pending co-signer — their action (forwarding to nobody)
    is 送秘书."""
    pending = pending_countersigners(document)
    after = rules.countersign_pending_after(pending, signer)
    return signer in pending and rules.countersign_transition(after) == "countersign_done"
