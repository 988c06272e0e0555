"""Who may change the Word 正文 at which step, and the lock's bounds (R-D6). Plain Python.

The 正文 is uploaded at 拟稿 by its drafter (who holds that step). Afterwards it is
edited (签出/签入) by whoever holds the current step — the same answer the 办理 panel
gives (``steps.rules.is_assignee`` of the user and their groups against the step's
holders): the department head at 核稿, the office at 把关, the leaders at 审阅/会签/签发,
the print room at 登记编号, the secretaries at 审核发送. After sending, and on a classified
register entry (R-D3), nobody. ``wordbody.actions`` asks these questions; views only show
what the answers allow. The kinds' titles (上传/签入/清稿) are ``content.body.KIND_TITLES``.
"""

from collective.gongwen import _
from collective.gongwen.routing import rules as routing
from collective.gongwen.steps.rules import is_assignee

# The steps at which the 正文 file is uploaded (the first version) / edited.
UPLOAD_STEPS = (routing.DRAFT,)
EDIT_STEPS = (routing.DRAFT, *routing.REVIEW_STEPS, routing.NUMBERING, routing.SECRETARY_CHECK)

# How long a check-out holds (公文设置's ``body_lock_hours``).
LOCK_HOURS_DEFAULT = 4
LOCK_HOURS_MIN = 1
LOCK_HOURS_MAX = 72


def lock_hours(value):
    """The registry's lock hours bounded to 1–72; the default when unset or not a number."""
    if isinstance(value, bool):
        return LOCK_HOURS_DEFAULT
    try:
        hours = int(value)
    except (TypeError, ValueError):
        return LOCK_HOURS_DEFAULT
    return max(LOCK_HOURS_MIN, min(LOCK_HOURS_MAX, hours))


def holds_step(principals, assignees):
    """True when the user (``principals``: their id and groups) holds the current step."""
    return is_assignee(principals, assignees)


def upload_refusal(step, holding, classified, has_body):
    """Why the user may not upload the Word 正文 now (a message), or None if they may.

    A rich-text 正文 beside it is ``content.body.put_body``'s refusal (the one place)."""
    if classified:
        return classified_refusal()
    if has_body:
        return _(
            "error_body_upload_exists",
            default="本文已有 Word 正文：请签出编辑后签入新版本。",
        )
    if step not in UPLOAD_STEPS:
        return _("error_body_upload_step", default="只有拟稿时可以上传 Word 正文。")
    if not holding:
        return not_holder_refusal()
    return None


def edit_refusal(step, holding, classified, has_body, cleaning=False):
    """Why the user may not check the 正文 out or in now (a message), or None if they may.

    ``cleaning``: a worker is to 清稿 the 正文 (queued or running) — its result would be
    overtaken by a version checked in meanwhile, so 签出编辑 and 签入 wait for it.
    """
    if classified:
        return classified_refusal()
    if not has_body:
        return _("error_word_body_missing", default="本文没有 Word 正文。")
    if step not in EDIT_STEPS:
        return _(
            "error_body_closed",
            default="公文已发送或归档，正文不能再修改。",
        )
    if not holding:
        return not_holder_refusal()
    if cleaning:
        return _(
            "error_body_cleaning",
            default="正文清稿中：请待清稿完成后再签出编辑或签入。",
        )
    return None


def may_edit(step, holding, classified, has_body, cleaning=False):
    """True when the user may check the 正文 out and in (``edit_refusal`` is None)."""
    return edit_refusal(step, holding, classified, has_body, cleaning) is None


def not_holder_refusal():
    return _(
        "error_body_not_holder",
        default="只有当前环节的办理人可以修改正文。",
    )


def classified_refusal():
    return _(
        "error_body_classified",
        default="涉密公文不得在本系统存放正文（第二条），不能上传或修改 Word 正文。",
    )


# 清稿 (R-D6): the print room accepts every tracked change and removes the comments at
# 登记编号, before numbering (``routing.rules.numbering_refusal``). Owner D.
CLEAN_STEPS = (routing.NUMBERING,)


def clean_refusal(step, holding, classified, has_body, readable, clean, locked):
    """Why the user may not have the 正文 清稿'd now (a message), or None if they may.

    ``holding``: the user holds the step (the print room at 登记编号); ``readable``: the
    current version's analysis — None while the worker reads it, True when it read the
    file, False when it could not;
    ``clean``: the current version is already a 清稿 without changes or comments;
    ``locked``: someone has the 正文 checked out (their 签入 would come after the 清稿).
    """
    if classified:
        return classified_refusal()
    if not has_body:
        return _("error_word_body_missing", default="本文没有 Word 正文。")
    if step not in CLEAN_STEPS:
        return _("error_body_clean_step", default="只有文印室登记编号时可以清稿。")
    if not holding:
        return not_holder_refusal()
    if clean:
        return _("error_body_already_clean", default="正文已清稿，可以登记编号。")
    if locked:
        return _(
            "error_body_clean_locked",
            default="正文已被签出编辑，请先签入或取消签出，再清稿。",
        )
    if readable is None:
        return _(
            "error_body_clean_analysing",
            default="正文的当前版本还在分析中，请稍候片刻再清稿。",
        )
    if not readable:
        return _(
            "error_body_clean_unreadable",
            default="正文的当前版本无法读取，不能清稿：请签入一个能正常打开的文件。",
        )
    return None


# The hand-over (R-D6, ``wordbody.handover``): a check-out is for the step it was taken at.
def hand_over_ends_lock(old_step, new_step, holder, actor):
    """True when a transition from ``old_step`` to ``new_step`` made by ``actor`` ends the
    check-out ``holder`` has: every check-out when the step changes (提交, 送…, 退回, 撤回,
    签发 …), the actor's own when it stays (one co-signer of several has countersigned)."""
    return old_step != new_step or holder == actor
