"""R-R1/R-R2: 档号 (DA/T 22-2015), the 件号 group and expiry of 保管期限, as plain Python."""

import datetime

import pytest

from collective.gongwen.archive import rules


def test_r_r1_archival_code_is_written_per_da_t_22():
    code = rules.format_archival_code("118", 2026, rules.YEARS_10, "BGS", 7)
    assert code == "118-WS·2026-D10-BGS-0007"
    assert rules.format_archival_code("105", 2015, rules.PERMANENT, "SZK", 123) == (
        "105-WS·2015-Y-SZK-0123"
    )
    assert rules.format_archival_code("105", 2015, rules.YEARS_30, "SZK", 9999).endswith(
        "-D30-SZK-9999"
    )


def test_r_r1_archival_code_parses_back():
    parts = rules.parse_archival_code(" 118-WS·2026-D30-GCK-0012 ")
    assert parts == {
        "fonds": "118",
        "category": "WS",
        "year": 2026,
        "retention": rules.YEARS_30,
        "organ": "GCK",
        "item_number": 12,
    }
    assert rules.parse_archival_code("长河〔2026〕4号") is None
    assert rules.parse_archival_code("") is None


@pytest.mark.parametrize(
    "fonds, year, retention, organ, n, word",
    [
        ("", 2026, rules.YEARS_10, "BGS", 1, "全宗号"),
        ("1-8", 2026, rules.YEARS_10, "BGS", 1, "全宗号"),
        ("118", 1800, rules.YEARS_10, "BGS", 1, "年度"),
        ("118", 2026, "5_years", "BGS", 1, "保管期限"),
        ("118", 2026, rules.YEARS_10, "办公室", 1, "机构"),
        ("118", 2026, rules.YEARS_10, "BGS", 0, "件号"),
        ("118", 2026, rules.YEARS_10, "BGS", 10000, "件号"),
        ("118", 2026, rules.YEARS_10, "BGS", True, "件号"),
    ],
)
def test_r_r1_bad_archive_data_is_refused_in_chinese(fonds, year, retention, organ, n, word):
    with pytest.raises(rules.ArchiveError) as refused:
        rules.format_archival_code(fonds, year, retention, organ, n)
    assert word in str(refused.value)


def test_r_r2_terms_run_from_the_next_first_of_january():
    assert rules.expiry_date(2015, rules.YEARS_10) == datetime.date(2026, 1, 1)
    assert rules.expiry_date(2015, rules.YEARS_30) == datetime.date(2046, 1, 1)
    assert rules.expiry_date(2015, rules.PERMANENT) is None
    assert rules.is_expired(2015, rules.YEARS_10, datetime.date(2026, 1, 1))
    assert not rules.is_expired(2015, rules.YEARS_10, datetime.date(2025, 12, 31))
    assert not rules.is_expired(1950, rules.PERMANENT, datetime.date(2999, 1, 1))


def test_r_r1_item_numbers_are_grouped_by_fonds_year_retention_and_organ():
    assert rules.group_key("118", "2026", rules.YEARS_10, "BGS") == (
        "118",
        2026,
        rules.YEARS_10,
        "BGS",
    )
