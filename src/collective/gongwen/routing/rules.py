"""The 发文 routing rules (SPEC §4, 第七至十二条). Plain Python, no Zope.

What this module owns: the order of the steps per direction (上行文 goes
through 主管局领导审阅 and 局长签发, 下行/平行文 through 主管局领导签发), which
workflow transition a reviewer's action means in each step, who the assignees
of each step are (given the people of the organisation), R-O4, and the
checks on opinions (R-O2) and 代录 (R-O9). The Zope side (``people``,
``actions``, ``subscribers``) feeds it plain values.
"""

from dataclasses import dataclass

from collective.gongwen import _
from collective.gongwen.steps.rules import ActionNotAvailableError  # noqa: F401 - shared
from collective.gongwen.steps.rules import EmptyOpinionError
from collective.gongwen.steps.rules import FileRemovalRefusedError  # noqa: F401 - shared
from collective.gongwen.steps.rules import NoAssigneeError  # noqa: F401 - shared
from collective.gongwen.steps.rules import NotAssigneeError  # noqa: F401 - shared
from collective.gongwen.steps.rules import NotCandidateError
from collective.gongwen.steps.rules import StepError
from collective.gongwen.steps.rules import VoidReasonRequiredError  # noqa: F401 - shared
from collective.gongwen.steps.rules import holders_or_refuse
from collective.gongwen.steps.rules import is_assignee  # noqa: F401 - shared

UPWARD = "upward"

DRAFT = "draft"
DEPT_REVIEW = "dept_review"
OFFICE_REVIEW = "office_review"
COUNTERSIGN = "countersign"
LEADER_REVIEW = "leader_review"
DIRECTOR_SIGN = "director_sign"
LEADER_SIGN = "leader_sign"
NUMBERING = "numbering"
SECRETARY_CHECK = "secretary_check"
SENT = "sent"
ARCHIVED = "archived"
# R-O13: a draft abandoned after review is voided, not deleted; kept read-only.
VOIDED = "voided"

# Steps a reviewer may send back to the drafter from (R-O3).
REVIEW_STEPS = (DEPT_REVIEW, OFFICE_REVIEW, COUNTERSIGN, LEADER_REVIEW, DIRECTOR_SIGN, LEADER_SIGN)
SIGN_STEPS = (DIRECTOR_SIGN, LEADER_SIGN)

# Domain actions (what a person does) → DCWorkflow transition per step.
# ``approve`` moves a review step on; where it goes from 办公室把关 depends on
# the direction, so it has two transitions there (see ``transition_for``).
SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"
SIGN = "sign"
NUMBER = "number"
SEND = "send"
ARCHIVE = "archive"
REQUEST_COUNTERSIGN = "request_countersign"
COUNTERSIGN_ACTION = "countersign"
# Not an action of its own: the title of the last pending co-signer's 会签 (R-O7).
COUNTERSIGN_DONE = "countersign_done"
# Not a button: the system sends a signed document back after a substantive change (R-O6).
RESIGN = "resign"
# Not a button here either: a secretary recalls a delivery (R-X2, exchange/),
# which brings the document back to 审核发送.
RECALL = "recall"
# …and a recipient's 退回 does the same, with its reason (R-X1).
DELIVERY_RETURNED = "delivery_returned"
# R-O13: 作废 — a returned draft abandoned, with its reason.
VOID = "void"
# R-O11: 撤回 — who handed the document on takes it back before it is opened.
RETRACT = "retract"
# R-O11: the steps a 撤回 goes back to (where a retractable move can be made).
RETRACT_STEPS = (
    DRAFT,
    DEPT_REVIEW,
    OFFICE_REVIEW,
    LEADER_REVIEW,
    DIRECTOR_SIGN,
    LEADER_SIGN,
    COUNTERSIGN,
)
# Actions that are a review or a signature: they need a written opinion
# (第十条, R-O2); a return and a void need their reason.
OPINION_ACTIONS = (APPROVE, RETURN, SIGN, COUNTERSIGN_ACTION, VOID)

_TRANSITIONS = {
    (DRAFT, SUBMIT): "submit",
    (DRAFT, VOID): "void",
    (DEPT_REVIEW, APPROVE): "approve",
    (OFFICE_REVIEW, REQUEST_COUNTERSIGN): "request_countersign",
    # R-O7: a leader holding the document may ask others to co-sign too.
    (LEADER_REVIEW, REQUEST_COUNTERSIGN): "request_countersign",
    (DIRECTOR_SIGN, REQUEST_COUNTERSIGN): "request_countersign",
    (LEADER_SIGN, REQUEST_COUNTERSIGN): "request_countersign",
    (COUNTERSIGN, COUNTERSIGN_ACTION): "countersign",
    (LEADER_REVIEW, APPROVE): "approve_to_director",
    (NUMBERING, NUMBER): "number",
    (SECRETARY_CHECK, SEND): "send",
    (SENT, ARCHIVE): "archive",
}


class OnBehalfError(StepError):
    """R-O9: 代录 only for a step assigned to the person whose opinion is entered."""

    default = _(
        "error_on_behalf_not_assignee",
        default="只能代录当前环节办理人（领导）的意见。",
    )


class OnBehalfStepError(OnBehalfError):
    """R-O9: 代录 is for a leader's paper opinion, only at the steps leaders hold."""

    default = _(
        "error_on_behalf_step",
        default="此环节不能代录意见：只有领导审阅、签发和会签的意见可以代录。",
    )


class VoidNotAllowedError(StepError):
    """R-O13: only a draft returned after review is voided; a never-submitted one is deleted."""

    default = _(
        "error_void_not_allowed",
        default="只有送审后被退回的拟稿可以作废；从未提交的拟稿可直接删除。",
    )


class DeletionRefusedError(StepError):
    """R-O13: once submitted, a document and its opinions are never deleted, by anyone."""

    default = _(
        "error_deletion_refused",
        default="公文一经提交，连同其办理意见均不得删除（如需放弃，请作废并说明原因）。",
    )


class DirectorSignatureRequiredError(StepError):
    """R-O4: an upward document needs the director's 签发 before numbering."""

    default = _(
        "error_director_signature_required",
        default="上行文须经局长签发后方可登记编号。",
    )


class WordBodyNotCleanError(StepError):
    """R-D6: a Word 正文 is numbered only once 清稿 has accepted its changes and removed its
    comments."""

    default = _(
        "error_word_body_not_clean",
        default="Word 正文尚未清稿：请先清稿，再登记编号。",
    )


def numbering_refusal(has_word_body, is_clean):
    """R-D6: the error refusing 登记编号 of a document whose Word 正文 is not 清稿'd; else None."""
    return WordBodyNotCleanError() if has_word_body and not is_clean else None


class NoCountersignersError(StepError):
    """R-O7: 请领导会签 names the leaders who are to co-sign."""

    default = _("error_countersign_choose", default="请勾选需要会签的领导。")


class NoRecipientsError(StepError):
    """R-O10: a 发文 is sent to its 主送机关; without one there is nobody to send it to."""

    default = _("error_routing_no_recipients", default="请先填写主送机关，才能发送。")


class OfficialPendingError(StepError):
    """R-T1, R-RUN1: a 发文 is sent with its 正式文件, which the worker is still typesetting."""

    default = _(
        "error_routing_official_pending",
        default="正式文件正在排版，请稍候片刻，待「文件」栏列出正式文件后再发送。",
    )


# The key of the 正式文件's typesetting among a document's pending work (``content.progress``;
# typeset's render kind ``OFFICIAL``).
OFFICIAL_WORK = "official"


def sending_refusal(pending_work):
    """R-T1: the error refusing 发送 while ``pending_work`` holds the 正式文件's; else None."""
    return OfficialPendingError() if OFFICIAL_WORK in pending_work else None


def is_upward(direction):
    """True for 上行文."""
    return direction == UPWARD


def transition_for(step, action, direction):
    """The DCWorkflow transition id that ``action`` means in ``step``; raises if none."""
    if action == RETURN and step in REVIEW_STEPS:
        return "return"
    if action == SIGN and step in SIGN_STEPS:
        return "sign"
    if (step, action) == (OFFICE_REVIEW, APPROVE):
        return "forward_leader_review" if is_upward(direction) else "forward_leader_sign"
    try:
        return _TRANSITIONS[(step, action)]
    except KeyError:
        raise ActionNotAvailableError() from None


# The workflow transitions that are review and sign actions (R-O2), whatever
# path takes them (the panel, plone.restapi's @workflow, a crafted request).
OPINION_TRANSITIONS = frozenset(
    {
        "approve",
        "forward_leader_review",
        "forward_leader_sign",
        "approve_to_director",
        "request_countersign",
        "countersign",
        "countersign_done",
        "sign",
        "return",
        "void",
    }
)


# What each workflow transition records as the action in the opinion history.
TRANSITION_ACTIONS = {
    "submit": SUBMIT,
    "approve": APPROVE,
    "forward_leader_review": APPROVE,
    "forward_leader_sign": APPROVE,
    "approve_to_director": APPROVE,
    "request_countersign": REQUEST_COUNTERSIGN,
    "countersign": COUNTERSIGN_ACTION,
    "countersign_done": COUNTERSIGN_ACTION,
    "sign": SIGN,
    "return": RETURN,
    "resign_director": RESIGN,
    "resign_leader": RESIGN,
    "number": NUMBER,
    "send": SEND,
    "archive": ARCHIVE,
    "recall": RECALL,
    "delivery_returned": DELIVERY_RETURNED,
    "void": VOID,
    # R-O11: one 撤回 transition per step it goes back to
    **{f"retract_{step}": RETRACT for step in RETRACT_STEPS},
}


def action_of_transition(transition):
    """The domain action a workflow transition records (the transition id when unknown)."""
    return TRANSITION_ACTIONS.get(transition, transition)


def needs_opinion(action):
    """True when ``action`` requires a written opinion (R-O2)."""
    return action in OPINION_ACTIONS


def checked_opinion(text, action):
    """The opinion stripped of outer whitespace; EmptyOpinionError if one is needed and blank."""
    text = (text or "").strip()
    if not text and needs_opinion(action):
        raise VoidReasonRequiredError() if action == VOID else EmptyOpinionError()
    return text


def may_sign_into_numbering(direction, step):
    """R-O4 at the 签发 transition: upward only from 局长签发; others from either sign step."""
    if is_upward(direction):
        return step == DIRECTOR_SIGN
    return step in SIGN_STEPS


def has_required_signature(direction, records, current_round):
    """R-O4 on the records: the current round has a 签发 by the right step.

    ``records`` are opinion records (objects with ``step``, ``action`` and
    ``round``); only ``current_round`` counts, since a return starts over.
    """
    signed = {
        record.step for record in records if record.round == current_round and record.action == SIGN
    }
    if is_upward(direction):
        return DIRECTOR_SIGN in signed
    return bool(signed & set(SIGN_STEPS))


# R-O6 ----------------------------------------------------------------------

# The steps after 签发 and before 发送: a substantive change there goes back to the signer.
RESIGN_STEPS = (NUMBERING, SECRETARY_CHECK)

# What a 签发 approves of the 发文 itself: what it says and to whom — the 主体 of the
# 正式文件 (GB/T 9704 7.3: 标题, 主送机关, 正文, 附件说明, 发文机关署名) and its 文种 and
# 行文方向 (which decide who must sign, R-O4). Not substantive: 附注, 份号, 紧急程度,
# 抄送机关 and the 版记, the 办理 fields, and what the system fills (文号, 签发人, 成文日期,
# 印发机关/日期).
SUBSTANTIVE_FIELDS = frozenset(
    {
        "title",
        "main_recipients",
        "text",
        "attachment_note",
        "signing_organ",
        "doc_kind",
        "direction",
    }
)


def is_substantive_edit(fields):
    """R-O6: an edit of the 发文 that changed ``fields`` (names) is substantive.

    An edit that does not say what it changed (no names) may have changed
    anything: it counts.
    """
    return not fields or bool(set(fields) & SUBSTANTIVE_FIELDS)


def is_substantive_file_change(is_attachment, fields=None):
    """R-O6: a change of one of the 发文's files is substantive.

    ``fields`` None: the file was added to or removed from the document —
    substantive for a 附件 (it is part of the 正式文件). Otherwise the names
    of what changed: a new file of a 附件, or any file's role (a file
    becoming or ceasing to be a 附件); no names (a revert, an unspecified
    change) counts for a 附件. Its title, the 正式文件 and the 稿纸 do not.
    """
    if fields is None:
        return is_attachment
    if "file_role" in fields:
        return True
    return is_attachment and (not fields or "file" in fields)


def is_substantive_body_change(signed_digest, later):
    """R-O6: Word 正文 versions stored after 签发 are substantive unless each is a 清稿 of the
    signed text.

    ``signed_digest``: the SHA-256 of the signed version's text with every tracked change
    accepted (None: unknown — not analysed, or no Word 正文 was signed); ``later``: for each
    version stored since, ``(is_clean, digest)`` — whether it is a 清稿 and its own
    accepted text's SHA-256. A 清稿 of the signed text changes nothing 签发 approved; any
    other version does (a 签入, an upload, a 清稿 of something else).
    """
    return any(
        not (is_clean and signed_digest is not None and digest == signed_digest)
        for is_clean, digest in later
    )


def must_go_back_to_signer(step, signed):
    """R-O6: a substantive change in ``step`` sends the document back to its signer
    (``signed``: the current round has a 签发 record)."""
    return signed and step in RESIGN_STEPS


def resign_transition(direction):
    """R-O6: the workflow transition back to the signing step of ``direction``."""
    return "resign_director" if is_upward(direction) else "resign_leader"


def resign_holders(direction, signature_step, signer):
    """R-O6: who signs again — the signer alone when the document goes back to the step
    they signed in; None (the step's usual assignees) when the change made another step
    the signing one (a 行文方向 changed after 签发, R-O4)."""
    step = DIRECTOR_SIGN if is_upward(direction) else LEADER_SIGN
    return (signer,) if signature_step == step else None


@dataclass(frozen=True)
class StepPeople:
    """The principals a document's steps can go to, as plain ids.

    ``dept_heads``: the drafting department's heads; ``supervising_leader``:
    that department's 分管局领导 (may be empty); the ``*_group`` values are
    group ids (role mailboxes), the others user ids.
    """

    drafter: str
    dept_heads: tuple = ()
    office_heads: tuple = ()
    supervising_leader: str = ""
    leaders: tuple = ()
    director: tuple = ()
    print_room_group: str = ""
    secretaries_group: str = ""
    archivists_group: str = ""


STEP_TITLES = {
    DRAFT: "拟稿",
    DEPT_REVIEW: "部门负责人核稿",
    OFFICE_REVIEW: "办公室负责人把关",
    COUNTERSIGN: "领导会签",
    LEADER_REVIEW: "主管局领导审阅",
    DIRECTOR_SIGN: "局长签发",
    LEADER_SIGN: "主管局领导签发",
    NUMBERING: "文印室登记编号排版",
    SECRETARY_CHECK: "办公室秘书审核发送",
    SENT: "已发送",
    ARCHIVED: "已归档",
    VOIDED: "已作废",
}


def path(direction, countersign_after=None):
    """R-O12: the steps a 发文 of ``direction`` goes through, in order, to 已发送 — with
    领导会签 after ``countersign_after`` when it was asked there (R-O7)."""
    steps = [DRAFT, DEPT_REVIEW, OFFICE_REVIEW]
    steps += [LEADER_REVIEW, DIRECTOR_SIGN] if is_upward(direction) else [LEADER_SIGN]
    if countersign_after in steps:
        steps.insert(steps.index(countersign_after) + 1, COUNTERSIGN)
    return (*steps, NUMBERING, SECRETARY_CHECK, SENT)


def candidates(step, people, dept_reviewers=None):
    """Who may be chosen as assignee of ``step`` (before any choice), as a tuple of ids.

    ``dept_reviewers`` is R-ORG1's answer for 部门负责人核稿 (a callable
    taking the drafter and the heads). 主管局领导 is the department's
    supervising leader, else any of the unit's leaders (the sender chooses).
    Archived documents have no assignees.
    """
    if step == DRAFT:
        found = (people.drafter,)
    elif step == DEPT_REVIEW:
        found = tuple(dept_reviewers(people.drafter, people.dept_heads))
    elif step == OFFICE_REVIEW:
        found = people.office_heads
    elif step in (LEADER_REVIEW, LEADER_SIGN):
        found = (people.supervising_leader,) if people.supervising_leader else people.leaders
    elif step == DIRECTOR_SIGN:
        found = people.director
    elif step == COUNTERSIGN:
        # 会签 (第十二条): the unit's leaders, the director included
        found = people.leaders + people.director
    elif step == NUMBERING:
        found = (people.print_room_group,)
    elif step == SECRETARY_CHECK:
        found = (people.secretaries_group,)
    elif step == SENT:
        # 归档 is the archivists' (a group, like the secretaries)
        found = (people.archivists_group,)
    else:
        return ()
    return holders_or_refuse(found, STEP_TITLES.get(step, step))


def step_assignees(step, people, chosen=None, dept_reviewers=None):
    """The assignees of ``step``: the chosen ones among the candidates, else all candidates.

    A choice outside the candidates is refused (e.g. a drafter naming a
    reviewer who is not a head of the department).
    """
    allowed = candidates(step, people, dept_reviewers)
    if not chosen:
        return allowed
    chosen = tuple(dict.fromkeys(chosen))
    if not set(chosen) <= set(allowed):
        raise NotCandidateError()
    return chosen


def countersign_pending_after(pending, signer, forwarded=()):
    """R-O7: who still has to co-sign once ``signer`` has, forwarding to ``forwarded``.

    Order is kept; a leader forwarded to twice, or who already signed in this
    request, is not added again (``forwarded`` excludes ``signer``).
    """
    remaining = [p for p in pending if p != signer]
    remaining += [p for p in forwarded if p != signer and p not in remaining]
    return tuple(remaining)


def countersign_transition(pending_after):
    """R-O7: a co-signature stays in 会签 while someone is pending; the last one is 送秘书."""
    return "countersign" if pending_after else "countersign_done"


# R-O9: the steps held by leaders, whose paper opinion may be entered for them (代录).
ON_BEHALF_STEPS = (COUNTERSIGN, LEADER_REVIEW, DIRECTOR_SIGN, LEADER_SIGN)


def allows_on_behalf(step):
    """R-O9: True when a leader's paper opinion may be entered for them at ``step``."""
    return step in ON_BEHALF_STEPS


def may_type_for_others(user_id, drafter, office_heads, secretaries):
    """R-O9 (第九条): who may type a leader's opinion — the drafter, office heads, secretaries."""
    return bool(user_id) and (
        user_id == drafter or user_id in office_heads or user_id in secretaries
    )


def check_on_behalf(on_behalf_of, assignees, step=None):
    """R-O9: 代录 only at a leader's step (when ``step`` is given), for one of its assignees."""
    if step is not None and not allows_on_behalf(step):
        raise OnBehalfStepError()
    if on_behalf_of not in assignees:
        raise OnBehalfError()


# R-O13 ---------------------------------------------------------------------


def was_submitted(step, record_count):
    """True once the document has been submitted: it left 拟稿, or it has opinion records
    (a draft returned after review keeps its first round's records)."""
    return step != DRAFT or record_count > 0


def may_delete(step, record_count):
    """R-O13: only a never-submitted draft may be deleted (by its drafter); nothing else, ever."""
    return not was_submitted(step, record_count)


def may_void(step, record_count):
    """R-O13: a draft returned after review is abandoned by voiding it (作废), never deleted."""
    return step == DRAFT and was_submitted(step, record_count)


def may_void_as(principals, assignees, office_heads):
    """R-O13: who voids a returned draft — its holder (the drafter) or an office head of the
    unit (办公室, who keeps the unit's documents in order, 第十七条)."""
    return is_assignee(principals, assignees) or bool(set(principals) & set(office_heads))


# R-O11 ---------------------------------------------------------------------

# The moves that may be taken back (撤回), by the step they were made in: a hand-over up to
# the step before 签发 (提交, 同意/核稿通过/送审, 请领导会签, the last co-signer's 送秘书).
# Not 签发 (R-O4/R-O5 records and locks), 登记编号 (R-O8: a 文号 is issued), 发送 (R-X2 has
# 收回), 退回 (a new round, R-O3), 作废, nor a co-signer's 会签 that keeps it in 领导会签.
RETRACTABLE_ACTIONS = (SUBMIT, APPROVE, REQUEST_COUNTERSIGN, COUNTERSIGN_ACTION)


class RetractNotAllowedError(StepError):
    """R-O11: only the last hand-over, by whoever made it, is taken back."""

    default = _(
        "error_retract_not_allowed",
        default="只能撤回由您送出、下一环节尚未办理的公文（签发、编号、发送和退回不能撤回）。",
    )


class RetractOpenedError(StepError):
    """R-O11: the next holder has opened the document: it is theirs now."""

    default = _(
        "error_retract_opened",
        default="${names}已打开此公文，不能再撤回；如需修改，请联系对方退回。",
    )


def retract_transition(step):
    """R-O11: the workflow transition of a 撤回 back to ``step``."""
    return f"retract_{step}"


def retract_refusal(record, user_id, step, opened_names=()):
    """R-O11: the error refusing ``user_id`` a 撤回 of ``record`` (the document's last opinion
    record, None if it has none) while the document is in ``step``; None when allowed.

    Allowed when the last move is a retractable hand-over (``RETRACTABLE_ACTIONS``) that
    took the document out of the step it was made in, made (or entered for, 代录) by
    ``user_id``, and nobody of the next holders has opened it (``opened_names``: theirs).
    Acting on it leaves a newer record, so "not acted on" needs no check of its own.
    """
    if (
        record is None
        or not user_id
        or record.action not in RETRACTABLE_ACTIONS
        or record.step not in RETRACT_STEPS
        or record.step == step
        or user_id not in (record.actor, record.signer_id)
    ):
        return RetractNotAllowedError()
    if opened_names:
        return RetractOpenedError(mapping={"names": "、".join(opened_names)})
    return None


def retract_pending(step, target, retractor):
    """R-O7 after a 撤回 from ``step`` to ``target``: back in 领导会签 the retracting co-signer is
    pending again; a 撤回 of 请领导会签 leaves nobody pending; elsewhere unchanged (None)."""
    if target == COUNTERSIGN:
        return (retractor,)
    if step == COUNTERSIGN:
        return ()
    return None
