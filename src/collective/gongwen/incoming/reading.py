"""传阅 and 待阅 (R-P3 beside 待办): people a 收文 is sent to for information.

The 拟办 may name people to read the document rather than act on it
(``circulate``); they get it at 分送, once the leaders have given their
批示, as readers (GongwenParticipant), and it stays in their 待阅 list
(catalog index ``to_read``) until they mark it 已阅, which is recorded
among the opinions.
"""

from Acquisition import aq_base

from collective.gongwen.incoming.rules import ACKNOWLEDGE
from collective.gongwen.steps.opinions import append_opinion
from collective.gongwen.steps.roles import PARTICIPANT_ROLE
from collective.gongwen.steps.roles import forget_cached_local_roles
from collective.gongwen.steps.roles import grant


def to_read(document):
    """User ids who still have to read ``document`` (in order)."""
    return tuple(getattr(aq_base(document), "to_read", None) or ())


def start_circulation(document):
    """At 分送: the people the 拟办 named become readers with a 待阅 item."""
    people = tuple(getattr(aq_base(document), "circulate_to", None) or ())
    for user_id in people:
        grant(document, user_id, PARTICIPANT_ROLE)
    document.to_read = people
    forget_cached_local_roles(document)
    document.reindexObjectSecurity()


def acknowledge(document, user_id, step):
    """``user_id`` marks ``document`` 已阅; returns the record, or None if not theirs to read."""
    pending = to_read(document)
    if user_id not in pending:
        return None
    document.to_read = tuple(p for p in pending if p != user_id)
    # OpinionRecorded outside a transition: typeset refreshes the kept 来文处理单 (R-T2)
    record = append_opinion(document, step, ACKNOWLEDGE, user_id, "")
    document.reindexObject(idxs=["to_read"])
    return record
