"""R-D6 in plain Python: which hand-over ends a check-out of the Word 正文
(``wordbody.rules.hand_over_ends_lock``)."""

import pytest

from collective.gongwen.routing import rules as routing
from collective.gongwen.wordbody import rules


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (routing.DRAFT, routing.DEPT_REVIEW),  # 提交
        (routing.DEPT_REVIEW, routing.OFFICE_REVIEW),  # 送办公室把关
        (routing.OFFICE_REVIEW, routing.DRAFT),  # 退回
        (routing.DEPT_REVIEW, routing.DRAFT),  # 撤回 by the drafter
        (routing.LEADER_SIGN, routing.NUMBERING),  # 签发
    ],
)
def test_r_d6_a_new_step_ends_every_check_out(old, new):
    assert rules.hand_over_ends_lock(old, new, "cy_eng_head", "cy_eng_head")
    assert rules.hand_over_ends_lock(old, new, "cy_eng_head", "cy_eng_staff")  # someone else's


def test_r_d6_the_same_step_ends_the_actors_own_check_out_only():
    step = routing.COUNTERSIGN
    assert rules.hand_over_ends_lock(step, step, "cy_leader1", "cy_leader1")
    assert not rules.hand_over_ends_lock(step, step, "cy_leader2", "cy_leader1")
