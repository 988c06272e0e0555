"""R-D6 rules in plain Python: who may upload and edit the Word 正文 at which step, and the
check-out lock's bounds (wordbody/rules.py)."""

import pytest

from collective.gongwen.routing import rules as routing
from collective.gongwen.wordbody import rules

ALL_STEPS = (
    routing.DRAFT,
    routing.DEPT_REVIEW,
    routing.OFFICE_REVIEW,
    routing.COUNTERSIGN,
    routing.LEADER_REVIEW,
    routing.DIRECTOR_SIGN,
    routing.LEADER_SIGN,
    routing.NUMBERING,
    routing.SECRETARY_CHECK,
    routing.SENT,
    routing.ARCHIVED,
    routing.VOIDED,
)


def test_r_d6_upload_only_by_the_drafter_holding_the_draft():
    assert rules.upload_refusal(routing.DRAFT, True, False, False) is None
    assert rules.upload_refusal(routing.DRAFT, False, False, False) == rules.not_holder_refusal()
    for step in ALL_STEPS[1:]:
        refusal = rules.upload_refusal(step, True, False, False)
        assert refusal is not None and "拟稿" in refusal.default


def test_r_d6_upload_refused_when_a_word_body_exists_or_classified():
    exists = rules.upload_refusal(routing.DRAFT, True, False, True)
    assert "签出编辑" in exists.default
    classified = rules.upload_refusal(routing.DRAFT, True, True, False)
    assert classified == rules.classified_refusal()
    assert "涉密" in classified.default


@pytest.mark.parametrize("step", ALL_STEPS)
def test_r_d6_edit_by_the_step_holder_until_sent(step):
    open_step = step not in (routing.SENT, routing.ARCHIVED, routing.VOIDED)
    assert rules.may_edit(step, True, False, True) is open_step
    assert not rules.may_edit(step, False, False, True)  # never by someone not holding it
    assert not rules.may_edit(step, True, True, True)  # never on a classified entry
    assert not rules.may_edit(step, True, False, False)  # nothing to edit


def test_r_d6_edit_refusals_say_why():
    assert "发送或归档" in rules.edit_refusal(routing.SENT, True, False, True).default
    assert "办理人" in rules.edit_refusal(routing.OFFICE_REVIEW, False, False, True).default
    assert "没有 Word 正文" in rules.edit_refusal(routing.DRAFT, True, False, False).default
    assert rules.edit_refusal(routing.NUMBERING, True, True, True) == rules.classified_refusal()


def test_r_d6_no_check_out_or_in_while_a_clean_is_pending():
    assert rules.may_edit(routing.NUMBERING, True, False, True, cleaning=False)
    assert not rules.may_edit(routing.NUMBERING, True, False, True, cleaning=True)
    refusal = rules.edit_refusal(routing.NUMBERING, True, False, True, cleaning=True)
    assert "清稿中" in refusal.default
    # who may not edit anyway is told why they may not, not about the 清稿
    assert "办理人" in rules.edit_refusal(routing.NUMBERING, False, False, True, True).default


def test_r_d6_print_room_and_secretaries_edit_at_their_steps():
    assert routing.NUMBERING in rules.EDIT_STEPS
    assert routing.SECRETARY_CHECK in rules.EDIT_STEPS
    assert rules.UPLOAD_STEPS == (routing.DRAFT,)


def test_r_d6_holding_is_the_panel_s_answer():
    # the user or one of their groups among the step's holders (steps.rules.is_assignee)
    assert rules.holds_step(("cy_print1", "changyuan-print_room"), ("changyuan-print_room",))
    assert not rules.holds_step(("cy_eng_staff",), ("cy_eng_head",))
    assert not rules.holds_step((), ())


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        (None, 4),
        ("", 4),
        ("abc", 4),
        (True, 4),
        (0, 1),
        (-5, 1),
        (1, 1),
        (8, 8),
        ("12", 12),
        (72, 72),
        (73, 72),
        (10**9, 72),
    ],
)
def test_r_d6_lock_hours_bounded(value, hours):
    assert rules.lock_hours(value) == hours
