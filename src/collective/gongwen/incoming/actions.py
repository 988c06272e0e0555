"""``act_incoming``: the one way a person does something to a 收文 (views call it).

It checks the opinion, that the actor holds the step (or, for the
secretaries' supervising actions, is a secretary of the unit; for 作废,
what ``routing.keeping.void_refused`` says, R-O13), then performs
the DCWorkflow transition; ``subscribers`` refuse a wrong plan before the
transition and apply it after, on every path.
"""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

from collective.gongwen.content.bounding import opinion_refusal
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.plan import stored
from collective.gongwen.incoming.subscribers import IncomingRefusedError
from collective.gongwen.org.units import is_secretary
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.rules import is_assignee

# Done by the secretaries over the step's holder (R-I3, R-I6).
SUPERVISING_ACTIONS = (rules.INSERT_READER, rules.SKIP_READER, rules.PUBLISH)


def pending_after(document, step, action, actor, choices):
    """Who or what is still pending after ``action`` (for ``rules.transition_for``)."""
    if step == rules.LEADER_READING and action in (rules.READ, rules.SKIP_READER):
        pending = tuple(stored(document, "pending_readers"))
        if action == rules.READ:
            return rules.reader_after_read(pending, actor)
        return rules.readers_after_skip(pending, choices.get("leader"))
    if step == rules.HANDLING and action == rules.FINISH_PART:
        # the other open parts (which part is the actor's, ``plan`` checks)
        return rules.open_parts(stored(document, "handling_parts", {}))[1:]
    return ()


def check_actor(document, action, actor):
    """The step's holder acts; the secretaries supervise; a leader out of turn is told so."""
    if action in SUPERVISING_ACTIONS:
        if not is_secretary(document, actor):
            raise rules.NotAssigneeError()
        return
    if is_assignee(principals_of(actor), current_assignees(document)):
        return
    step = api.content.get_state(obj=document)
    if step == rules.LEADER_READING and actor in stored(document, "pending_readers"):
        raise rules.NotYourTurnError()
    raise rules.NotAssigneeError()


def act_incoming(document, action, opinion="", **choices):
    """Do ``action`` on the 收文 ``document``; return the new opinion record.

    ``choices``: ``leaders`` and ``departments`` for 拟办, ``leader`` (and
    ``position``) to insert or skip a reader, ``department`` for a handling
    part, ``assignees`` for the office head 送拟办 goes to. Raises a
    ``StepError`` with a Chinese message when refused.
    """
    step = api.content.get_state(obj=document)
    text = (opinion or "").strip()
    if rules.needs_opinion(action) and not text:
        raise rules.missing_opinion_error(action)
    if (refusal := opinion_refusal(text)) is not None:  # R-SEC5
        raise rules.StepError(refusal)
    actor = api.user.get_current().getId()
    if action == rules.VOID:
        refused = void_refused(document, actor)  # R-O13: a secretary, at 登记 or 送阅
        if refused is not None:
            raise refused
    else:
        check_actor(document, action, actor)
    transition = rules.transition_for(
        step, action, pending_after(document, step, action, actor, choices)
    )
    kwargs = {"comment": text, **{k: v for k, v in choices.items() if v is not None}}
    workflow = api.portal.get_tool("portal_workflow")
    before = len(opinions(document))
    try:
        workflow.doActionFor(document, transition, **kwargs)
    except IncomingRefusedError as refused:
        raise refused.error from None
    except WorkflowException:
        if action == rules.PUBLISH:
            raise rules.NotPublishableError() from None
        raise rules.ActionNotAvailableError() from None
    records = opinions(document)
    return records[-1] if len(records) > before else None
