"""Who may: 代录 (R-O9), answer a delivery (R-X1) and recall it (R-X2) — plain rules."""

import pytest

from collective.gongwen.exchange import rules as exchange
from collective.gongwen.routing import rules as routing


@pytest.mark.parametrize("step", routing.ON_BEHALF_STEPS)
def test_r_o9_leaders_steps_allow_on_behalf(step):
    assert routing.allows_on_behalf(step)
    routing.check_on_behalf("leader", ("leader",), step)


@pytest.mark.parametrize(
    "step",
    [routing.DRAFT, routing.DEPT_REVIEW, routing.OFFICE_REVIEW, routing.NUMBERING,
     routing.SECRETARY_CHECK, routing.SENT],
)  # fmt: skip
def test_r_o9_other_steps_refuse_on_behalf_even_for_an_assignee(step):
    assert not routing.allows_on_behalf(step)
    with pytest.raises(routing.OnBehalfStepError) as refused:
        routing.check_on_behalf("head", ("head",), step)
    assert "代录" in refused.value.message.default


def test_r_o9_on_behalf_only_for_an_assignee_of_the_step():
    with pytest.raises(routing.OnBehalfError):
        routing.check_on_behalf("leader1", ("leader2",), routing.LEADER_REVIEW)


def test_r_o9_the_drafter_office_heads_and_secretaries_type_for_leaders():
    people = {"drafter": "d", "office_heads": ("o",), "secretaries": ("s",)}
    for user_id in ("d", "o", "s"):
        assert routing.may_type_for_others(user_id, **people)
    assert not routing.may_type_for_others("someone", **people)
    assert not routing.may_type_for_others(None, drafter=None, office_heads=(), secretaries=())


def test_r_x1_a_department_delivery_is_answered_by_its_receivers_a_unit_by_its_secretaries():
    unit = {"unit_id": "xinxiang", "department_id": None}
    department = {"unit_id": "xinxiang", "department_id": "water"}
    assert exchange.answering_function(unit) == exchange.SECRETARIES
    assert exchange.answering_function(department) == exchange.RECEIVERS
    assert exchange.answering_function({"unit_id": None}) is None


def test_r_x1_only_the_answering_function_answers():
    assert exchange.answer_refusal(True) is None
    assert exchange.answer_refusal(False) == "not_recipient"


def test_r_x2_only_the_senders_secretaries_recall_while_it_is_sent():
    assert exchange.recall_refusal(True, exchange.SENT) is None
    assert exchange.recall_refusal(False, exchange.SENT) == "recall_not_sender"
    assert exchange.recall_refusal(True, "secretary_check") == "not_allowed"
