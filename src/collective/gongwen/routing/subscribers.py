"""DCWorkflow glue: after each 发文 transition, the step's local roles follow (R-O1).

``actions.act`` computes and checks the next assignees and passes them as
the transition's ``assignees`` keyword; a transition done another way (e.g.
by a Manager) gets the default assignees of the new step.
"""

from Acquisition import aq_base
from plone import api
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import step_people
from collective.gongwen.routing.roles import OUTGOING_WORKFLOW
from collective.gongwen.routing.roles import PARTICIPANT_ROLE
from collective.gongwen.routing.roles import grant
from collective.gongwen.routing.roles import hand_over

SIGNATURE_KEY = "_gongwen_signature"


def next_assignees(document, step, chosen=None):
    """The assignees ``step`` gets on ``document`` (chosen among the candidates, else all)."""
    return rules.step_assignees(step, step_people(document), chosen, dept_reviewers)


def follow_transition(document, event):
    """Move the step's local roles and the ``assignees`` index to the new state's assignees."""
    if event.workflow is None or event.workflow.getId() != OUTGOING_WORKFLOW:
        return
    if event.transition is None:
        # Created: the creator is the drafter and keeps reading whatever happens.
        if not getattr(aq_base(document), "routing_drafter", None) and not api.user.is_anonymous():
            document.routing_drafter = api.user.get_current().getId()
        grant(document, document.routing_drafter, PARTICIPANT_ROLE)
    kwargs = event.kwargs or {}
    step = event.new_state.getId()
    if "assignees" in kwargs:
        assignees = kwargs["assignees"]
    elif event.old_state is not None and step == event.old_state.getId() and event.transition:
        return  # a stay-in-state transition keeps its assignees
    else:
        assignees = next_assignees(document, step)
    hand_over(document, assignees)


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
        raise rules.EmptyOpinionError()
