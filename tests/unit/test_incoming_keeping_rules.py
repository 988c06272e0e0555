"""R-O13 for 收文 as plain rules: a registered 收文 is kept, its files from the first opinion
record on, and a registration made by mistake is voided (作废) by a secretary at 登记 or 送阅
with a reason — never one made by 签收 (no Zope)."""

import datetime

import pytest

from collective.gongwen.incoming import rules
from collective.gongwen.portal import listing_rules
from collective.gongwen.routing import rules as routing_rules


@pytest.mark.parametrize(
    ("step", "records", "numbered", "kept"),
    [
        ("registered", 0, True, True),  # 收文编号 issued: on the register
        ("registered", 0, False, False),  # outside a unit: never numbered, nothing on record
        ("proposing", 1, True, True),
        ("done", 9, True, True),
        ("voided", 1, True, True),
        ("voided", 1, False, True),  # its number released by hand: still kept
    ],
)
def test_r_o13_a_registered_incoming_is_kept(step, records, numbered, kept):
    assert rules.is_kept(step, records, numbered) is kept


@pytest.mark.parametrize(
    ("step", "records", "kept"),
    [
        ("registered", 0, False),  # a file uploaded by mistake may still go
        ("proposing", 1, True),  # from 送拟办 on: replaced as versions only
        ("routing", 2, True),
        ("archived", 12, True),
        ("voided", 1, True),
    ],
)
def test_r_o13_incoming_files_are_kept_from_the_first_record(step, records, kept):
    assert rules.files_kept(step, records) is kept


@pytest.mark.parametrize(
    ("step", "signed_for", "refusal"),
    [
        ("registered", False, None),
        ("routing", False, None),  # 拟办 given, no leader has read it yet
        ("proposing", False, rules.VoidNotAllowedError),  # with the office head
        ("leader_reading", False, rules.VoidNotAllowedError),
        ("dispatching", False, rules.VoidNotAllowedError),  # a leader's 批示 is on it
        ("done", False, rules.VoidNotAllowedError),
        ("voided", False, rules.VoidNotAllowedError),
        ("registered", True, rules.SignedForVoidError),  # 签收'd: 退回 was the way
    ],
)
def test_r_o13_incoming_is_voided_at_registration_or_routing_only(step, signed_for, refusal):
    found = rules.void_refusal(step, signed_for)
    if refusal is None:
        assert found is None
    else:
        assert isinstance(found, refusal)


def test_r_o13_incoming_is_voided_by_a_secretary():
    assert rules.may_void_as(("cy_secretary1", "AuthenticatedUsers"), ("cy_secretary1", "s2"))
    assert not rules.may_void_as(("cy_office_head",), ("cy_secretary1", "s2"))
    assert not rules.may_void_as((), ())


def test_r_o13_incoming_void_is_a_transition_with_a_reason():
    for step in rules.VOIDABLE_STEPS:
        assert rules.transition_for(step, rules.VOID) == "void"
    for step in (rules.PROPOSING, rules.LEADER_READING, rules.HANDLING, rules.DONE):
        with pytest.raises(rules.ActionNotAvailableError):
            rules.transition_for(step, rules.VOID)
    assert rules.needs_opinion(rules.VOID)
    assert "void" in rules.OPINION_TRANSITIONS
    assert rules.action_of_transition("void") == rules.VOID
    assert isinstance(
        rules.missing_opinion_error(rules.VOID), routing_rules.VoidReasonRequiredError
    )
    assert type(rules.missing_opinion_error(rules.READ)) is routing_rules.EmptyOpinionError


def test_r_o13_incoming_voided_is_finished_and_held_by_nobody():
    assert rules.STEP_TITLES[rules.VOIDED] == "已作废"
    assert rules.VOIDED in rules.CLOSED_STEPS
    assert rules.step_holders(rules.VOIDED, rules.IncomingPeople(secretaries_group="s")) == ()
    assert listing_rules.is_finished(rules.VOIDED)  # never overdue, out of 办理中
    assert not listing_rules.is_overdue(
        datetime.date(2026, 1, 1), rules.VOIDED, datetime.date(2026, 6, 1)
    )
    assert len(listing_rules.FINISHED_STATES) == len(set(listing_rules.FINISHED_STATES))


def test_r_o13_incoming_messages_are_chinese():
    assert "不得删除" in rules.DeletionRefusedError().message.default
    assert "作废" in rules.DeletionRefusedError().message.default
    assert "领导阅批前" in rules.VoidNotAllowedError().message.default
    assert "退回" in rules.SignedForVoidError().message.default
    assert "新版本" in routing_rules.FileRemovalRefusedError().message.default
