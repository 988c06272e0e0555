"""R-O10, R-X1, R-X2: who a 发文 is delivered to and what may happen to a delivery (plain rules)."""

import pytest

from collective.gongwen.exchange import rules
from collective.gongwen.exchange.rules import CC
from collective.gongwen.exchange.rules import MAIN
from collective.gongwen.exchange.rules import delivery_plan


def test_r_o10_main_first_then_copies_each_once():
    plan = delivery_plan(["新乡河务局", " ", "新乡河务局"], ["长垣县防汛办 ", "新乡河务局", None])
    assert plan == [("新乡河务局", MAIN), ("长垣县防汛办", CC)]


def test_r_o10_no_recipients_no_deliveries():
    assert delivery_plan(None, []) == []


def test_r_x1_a_delivery_waits_while_sent_or_opened():
    assert rules.is_waiting(rules.SENT) and rules.is_waiting(rules.OPENED)
    for state in (rules.SIGNED, rules.RETURNED, rules.RECALLED):
        assert not rules.is_waiting(state)


def test_r_x1_open_sign_return_from_a_waiting_delivery():
    assert rules.next_state(rules.SENT, rules.OPEN) == rules.OPENED
    assert rules.next_state(rules.OPENED, rules.OPEN) == rules.OPENED
    for state in rules.WAITING:
        assert rules.next_state(state, rules.SIGN) == rules.SIGNED
        assert rules.next_state(state, rules.RETURN) == rules.RETURNED


def test_r_x2_recall_only_before_the_first_open():
    assert rules.next_state(rules.SENT, rules.RECALL) == rules.RECALLED
    expected = {
        rules.OPENED: "recall_opened",
        rules.SIGNED: "already_signed",
        rules.RETURNED: "already_returned",
        rules.RECALLED: "recalled",
    }
    for state, code in expected.items():
        with pytest.raises(rules.DeliveryRefused) as refused:
            rules.next_state(state, rules.RECALL)
        assert refused.value.code == code


def test_r_x2_a_recalled_delivery_cannot_be_opened_or_signed():
    for event in (rules.OPEN, rules.SIGN, rules.RETURN):
        with pytest.raises(rules.DeliveryRefused) as refused:
            rules.next_state(rules.RECALLED, event)
        assert refused.value.code == "recalled"
    assert rules.may_deliver_again(rules.RECALLED) and rules.may_deliver_again(rules.RETURNED)
    assert not rules.may_deliver_again(rules.SIGNED)
