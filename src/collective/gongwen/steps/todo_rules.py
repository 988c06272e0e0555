"""Which catalog rows are 待办 or 草稿, and a row's 办理时限 (R-O1, R-P1, R-P3): plain rules.

A 发文 in 拟稿 held by its drafter is a draft (草稿), not 待办 — unless it came
back to the drafter by 退回: then it is 待办 (marked 「已退回」) and a draft too.
A row's 办理时限 is the earlier of its step's deadline and the document's own.
No Zope imports: ``steps.todo`` applies these to catalog entries.
"""

OUTGOING_TYPE = "gongwen_outgoing"
INCOMING_TYPE = "gongwen_incoming"
DRAFT_STATE = "draft"
# routing.rules.RETURN (steps does not import routing; steps.titles keys the same id)
RETURN_ACTION = "return"


def is_draft(portal_type, state):
    """True for a 发文 still in 拟稿 (its drafter's, 草稿)."""
    return portal_type == OUTGOING_TYPE and state == DRAFT_STATE


def came_back(actions):
    """True when the latest of ``actions`` (record action ids, oldest first) is a 退回."""
    return bool(actions) and actions[-1] == RETURN_ACTION


def is_returned_draft(portal_type, state, returned):
    """True for a draft that came back to its drafter by 退回 (``returned``: ``came_back``)."""
    return is_draft(portal_type, state) and bool(returned)


def is_todo(portal_type, state, returned):
    """True when a held document is 待办: anything but a draft never returned."""
    return not is_draft(portal_type, state) or bool(returned)


def sender_of(handed_over_by, holders, viewer=None):
    """Who handed the document to ``holders`` (principal ids): ``handed_over_by``, unless
    unknown, one of the holders (a step kept in the same hands) or the ``viewer``
    themselves (a 收文 a secretary registered into the secretaries' hands); else None."""
    if not handed_over_by or handed_over_by in (holders or ()) or handed_over_by == viewer:
        return None
    return handed_over_by


def earliest(*dates):
    """The earliest of ``dates`` that are set (dates), else None: a row's 办理时限."""
    present = [value for value in dates if value is not None]
    return min(present) if present else None


def is_late(deadline, today):
    """True when the 办理时限 ``deadline`` (a date or None) is before ``today``."""
    return deadline is not None and deadline < today
