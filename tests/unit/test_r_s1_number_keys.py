"""R-S1: a 文号, 收文编号, 来文字号 or 档号 has one key however its brackets, widths, 第/号,
spaces and leading zeros were typed (``numbering.keys``)."""

import pytest

from collective.gongwen.archive.rules import format_archival_code
from collective.gongwen.numbering.keys import MAX_LENGTH
from collective.gongwen.numbering.keys import looks_like_number
from collective.gongwen.numbering.keys import number_key
from collective.gongwen.numbering.keys import numbers_in_text

ISSUE_SPELLINGS = (
    "长河〔2026〕4号",
    "长河[2026]4号",
    "长河【2026】4号",
    "长河(2026)4号",
    "长河（2026）4号",
    "长河［2026］4号",
    "长河〈2026〉4号",
    "长河〔２０２６〕４号",
    "长河〔2026〕第4号",
    "长河〔2026〕004号",
    "长河〔2026〕第04号",
    "长河〔2026〕4",
    "长河2026 4号",
    "长河 2026 4",
    " 长 河 〔 2026 〕 第 4 号 ",
    "长河 [2026] 4 号",
    "长河\t〔2026〕\u30004号",
)


@pytest.mark.parametrize("spelling", ISSUE_SPELLINGS)
def test_r_s1_issue_number_spellings_share_one_key(spelling):
    assert number_key(spelling) == "长河/2026/4"
    assert looks_like_number(spelling)


@pytest.mark.parametrize(
    "spelling",
    (
        "长河收〔2026〕7号",
        "长河收[2026]7号",
        "长河收（2026）第7号",
        "长河收 【2026】 007",
        "长河 收〔2026〕7号",
    ),
)
def test_r_s1_receipt_number_spellings_share_one_key(spelling):
    assert number_key(spelling) == "长河收/2026/7"
    assert looks_like_number(spelling)


def test_r_s1_issue_and_receipt_numbers_and_neighbours_differ():
    keys = {
        number_key(text)
        for text in (
            "长河〔2026〕4号",
            "长河收〔2026〕4号",
            "长河〔2026〕14号",
            "长河〔2025〕4号",
            "新河〔2026〕4号",
        )
    }
    assert len(keys) == 5


def test_r_s1_latin_agency_codes_fold_width_and_case():
    assert number_key("ＨＷ〔2026〕3号") == number_key("hw[2026]3") == "hw/2026/3"


@pytest.mark.parametrize(
    "spelling",
    (
        "118-WS·2026-D10-BGS-0007",
        "118-WS.2026-D10-BGS-7",
        "118-ws-2026-d10-bgs-0007",
        "１１８－ＷＳ・２０２６－Ｄ１０－ＢＧＳ－０００７",
        "118 WS 2026 D10 BGS 7",
        "118WS2026D10BGS0007",
    ),
)
def test_r_s1_archival_code_spellings_share_one_key(spelling):
    code = format_archival_code("118", 2026, "10_years", "BGS", 7)
    assert code == "118-WS·2026-D10-BGS-0007"
    assert number_key(spelling) == number_key(code) == "118/ws/2026/d/10/bgs/7"
    assert looks_like_number(spelling)


@pytest.mark.parametrize("retention", ("permanent", "30_years", "10_years"))
def test_r_s1_every_archival_code_looks_like_a_number(retention):
    code = format_archival_code("105", 2015, retention, "BGS", 12)
    assert looks_like_number(code)
    assert number_key(code.replace("-", " ")) == number_key(code)


def test_r_s1_archival_codes_of_other_retentions_differ():
    codes = {
        number_key(format_archival_code("118", 2026, retention, "BGS", 7))
        for retention in ("permanent", "30_years", "10_years")
    }
    assert len(codes) == 3


@pytest.mark.parametrize(
    "text",
    (
        "",
        None,
        "防汛",
        "关于做好汛前检查的通知",
        "2026",
        "2026年防汛工作",
        "长河〔2026〕",  # no 序号
        "长河〔1800〕4号",  # no year of ours
        "关于防汛的通知（长河〔2026〕4号）",  # a title with its number is no number
        "长河〔2026〕4号，请查收",
        "长河" * 60,
        "x" * (MAX_LENGTH + 1),
    ),
)
def test_r_s1_other_text_does_not_look_like_a_number(text):
    assert not looks_like_number(text)


def test_r_s1_key_of_nothing_or_too_long_text_is_none():
    assert number_key("") is None
    assert number_key(None) is None
    assert number_key("〔〕 -") is None
    assert number_key("4" * (MAX_LENGTH + 1)) is None


def test_r_s1_numbers_in_running_text_give_the_keys_of_every_possible_agency_code():
    keys = numbers_in_text(
        "根据长河〔2026〕第4号和118-WS·2026-D10-BGS-0007文件，另见新河收（2026）7号"
    )
    assert number_key("长河〔2026〕4号") in keys
    assert number_key("118-WS·2026-D10-BGS-0007") in keys
    assert number_key("新河收〔2026〕7号") in keys
    assert number_key("新河〔2026〕7号") not in keys  # 收 is part of the 收文编号
    assert numbers_in_text("2026年的工作，第4号简报") == set()


@pytest.mark.parametrize(
    "typed",
    [
        "新河〔2026〕30号",
        "新河[2026]30号",
        "新河【２０２６】第030号",
        "新河（2026）30",
        "新河 2026 30",
    ],
)
def test_r_s1_registration_compares_the_one_normal_form(typed):
    """登记's check against a 来文 registered twice (R-I1) uses the search's normal form."""
    from collective.gongwen.incoming.registration import registration_key

    assert registration_key(" 新乡河务局", typed) == f"新乡河务局|{number_key('新河〔2026〕30号')}"
    assert registration_key("新乡河务局", typed) != registration_key("濮阳河务局", typed)
    other = registration_key("新乡河务局", "新河〔2026〕31号")
    assert other != registration_key("新乡河务局", typed)
    assert registration_key("", typed) is None
    assert registration_key("新乡河务局", "〔〕") is None
