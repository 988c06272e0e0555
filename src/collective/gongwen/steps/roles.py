"""The local roles routing grants on a document, and who handed it to its current holders:
one helper for each, used everywhere.

``hand_over`` is the one place a step changes hands (发文 and 收文); it also keeps who
handed it over (``handed_over_by``, the 待办's 发送人), who held the step before
(``previous_assignees``, whom a 撤回 gives it back to, R-O11) and clears who of the new
holders has opened it (``step_opened``, filled by ``steps.opened``).
"""

from Acquisition import aq_base
from Acquisition import aq_get
from DateTime import DateTime
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.event import notify

from collective.gongwen.steps.events import ToDoAssigned

ASSIGNEE_ROLE = "GongwenStepAssignee"
PARTICIPANT_ROLE = "GongwenParticipant"
# R-O13: held by the drafter until the first submission; the draft state's "Delete objects".
DRAFT_OWNER_ROLE = "GongwenDraftOwner"
OUTGOING_WORKFLOW = "gongwen_outgoing_workflow"
# borg.localrole caches "does this user hold one of these local roles here"
# on the request; after a hand-over the same request must see the new roles.
_LOCAL_ROLE_CACHE = "borg.localrole.workspace.checkLocalRolesAllowed:"


def current_assignees(document):
    """The principal ids (users or groups) assigned to the document's current step."""
    return tuple(getattr(aq_base(document), "assignees", None) or ())


def previous_assignees(document):
    """R-O11: who held the step before the last hand-over (principal ids; () if unknown)."""
    return tuple(getattr(aq_base(document), "previous_assignees", None) or ())


def handed_over_by(document):
    """The user id who handed the document to its current holders (None: unknown, the system)."""
    return getattr(aq_base(document), "handed_over_by", None) or None


def step_opened(document):
    """R-O11: ``((user id, UTC time), …)``: who of the current holders opened it, first first."""
    return tuple(getattr(aq_base(document), "step_opened", None) or ())


def grant(document, principal_id, role):
    """Add local ``role`` for ``principal_id`` on ``document``, keeping their other roles."""
    roles = set(document.get_local_roles_for_userid(principal_id))
    if role not in roles:
        document.manage_setLocalRoles(principal_id, sorted(roles | {role}))


def revoke(document, principal_id, role):
    """Remove local ``role`` for ``principal_id`` on ``document``, keeping their other roles."""
    roles = set(document.get_local_roles_for_userid(principal_id))
    if role not in roles:
        return
    roles.discard(role)
    if roles:
        document.manage_setLocalRoles(principal_id, sorted(roles))
    else:
        document.manage_delLocalRoles([principal_id])


def hand_over(document, new_assignees):
    """End the current step and start the next: the old assignees keep reading, the new act.

    Sets ``document.assignees`` and ``assigned_since`` (read by their
    indexers), remembers the hand-over (``previous_assignees``,
    ``handed_over_by``: the current user; ``step_opened`` cleared, R-O11),
    reindexes security and the to-do index, and fires ``ToDoAssigned`` for
    the principals who did not hold the step before (SPEC §15: notify mails them).
    """
    before = current_assignees(document)
    for principal_id in before:
        revoke(document, principal_id, ASSIGNEE_ROLE)
        grant(document, principal_id, PARTICIPANT_ROLE)
    for principal_id in new_assignees:
        grant(document, principal_id, ASSIGNEE_ROLE)
    document.assignees = tuple(new_assignees)
    document.assigned_since = DateTime()
    document.previous_assignees = before
    document.handed_over_by = None if api.user.is_anonymous() else api.user.get_current().getId()
    document.step_opened = ()
    forget_cached_local_roles(document)
    document.reindexObjectSecurity()
    document.reindexObject(idxs=["assignees"])
    added = tuple(principal_id for principal_id in new_assignees if principal_id not in before)
    if added:
        notify(ToDoAssigned(document, added))


def forget_cached_local_roles(document):
    """Drop borg.localrole's per-request answers, which the hand-over made stale."""
    request = aq_get(document, "REQUEST", None)
    if request is None:
        return
    try:
        annotations = IAnnotations(request)
    except TypeError:
        return
    for key in [k for k in annotations if str(k).startswith(_LOCAL_ROLE_CACHE)]:
        del annotations[key]
