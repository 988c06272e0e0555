"""R-O13 and R-D4 as plain rules: who may delete or void a 发文, the 已作废 state, and the
body refused as an attachment (no Zope)."""

import pytest

from collective.gongwen.content import rules as document_rules
from collective.gongwen.portal import listing_rules
from collective.gongwen.routing import rules


@pytest.mark.parametrize(
    ("step", "records", "submitted"),
    [
        ("draft", 0, False),  # never submitted
        ("draft", 2, True),  # submitted, then returned: its records stay
        ("dept_review", 1, True),
        ("sent", 6, True),
        ("voided", 3, True),
    ],
)
def test_r_o13_was_submitted(step, records, submitted):
    assert rules.was_submitted(step, records) is submitted
    assert rules.may_delete(step, records) is (not submitted)


@pytest.mark.parametrize(
    ("step", "records", "voidable"),
    [
        ("draft", 0, False),  # deleted instead
        ("draft", 2, True),  # a returned draft
        ("dept_review", 1, False),  # in review: the reviewer returns it first
        ("voided", 3, False),
        ("archived", 8, False),
    ],
)
def test_r_o13_only_a_returned_draft_may_be_voided(step, records, voidable):
    assert rules.may_void(step, records) is voidable


def test_r_o13_who_voids_the_holder_or_an_office_head():
    assert rules.may_void_as(("drafter", "AuthenticatedUsers"), ("drafter",), ())
    assert rules.may_void_as(("office1",), ("drafter",), ("office1", "office2"))
    assert not rules.may_void_as(("head",), ("drafter",), ("office1",))


def test_r_o13_void_is_an_action_of_the_draft_with_a_reason():
    assert rules.transition_for(rules.DRAFT, rules.VOID, "downward") == "void"
    with pytest.raises(rules.ActionNotAvailableError):
        rules.transition_for(rules.DEPT_REVIEW, rules.VOID, "downward")
    assert rules.needs_opinion(rules.VOID)
    assert "void" in rules.OPINION_TRANSITIONS
    assert rules.action_of_transition("void") == rules.VOID
    with pytest.raises(rules.VoidReasonRequiredError) as refused:
        rules.checked_opinion("  ", rules.VOID)
    assert "作废原因" in refused.value.message.default
    assert rules.checked_opinion(" 不再印发。 ", rules.VOID) == "不再印发。"


def test_r_o13_voided_state_title_and_listing():
    assert rules.STEP_TITLES[rules.VOIDED] == "已作废"
    assert listing_rules.is_finished(rules.VOIDED)  # never overdue, out of 办理中
    assert rules.candidates(rules.VOIDED, rules.StepPeople(drafter="a")) == ()


def test_r_o13_messages_are_chinese():
    assert "不得删除" in rules.DeletionRefusedError().message.default
    assert "直接删除" in rules.VoidNotAllowedError().message.default


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        ("关于做好防汛工作的通知", "", True),  # named like the document
        ("《关于做好防汛工作的通知》.docx", "", True),
        ("正文", "", True),
        ("材料", "请各单位做好防汛工作。", True),  # the same text as the body
        ("值班表", "张三、李四", False),
    ],
)
def test_r_d4_body_copy_problems_name_the_file(name, text, refused):
    problems = document_rules.body_copy_problems(
        name, "关于做好防汛工作的通知", "<p>请各单位做好防汛工作。</p>", text
    )
    assert bool(problems) is refused
    if refused:
        assert problems[0].startswith("不可将正文作为附件添加（第十一条）：")
        assert problems[0].msgid == "problem_body_as_attachment"
