"""What the steps of 发文 and 收文 share, as plain Python (no Zope): the refusals every
step may answer (``StepError`` and its kinds, each with its Chinese message) and
who holds a step (``holders_or_refuse``, ``is_assignee``). Each flow's own rules
(``routing.rules``, ``incoming.rules``) add theirs.
"""

from collective.gongwen import _


class StepError(ValueError):
    """A refused step action (发文 or 收文); ``message`` is a translatable Chinese message."""

    default = _("error_routing_refused", default="无法办理此操作。")

    def __init__(self, message=None, mapping=None):
        message = message or self.default
        if mapping:
            message = _(message, default=message.default, mapping=mapping)
        self.message = message
        super().__init__(message)


class EmptyOpinionError(StepError):
    """R-O2: a review or signature without a written opinion (第十条)."""

    default = _(
        "error_opinion_required", default="请填写意见后再提交（第十条：审核后须填写意见）。"
    )


class NotAssigneeError(StepError):
    """R-O1: only the current step's assignees may act on it."""

    default = _("error_not_assignee", default="您不是当前环节的办理人，不能办理此公文。")


class NotCandidateError(NotAssigneeError):
    """A choice (next assignee, co-signer, reader) outside the people the step allows."""

    default = _("error_chosen_not_candidate", default="所选办理人不在本环节可选范围内。")


class VoidReasonRequiredError(EmptyOpinionError):
    """R-O13: 作废 needs its reason, kept in the history and on the 发文稿纸."""

    default = _("error_void_reason_required", default="作废公文须填写作废原因。")


class FileRemovalRefusedError(StepError):
    """R-O13: the files of a document on record are replaced as versions, never removed."""

    default = _(
        "error_file_removal_refused",
        default="发文送审后、收文送拟办后，其文件均不得删除；如需更正，请上传新版本替换"
        "（旧版本仍可查看）。",
    )


class ActionNotAvailableError(StepError):
    """The action does not apply to the document's current step."""

    default = _("error_action_not_available", default="当前环节不能办理此操作。")


class NoAssigneeError(StepError):
    """Nobody holds the function a step needs."""

    default = _(
        "error_step_without_assignee",
        default="下一环节「${step}」没有办理人，请联系管理员在「职能与人员」中设置。",
    )


def holders_or_refuse(found, step_title):
    """``found`` without blanks and repeats, in order; NoAssigneeError naming the step if empty."""
    found = tuple(dict.fromkeys(p for p in found if p))
    if not found:
        raise NoAssigneeError(mapping={"step": step_title})
    return found


def is_assignee(principals, assignees):
    """True when any of ``principals`` (a user id and their group ids) is an assignee."""
    return bool(set(principals) & set(assignees))
