"""The 收文 rules (SPEC §5, 第十四至十六条). Plain Python, no Zope.

What this module owns: the steps and which workflow transition each action
means in them; the leaders' reading order (R-I3: one after another, the
secretaries may insert or skip one with a reason, back to the secretaries'
mailbox only when all have read); the departments' parallel handling parts
(R-I4: receiver → head's 批办 → receiver → back to the secretaries); who
holds each step; the step deadlines (R-I5); and what is kept (R-O13: a
registered 收文 and its opinions are never deleted; a mistaken registration
is voided, 作废, by the secretaries with a reason). ``incoming.actions``
feeds it plain values from the organisation and the document.
"""

from dataclasses import dataclass

from collective.gongwen import _
from collective.gongwen.steps import deadline_rules
from collective.gongwen.steps.rules import ActionNotAvailableError
from collective.gongwen.steps.rules import EmptyOpinionError
from collective.gongwen.steps.rules import NoAssigneeError  # noqa: F401 - shared
from collective.gongwen.steps.rules import NotAssigneeError  # noqa: F401 - shared
from collective.gongwen.steps.rules import NotCandidateError
from collective.gongwen.steps.rules import StepError
from collective.gongwen.steps.rules import VoidReasonRequiredError
from collective.gongwen.steps.rules import holders_or_refuse

REGISTERED = "registered"
PROPOSING = "proposing"
ROUTING = "routing"
LEADER_READING = "leader_reading"
DISPATCHING = "dispatching"
HANDLING = "handling"
CLOSING = "closing"
DONE = "done"
ARCHIVED = "archived"
# R-O13: a registration made by mistake is voided, not deleted; kept read-only.
VOIDED = "voided"

STEPS = (
    REGISTERED,
    PROPOSING,
    ROUTING,
    LEADER_READING,
    DISPATCHING,
    HANDLING,
    CLOSING,
    DONE,
    ARCHIVED,
    VOIDED,
)

# Steps no holder works on any more: never overdue, no 催办 (R-I5).
CLOSED_STEPS = (DONE, ARCHIVED, VOIDED)
# R-O13: the steps a 收文 may be voided at — with the secretaries, before any leader has
# read it (登记, and 送阅 after the 拟办); from the first 批示 on it is handled to its end.
VOIDABLE_STEPS = (REGISTERED, ROUTING)

# Actions (what a person does).
SEND_TO_PROPOSE = "send_to_propose"  # 秘书: 送拟办
PROPOSE = "propose"  # 办公室主任: 拟办
SEND_TO_LEADERS = "send_to_leaders"  # 秘书: 送领导阅批
READ = "read"  # 领导: 阅批 (批示)
INSERT_READER = "insert_reader"  # 秘书: 加入阅批领导
SKIP_READER = "skip_reader"  # 秘书: 跳过阅批领导
DISPATCH = "dispatch"  # 秘书: 分送承办部门
ASK_INSTRUCTION = "ask_instruction"  # 部门收文员: 请负责人批办
INSTRUCT = "instruct"  # 部门负责人: 批办
FINISH_PART = "finish_part"  # 部门收文员: 办毕送秘书
CLOSE = "close"  # 秘书: 办结
PUBLISH = "publish"  # 秘书: 发布到首页 (R-I6)
ARCHIVE = "archive"  # 档案员: 归档
VOID = "void"  # 秘书: 作废 (R-O13)
# not a button of the 办理 form: a 传阅 reader's 已阅 (``reading``)
ACKNOWLEDGE = "acknowledge"

# Actions that record a written opinion, or a reason (R-O2 carried over).
OPINION_ACTIONS = (PROPOSE, READ, INSTRUCT, INSERT_READER, SKIP_READER, VOID)

# (step, action) → transition; the reading and handling actions choose
# between staying and moving on in ``transition_for``.
_TRANSITIONS = {
    (REGISTERED, SEND_TO_PROPOSE): "send_to_propose",
    (PROPOSING, PROPOSE): "propose",
    (ROUTING, SEND_TO_LEADERS): "send_to_leaders",
    (LEADER_READING, INSERT_READER): "insert_reader",
    (DISPATCHING, DISPATCH): "dispatch",
    (HANDLING, ASK_INSTRUCTION): "ask_instruction",
    (HANDLING, INSTRUCT): "instruct",
    (CLOSING, CLOSE): "close",
    (DONE, PUBLISH): "publish",
    (DONE, ARCHIVE): "archive",
    (REGISTERED, VOID): "void",
    (ROUTING, VOID): "void",
}

# Part stages of one handling department (R-I4).
PART_RECEIVING = "receiving"  # with the receivers, before 批办
PART_INSTRUCTING = "instructing"  # with the heads, for 批办
PART_INSTRUCTED = "instructed"  # back with the receivers, 批办 given
PART_DONE = "done"  # sent back to the secretaries


class ProposalIncompleteError(StepError):
    """R-I2: 拟办 names at least one leader to read and one handling department."""

    default = _(
        "error_proposal_incomplete",
        default="拟办须选择阅批领导（按顺序）和承办部门。",
    )


class NotYourTurnError(StepError):
    """R-I3: a leader acts only when it is their turn."""

    default = _(
        "error_reading_not_your_turn",
        default="尚未轮到您阅批，请等待前一位领导阅毕。",
    )


class ReaderChangeError(StepError):
    """R-I3: insert a leader not yet in the order, skip one who has not read yet."""

    default = _(
        "error_reader_change",
        default="只能加入尚未阅批的领导，或跳过尚未阅批的领导。",
    )


class InstructionFirstError(StepError):
    """R-I4: the department head's 批办 comes before the receiver sends it back."""

    default = _(
        "error_instruction_first",
        default="请先送本部门负责人批办，再办毕送秘书（第十六条）。",
    )


class NotPublishableError(StepError):
    """R-I6: only a done, non-classified 收文 may be published."""

    default = _(
        "error_not_publishable",
        default="只有办结的非涉密收文可以发布到首页。",
    )


def transition_for(step, action, pending_after=()):
    """The workflow transition ``action`` means in ``step``.

    ``pending_after`` is who or what is still pending once the action is done
    (the readers after a 阅批 or a skip, the open parts after 办毕): with
    nobody pending the document moves on to the secretaries.
    """
    if (step, action) == (LEADER_READING, READ):
        return "read" if pending_after else "read_done"
    if (step, action) == (LEADER_READING, SKIP_READER):
        return "skip_reader" if pending_after else "skip_reader_done"
    if (step, action) == (HANDLING, FINISH_PART):
        return "finish_part" if pending_after else "handling_done"
    try:
        return _TRANSITIONS[(step, action)]
    except KeyError:
        raise ActionNotAvailableError() from None


# Each workflow transition → the action it records.
TRANSITION_ACTIONS = {
    "send_to_propose": SEND_TO_PROPOSE,
    "propose": PROPOSE,
    "send_to_leaders": SEND_TO_LEADERS,
    "read": READ,
    "read_done": READ,
    "insert_reader": INSERT_READER,
    "skip_reader": SKIP_READER,
    "skip_reader_done": SKIP_READER,
    "dispatch": DISPATCH,
    "ask_instruction": ASK_INSTRUCTION,
    "instruct": INSTRUCT,
    "finish_part": FINISH_PART,
    "handling_done": FINISH_PART,
    "close": CLOSE,
    "publish": PUBLISH,
    "archive": ARCHIVE,
    "void": VOID,
}

# The transitions that need a written opinion or reason, whatever the path.
OPINION_TRANSITIONS = frozenset(
    transition for transition, action in TRANSITION_ACTIONS.items() if action in OPINION_ACTIONS
)


def action_of_transition(transition):
    """The action a workflow transition records (the transition id when unknown)."""
    return TRANSITION_ACTIONS.get(transition, transition)


def needs_opinion(action):
    """True when ``action`` requires a written opinion or reason."""
    return action in OPINION_ACTIONS


def missing_opinion_error(action):
    """The error for ``action`` done without its opinion: 作废 names its reason (R-O13)."""
    return VoidReasonRequiredError() if action == VOID else EmptyOpinionError()


# --- R-I2 拟办 ------------------------------------------------------------------


def checked_proposal(leaders, departments, allowed_leaders, allowed_departments):
    """The ordered leaders and departments of a 拟办, checked; raises when incomplete."""
    leaders = tuple(dict.fromkeys(p for p in leaders or () if p))
    departments = tuple(dict.fromkeys(d for d in departments or () if d))
    if not leaders or not departments:
        raise ProposalIncompleteError()
    if not set(leaders) <= set(allowed_leaders) or not set(departments) <= set(allowed_departments):
        raise NotCandidateError()
    return leaders, departments


def checked_circulation(people, allowed):
    """The people a 拟办 sends the document to for information (传阅), checked."""
    people = tuple(dict.fromkeys(p for p in people or () if p))
    if not set(people) <= set(allowed):
        raise NotCandidateError()
    return people


# --- R-I3 reading order -----------------------------------------------------------


def reader_after_read(pending, reader):
    """The readers still pending once ``reader`` (who must be first) has read."""
    if not pending or pending[0] != reader:
        raise NotYourTurnError()
    return tuple(pending[1:])


def readers_after_insert(pending, leader, read_already, position=None):
    """``pending`` with ``leader`` inserted at ``position`` (default: last).

    Position 0 makes the new leader the current reader. A leader already
    pending or who has read is refused.
    """
    if not leader or leader in pending or leader in read_already:
        raise ReaderChangeError()
    position = len(pending) if position is None else max(0, min(position, len(pending)))
    return tuple(pending[:position]) + (leader,) + tuple(pending[position:])


def readers_after_skip(pending, leader):
    """``pending`` without ``leader``, who must still be pending."""
    if leader not in pending:
        raise ReaderChangeError()
    return tuple(p for p in pending if p != leader)


# --- R-I4 handling parts ----------------------------------------------------------


def new_parts(departments):
    """The handling parts at 分送: every department with its receivers."""
    return dict.fromkeys(departments, PART_RECEIVING)


def part_after(parts, department, action):
    """The parts once ``department``'s holder did ``action``; raises when out of order."""
    stage = parts.get(department)
    if stage is None or stage == PART_DONE:
        raise ActionNotAvailableError()
    if action == ASK_INSTRUCTION and stage in (PART_RECEIVING, PART_INSTRUCTED):
        new = PART_INSTRUCTING
    elif action == INSTRUCT and stage == PART_INSTRUCTING:
        new = PART_INSTRUCTED
    elif action == FINISH_PART and stage == PART_INSTRUCTED:
        new = PART_DONE
    elif action == FINISH_PART:
        raise InstructionFirstError()
    else:
        raise ActionNotAvailableError()
    return {**parts, department: new}


def open_parts(parts):
    """The departments whose part is not done yet, in order."""
    return tuple(d for d, stage in parts.items() if stage != PART_DONE)


def part_holder_function(stage):
    """Which department function holds a part at ``stage`` (None once done)."""
    if stage == PART_INSTRUCTING:
        return "heads"
    if stage in (PART_RECEIVING, PART_INSTRUCTED):
        return "receivers"
    return None


# --- who holds each step ------------------------------------------------------------


@dataclass(frozen=True)
class IncomingPeople:
    """The principals the 收文 steps go to: group ids for the mailboxes, user ids else."""

    secretaries_group: str = ""
    office_heads: tuple = ()
    archivists_group: str = ""


def step_holders(step, people, readers=(), part_holders=()):
    """The assignees of ``step``: the mailbox, the office heads, the current reader, the parts.

    ``readers`` are the pending readers (the first one reads now);
    ``part_holders`` the holders of the open handling parts.
    """
    if step in (REGISTERED, ROUTING, DISPATCHING, CLOSING):
        found = (people.secretaries_group,)
    elif step == PROPOSING:
        found = people.office_heads
    elif step == LEADER_READING:
        found = tuple(readers[:1])
    elif step == HANDLING:
        found = tuple(part_holders)
    elif step == DONE:
        found = (people.archivists_group,)
    else:
        return ()
    return holders_or_refuse(found, STEP_TITLES.get(step, step))


STEP_TITLES = {
    REGISTERED: "秘书登记",
    PROPOSING: "办公室主任拟办",
    ROUTING: "秘书送阅",
    LEADER_READING: "领导阅批",
    DISPATCHING: "秘书分送",
    HANDLING: "部门办理",
    CLOSING: "秘书办结",
    DONE: "结束",
    ARCHIVED: "已归档",
    VOIDED: "已作废",
}


# --- R-I5 deadlines -------------------------------------------------------------------

# Shared with 发文 (R-O12): ``steps.deadline_rules``, under the names 收文's callers know.
DEFAULT_STEP_DAYS = deadline_rules.DEFAULT_STEP_DAYS
step_deadline = deadline_rules.step_deadline
is_overdue = deadline_rules.is_overdue
late_counts = deadline_rules.late_counts


# --- R-O13 what is kept, and 作废 ----------------------------------------------------


class DeletionRefusedError(StepError):
    """R-O13: a registered 收文 (its 收文编号 issued) and its opinions are never deleted."""

    default = _(
        "error_incoming_deletion_refused",
        default="收文一经登记（已编收文编号），连同其办理意见均不得删除；登记有误的，"
        "请由秘书「作废」并说明原因。",
    )


class VoidNotAllowedError(StepError):
    """R-O13: only at 登记 or 送阅, before any leader has read it, is a 收文 voided."""

    default = _(
        "error_incoming_void_not_allowed",
        default="只有秘书登记或送阅环节（领导阅批前）的收文可以作废；领导阅批后请按流程办结。",
    )


class SignedForVoidError(StepError):
    """R-O13, R-X1: a 收文 made by 签收 was acknowledged to its sender; it is not voided."""

    default = _(
        "error_incoming_void_signed_for",
        default="此收文由签收其他单位的来文生成，发文单位的回执已记为「已签收」，不能作废；"
        "不应由本单位办理的来文，应在签收前「退回」并说明理由。",
    )


def is_kept(step, record_count, numbered):
    """R-O13: a 收文 is kept (never deleted) once registered — it holds its 收文编号, has
    opinion records or has left 登记. Only an entry never numbered (outside a unit) is not."""
    return numbered or record_count > 0 or step != REGISTERED


def files_kept(step, record_count):
    """R-O13: a 收文's files (原件, 附件, 来文处理单) are kept once it has an opinion record
    — from 送拟办 on; at 登记 the secretaries may still remove a file uploaded by mistake."""
    return record_count > 0 or step != REGISTERED


def void_refusal(step, signed_for):
    """R-O13: the error refusing to void a 收文 at ``step`` (None if it may be voided).

    ``signed_for``: it was made by 签收 of another unit's delivery (R-X1),
    whose sender holds its receipt — that one is refused: 退回 before 签收 is
    the way back to the sender, after it the 收文 is handled.
    """
    if signed_for:
        return SignedForVoidError()
    if step not in VOIDABLE_STEPS:
        return VoidNotAllowedError()
    return None


def may_void_as(principals, secretaries):
    """R-O13: a 收文 is voided by one of its unit's secretaries (who registered it)."""
    return bool(set(principals) & set(secretaries))
