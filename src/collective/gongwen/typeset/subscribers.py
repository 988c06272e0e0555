"""Typesetting follows the named events (R-T1, R-T2); the flows never call it.

- ``DocumentNumbered`` on a 发文: its 印发日期/印发机关 filled and the 正式文件
  typeset (by a worker after commit).
- ``StepTransitioned``: the kept slip (发文稿纸, 来文处理单) kept as a new
  version at the milestones, else refreshed in the background; never after 归档.
- ``OpinionRecorded`` outside a transition (已阅): the kept slip refreshed.
"""

from collective.gongwen.content import times
from collective.gongwen.routing import rules as outgoing_rules
from collective.gongwen.typeset.document import fill_colophon
from collective.gongwen.typeset.official import typeset_official
from collective.gongwen.typeset.slip_jobs import queue_milestone_slip
from collective.gongwen.typeset.slip_jobs import queue_slip_refresh

# R-T2: where a slip is kept — the 发文's actions, the 收文's transitions. The slip kept at
# 发送 / 办结 is the one archived: an archived document is read-only (R-R1), so nothing is
# typeset into it after 归档 (the 归档 itself is in its 归档记录, archive.filing).
OUTGOING_MILESTONES = frozenset((outgoing_rules.NUMBER, outgoing_rules.SEND))
INCOMING_MILESTONES = frozenset(("close", "void"))  # 办结, 作废
ARCHIVED = outgoing_rules.ARCHIVED  # the same state id in both workflows


def typeset_numbered(document, event):
    """R-T1: a 发文 given its 文号 goes to print — colophon filled, 正式文件 typeset."""
    if event.kind != "issue":
        return
    fill_colophon(document, times.date_of(times.utc_now()))
    typeset_official(document)


def _follow_slip(document, milestone, new_state=None):
    if new_state == ARCHIVED:
        return  # R-R1: read-only from now on
    if milestone:
        queue_milestone_slip(document)  # R-T2: kept at the milestones
    else:
        queue_slip_refresh(document)  # R-T2: and after any other opinion, in the background


def outgoing_transitioned(document, event):
    """R-T2: the 发文稿纸 after a 发文 transition."""
    _follow_slip(document, event.action in OUTGOING_MILESTONES, event.new_state)


def incoming_transitioned(document, event):
    """R-T2: the 来文处理单 after a 收文 transition (kept as it closes, is archived or voided)."""
    _follow_slip(document, event.transition in INCOMING_MILESTONES, event.new_state)


def opinion_outside_transition(document, event):
    """R-T2: an opinion recorded outside a transition (已阅) shows on the kept slip."""
    if event.transition is None:
        _follow_slip(document, False)
