"""R-O8 / R-I1: the written form of 文号 and 收文编号 (numbering/rules.py, plain Python)."""

import datetime

import pytest

from collective.gongwen.numbering.rules import NumberingError
from collective.gongwen.numbering.rules import check_agency_code
from collective.gongwen.numbering.rules import format_issue_number
from collective.gongwen.numbering.rules import format_receipt_number
from collective.gongwen.numbering.rules import numbering_year
from collective.gongwen.numbering.rules import parse_issue_number
from collective.gongwen.numbering.rules import parse_number
from collective.gongwen.numbering.rules import parse_receipt_number


def test_r_o8_issue_number_has_hexagonal_brackets_no_di_no_leading_zeros():
    assert format_issue_number("长河", 2026, 7) == "长河〔2026〕7号"
    assert format_issue_number(" 新河 ", 2026, 120) == "新河〔2026〕120号"


def test_r_i1_receipt_number_is_prefixed_by_the_units_agency_code():
    assert format_receipt_number("长河", 2026, 15) == "长河收〔2026〕15号"


@pytest.mark.parametrize("n", [0, -1, 1.0, "7", True, None])
def test_r_o8_sequence_must_be_a_positive_integer(n):
    with pytest.raises(NumberingError):
        format_issue_number("长河", 2026, n)


@pytest.mark.parametrize("year", [26, 1900, 3000, "2026", None, True])
def test_r_o8_year_must_be_a_four_digit_year(year):
    with pytest.raises(NumberingError):
        format_issue_number("长河", year, 1)


@pytest.mark.parametrize(
    "code", ["", "  ", None, "长 河", "长河〔", "长河(", "长河2", "长河收", "长" * 21]
)
def test_r_o8_agency_code_validated(code):
    with pytest.raises(NumberingError) as raised:
        check_agency_code(code)
    assert raised.value.msgid.startswith("error_numbering_")
    assert "代字" in str(raised.value)


def test_r_o8_agency_code_error_is_chinese_with_the_code():
    with pytest.raises(NumberingError) as raised:
        check_agency_code("长河2")
    assert raised.value.mapping == {"code": "长河2"}
    assert "「长河2」" in str(raised.value)


def test_r_o8_parse_round_trips_format():
    for code, year, n in [("长河", 2026, 7), ("国办发", 2025, 1), ("新河", 2030, 1234)]:
        assert parse_issue_number(format_issue_number(code, year, n)) == (code, year, n)
        assert parse_receipt_number(format_receipt_number(code, year, n)) == (code, year, n)


@pytest.mark.parametrize(
    "text",
    [
        "长河〔2026〕第7号",  # no 第
        "长河〔2026〕07号",  # no leading zeros
        "长河[2026]7号",  # 六角括号 only
        "长河（2026）7号",
        "长河〔26〕7号",
        "〔2026〕7号",  # no 代字
        "长河〔2026〕7",
        "长河〔2026〕0号",
        "长河收〔2026〕7号",  # a 收文编号 is not a 文号
        "",
        None,
        7,
    ],
)
def test_r_o8_parse_issue_number_refuses_non_canonical(text):
    assert parse_issue_number(text) is None


def test_r_o8_parse_ignores_surrounding_spaces():
    assert parse_issue_number(" 长河〔2026〕7号 ") == ("长河", 2026, 7)


def test_r_i1_parse_receipt_number_refuses_a_wenhao():
    assert parse_receipt_number("长河〔2026〕7号") is None
    assert parse_receipt_number("收〔2026〕7号") is None
    assert parse_receipt_number("长河收〔2026〕07号") is None


def test_r_o8_parse_number_tells_the_kinds_apart():
    assert parse_number("长河〔2026〕7号") == ("issue", "长河", 2026, 7)
    assert parse_number("长河收〔2026〕7号") == ("receipt", "长河", 2026, 7)
    assert parse_number("长河 2026 7") is None


def test_r_o8_year_is_the_year_in_beijing():
    utc = datetime.UTC
    # 17:00 UTC on 31 December is 01:00 on 1 January in Beijing.
    assert numbering_year(datetime.datetime(2025, 12, 31, 17, 0, tzinfo=utc)) == 2026
    assert numbering_year(datetime.datetime(2025, 12, 31, 15, 59, tzinfo=utc)) == 2025
    with pytest.raises(ValueError):
        numbering_year(datetime.datetime(2025, 12, 31, 17, 0))
