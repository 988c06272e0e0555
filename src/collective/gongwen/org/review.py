"""R-ORG1: who reviews a draft as 部门负责人核稿 (第八条). Plain Python.

第八条: a document is normally reviewed by the department head who supervises
the matter (the drafter picks among the heads); a head's own draft goes to
another head; when the drafter is the department's only head, the drafter
reviews it — the step is never skipped.
"""

from collective.gongwen import _


class NoDepartmentHeadError(ValueError):
    """The department has no head, so nobody can do 部门负责人核稿."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "error_department_without_heads",
                default="本部门尚未设置部门负责人，无法提交部门负责人核稿，请联系管理员在「职能与人员」中设置。",
            )
        )


def dept_reviewers(drafter_id, head_ids):
    """The user ids the drafter may choose as reviewer, in the given order.

    ``head_ids`` are the department's heads (正职 and 副职). Raises
    ``NoDepartmentHeadError`` when there are none.
    """
    heads = list(dict.fromkeys(head_ids))  # keep order, drop duplicates
    if not heads:
        raise NoDepartmentHeadError()
    if drafter_id not in heads:
        return heads
    others = [head for head in heads if head != drafter_id]
    # The only head reviews their own draft: the step is never skipped.
    return others or [drafter_id]
