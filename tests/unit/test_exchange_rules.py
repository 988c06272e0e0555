"""R-O10: who a 发文 is delivered to (plain rules)."""

from collective.gongwen.exchange.rules import CC
from collective.gongwen.exchange.rules import MAIN
from collective.gongwen.exchange.rules import delivery_plan


def test_r_o10_main_first_then_copies_each_once():
    plan = delivery_plan(["新乡河务局", " ", "新乡河务局"], ["长垣县防汛办 ", "新乡河务局", None])
    assert plan == [("新乡河务局", MAIN), ("长垣县防汛办", CC)]


def test_r_o10_no_recipients_no_deliveries():
    assert delivery_plan(None, []) == []
