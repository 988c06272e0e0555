"""R-O11 撤回 as plain rules (``routing.rules``): who may take which move back, and where to."""

import datetime

import pytest

from collective.gongwen.routing import rules
from collective.gongwen.steps.opinions import Opinion

NOW = datetime.datetime(2026, 12, 6, 1, 0, tzinfo=datetime.UTC)


def record(step, action, actor="cy_eng_staff", on_behalf_of=None):
    return Opinion(step, action, actor, on_behalf_of, "", NOW)


@pytest.mark.parametrize(
    "step, action, now",
    [
        ("draft", rules.SUBMIT, "dept_review"),
        ("dept_review", rules.APPROVE, "office_review"),
        ("office_review", rules.APPROVE, "leader_sign"),
        ("office_review", rules.REQUEST_COUNTERSIGN, "countersign"),
        ("leader_review", rules.APPROVE, "director_sign"),
        ("director_sign", rules.REQUEST_COUNTERSIGN, "countersign"),
        ("countersign", rules.COUNTERSIGN_ACTION, "office_review"),  # the last one's 送秘书
    ],
)
def test_r_o11_retract_allowed_until_opened(step, action, now):
    move = record(step, action)
    assert rules.retract_refusal(move, "cy_eng_staff", now) is None
    refused = rules.retract_refusal(move, "cy_eng_staff", now, ("王科长",))
    assert isinstance(refused, rules.RetractOpenedError)
    assert refused.message.mapping == {"names": "王科长"}


@pytest.mark.parametrize(
    "step, action, now",
    [
        ("director_sign", rules.SIGN, "numbering"),
        ("leader_sign", rules.SIGN, "numbering"),
        ("numbering", rules.NUMBER, "secretary_check"),
        ("secretary_check", rules.SEND, "sent"),
        ("dept_review", rules.RETURN, "draft"),
        ("draft", rules.VOID, "voided"),
        ("numbering", rules.RESIGN, "leader_sign"),
        ("dept_review", rules.RETRACT, "draft"),  # a 撤回 is not taken back in turn
        # a co-signer's 会签 that keeps it in 领导会签 hands nothing back
        ("countersign", rules.COUNTERSIGN_ACTION, "countersign"),
    ],
)
def test_r_o11_retract_refused_after_sign_number_send_return(step, action, now):
    refused = rules.retract_refusal(record(step, action), "cy_eng_staff", now)
    assert isinstance(refused, rules.RetractNotAllowedError)


def test_r_o11_only_who_handed_over_may_retract():
    move = record("leader_review", rules.APPROVE, actor="cy_eng_staff", on_behalf_of="cy_leader2")
    # the leader whose paper opinion was entered (代录), and the typist, may; nobody else
    assert rules.retract_refusal(move, "cy_leader2", "director_sign") is None
    assert rules.retract_refusal(move, "cy_eng_staff", "director_sign") is None
    for user in ("cy_director", "cy_office_head", "", None):
        refused = rules.retract_refusal(move, user, "director_sign")
        assert isinstance(refused, rules.RetractNotAllowedError)
    assert isinstance(rules.retract_refusal(None, "x", "draft"), rules.RetractNotAllowedError)


def test_r_o11_retract_targets_the_retractors_step():
    assert rules.retract_transition("draft") == "retract_draft"
    for step in rules.RETRACT_STEPS:
        assert rules.action_of_transition(rules.retract_transition(step)) == rules.RETRACT
    # back in 领导会签 the co-signer is pending again; a 请领导会签 undone leaves nobody
    assert rules.retract_pending("office_review", "countersign", "cy_leader1") == ("cy_leader1",)
    assert rules.retract_pending("countersign", "office_review", "cy_office_head") == ()
    assert rules.retract_pending("dept_review", "draft", "cy_eng_staff") is None
    # the 撤回's reason is optional
    assert not rules.needs_opinion(rules.RETRACT)
