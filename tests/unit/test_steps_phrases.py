"""常用意见 rules (steps/phrases.py): cleaning, bounds with Chinese messages, what the box
offers and who keeps a unit's."""

from collective.gongwen.content.bounds import PHRASES
from collective.gongwen.steps import phrases


def test_phrases_clean_strips_drops_empty_repeats_and_non_text():
    typed = phrases.split_lines(" 同意。\r\n\n同意。\n拟同意，请领导审批。 \n")
    assert phrases.clean([*typed, None, 3]) == ["同意。", "拟同意，请领导审批。"]
    assert phrases.split_lines(["not", "text"]) == []


def test_r_sec5_phrases_are_bounded_in_count_and_length():
    assert phrases.phrases_problem(["同意。"] * PHRASES.max_items, "我的常用意见") is None
    too_many = phrases.phrases_problem(["同意。"] * (PHRASES.max_items + 1), "我的常用意见")
    assert too_many == "我的常用意见不能超过 30 项（现为 31 项）。"
    too_long = phrases.phrases_problem(["同意。", "长" * 101], "单位常用意见")
    assert too_long == "单位常用意见第 2 项不能超过 100 字（现为 101 字）。"


def test_phrases_offered_personal_first_then_unit_once():
    offered = phrases.offered(["已阅。", "同意。"], ["同意。", "请按程序办理。"])
    assert offered == [
        ("已阅。", phrases.PERSONAL),
        ("同意。", phrases.PERSONAL),
        ("请按程序办理。", phrases.UNIT),
    ]


def test_phrases_defaults_only_when_neither_keeps_any():
    offered = phrases.offered([], ["  "])
    assert [source for _text, source in offered] == [phrases.DEFAULT] * len(offered)
    assert [str(text.default) for text, _source in offered][0] == "同意。"
    assert phrases.offered(["同意。"], []) == [("同意。", phrases.PERSONAL)]


def test_phrases_offered_leaves_out_what_an_older_bound_let_in():
    stored = ["长" * 101] + [f"意见{n}" for n in range(40)]
    offered = phrases.offered(stored, [])
    assert len(offered) == PHRASES.max_items - 1  # the first 30 kept, the over-long one out
    assert all(len(text) <= PHRASES.item_max_chars for text, _source in offered)


def test_unit_phrases_are_kept_by_the_office_or_an_administrator():
    keepers = ["cy_office_head", "cy_secretary1"]
    assert phrases.may_edit_unit_phrases("cy_secretary1", keepers)
    assert not phrases.may_edit_unit_phrases("cy_eng_staff", keepers)
    assert phrases.may_edit_unit_phrases("admin", keepers, is_admin=True)
    assert not phrases.may_edit_unit_phrases(None, keepers, is_admin=True)
