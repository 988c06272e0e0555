"""Who a 发文 goes to next, worked out before the transition, the same on every path (R-O1, R-O7).

``next_assignees`` is the step's assignees (chosen among its candidates);
``plan_countersign`` is what a co-signature does (第十二条): which workflow
transition it is (会签, staying in 领导会签 while someone is pending; 送秘书,
back to the office heads, for the last one), who holds the document after
it and who is still pending. The 办理 panel (``actions.act``) plans before
the transition and passes the plan along (``planned``); plone.restapi's
``@workflow`` picks the transition from the same plan
(``api/services/workflow/post.py``) and the after-transition subscriber
applies it (``subscribers``), so one co-signature is one action whatever
the path. It reads the document and the organisation and never writes.
"""

from dataclasses import dataclass

from Acquisition import aq_base

from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import step_people

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


def requested_transition(document, transition, actor):
    """The transition a request for ``transition`` by ``actor`` means (REST ``@workflow``).

    A co-signature is one action, 会签: whether it stays in 领导会签 or is the
    last one's 送秘书 is the plan's to say, not the caller's (R-O7). Any
    other transition is itself. Raises ``rules.RoutingError`` when the plan
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
