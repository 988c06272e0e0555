"""R-P1, R-P3: which held documents are 待办 or 草稿, their sender, their 办理时限."""

import datetime

from collective.gongwen.steps import todo_rules

OUT, IN = todo_rules.OUTGOING_TYPE, todo_rules.INCOMING_TYPE
DAY = datetime.date(2026, 12, 5)


def test_r_p3_a_draft_never_returned_is_not_todo():
    assert todo_rules.is_draft(OUT, "draft")
    assert not todo_rules.is_todo(OUT, "draft", returned=False)
    assert not todo_rules.is_todo(OUT, "draft", returned=None)  # not indexed yet


def test_r_p3_a_returned_draft_is_todo_and_a_draft():
    assert todo_rules.is_todo(OUT, "draft", returned=True)
    assert todo_rules.is_returned_draft(OUT, "draft", True)
    assert todo_rules.is_draft(OUT, "draft")


def test_r_p3_every_other_held_step_is_todo():
    for portal_type, state in ((OUT, "dept_review"), (OUT, "numbering"), (IN, "registered")):
        assert todo_rules.is_todo(portal_type, state, returned=False)
        assert not todo_rules.is_draft(portal_type, state)
        # the flag of an old 退回 means nothing once the document moved on
        assert not todo_rules.is_returned_draft(portal_type, state, True)


def test_r_p3_came_back_is_the_latest_record_being_a_return():
    assert todo_rules.came_back(["submit", "approve", "return"])
    assert not todo_rules.came_back(["submit", "approve", "return", "submit"])
    assert not todo_rules.came_back(["submit", "retract"])  # taken back by its drafter
    assert not todo_rules.came_back([])


def test_r_p3_sender_is_who_handed_over_but_never_the_holder_or_viewer():
    assert todo_rules.sender_of("cy_eng_staff", ("cy_eng_head",)) == "cy_eng_staff"
    assert todo_rules.sender_of("cy_eng_staff", ("cy_eng_staff",)) is None
    assert todo_rules.sender_of("cy_secretary1", ("secretaries",), "cy_secretary1") is None
    assert todo_rules.sender_of(None, ("cy_eng_head",)) is None
    assert todo_rules.sender_of("", ()) is None


def test_r_p3_deadline_is_the_earlier_of_step_and_document():
    later = DAY + datetime.timedelta(days=3)
    assert todo_rules.earliest(DAY, later) == DAY
    assert todo_rules.earliest(later, DAY) == DAY
    assert todo_rules.earliest(None, later) == later
    assert todo_rules.earliest(DAY, None) == DAY
    assert todo_rules.earliest(None, None) is None


def test_r_p3_late_only_after_the_deadline_day():
    assert todo_rules.is_late(DAY, DAY + datetime.timedelta(days=1))
    assert not todo_rules.is_late(DAY, DAY)
    assert not todo_rules.is_late(None, DAY)
