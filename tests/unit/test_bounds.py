"""R-SEC5 bounds as plain Python: at the limit accepted, one over refused, the message names it."""

import datetime

import pytest

from collective.gongwen.content import bounds


def test_r_sec5_text_at_limit_accepted_one_over_refused():
    assert bounds.text_problem("字" * 200, 200, "标题") is None
    problem = bounds.text_problem("字" * 201, 200, "标题")
    assert problem == "标题不能超过 200 字（现为 201 字）。"
    assert problem.msgid == "bound_text_too_long"
    assert problem.mapping["limit"] == "200"


def test_r_sec5_text_counts_characters_not_bytes():
    # 200 CJK characters are 600 bytes in UTF-8, 200 characters for people
    assert bounds.text_problem("公" * 200, 200, "标题") is None
    # characters outside the BMP (𠀀, 4 UTF-8 bytes) count one each too
    assert bounds.text_problem("𠀀" * 200, 200, "标题") is None
    assert bounds.text_problem("𠀀" * 201, 200, "标题") is not None


def test_r_sec5_megabyte_title_names_limit_and_size():
    problem = bounds.text_problem("长" * 1_000_000, 200, "标题")
    assert problem == "标题不能超过 200 字（现为 1,000,000 字）。"


def test_r_sec5_empty_text_is_no_problem():
    assert bounds.text_problem(None, 10, "附注") is None
    assert bounds.text_problem("", 10, "附注") is None


def test_r_sec5_list_count_and_item_length():
    assert bounds.items_problem(["甲"] * 100, 100, 100, "主送机关") is None
    too_many = bounds.items_problem(["甲"] * 101, 100, 100, "主送机关")
    assert too_many == "主送机关不能超过 100 项（现为 101 项）。"
    long_item = bounds.items_problem(["甲", "乙" * 101], 100, 100, "主送机关")
    assert long_item == "主送机关第 2 项不能超过 100 字（现为 101 字）。"


def test_r_sec5_huge_list_refused_quickly():
    problem = bounds.items_problem(["机关"] * 1_000_000, 100, 100, "抄送机关")
    assert problem == "抄送机关不能超过 100 项（现为 1,000,000 项）。"


@pytest.mark.parametrize("value", [1, 9999])
def test_r_sec5_number_in_range_accepted(value):
    assert bounds.number_problem(value, 1, 9999, "份数") is None


@pytest.mark.parametrize(
    ("value", "shown"), [(10000, "10,000"), (0, "0"), (-5, "-5"), (10**30, "约 10^30")]
)
def test_r_sec5_number_hostile_values_refused(value, shown):
    problem = bounds.number_problem(value, 1, 9999, "份数")
    assert problem == f"份数应在 1 至 9,999 之间（现为 {shown}）。"


def test_r_sec5_number_too_large_to_print():
    # an integer Python will not even print (over 4,300 digits) still gets a message
    assert "约 10^9999" in bounds.number_problem(10**9999, 1, 9999, "份数")


def test_r_sec5_year_range():
    assert bounds.year_problem(datetime.date(1949, 10, 1), "收文日期") is None
    assert bounds.year_problem(datetime.date(2100, 12, 31), "收文日期") is None
    assert bounds.year_problem(datetime.date(1948, 12, 31), "收文日期") == (
        "收文日期的年份应在 1949 至 2100 之间（现为 1948 年）。"
    )
    assert bounds.year_problem(datetime.datetime(9999, 1, 1), "生效日期") is not None
    assert bounds.year_problem(None, "办理时限") is None


def test_r_sec5_body_measured_as_text_not_markup():
    limit = bounds.body_max_chars(1)
    assert limit == 22 * 28
    text = "字" * limit
    # markup and whitespace do not count
    fat = "<p style='color:red'>" + text[:100] + "</p>\n  <p>" + text[100:] + "</p>"
    assert bounds.body_problem(fat, 1, "正文") is None
    # entities count as the one character they stand for
    assert bounds.body_problem("&amp;" * limit, 1, "正文") is None
    problem = bounds.body_problem("<p>" + text + "字</p>", 1, "正文")
    assert problem == "正文不能超过 616 字（约 1 页）（现为 617 字）。"


def test_r_sec5_body_default_is_about_100_pages():
    assert bounds.body_max_chars(bounds.DEFAULT_BODY_MAX_PAGES) == 61_600
    assert bounds.body_problem("<p>" + "字" * 61_600 + "</p>", 100, "正文") is None
    assert bounds.body_problem("<p>" + "字" * 61_601 + "</p>", 100, "正文") is not None


def test_r_sec5_markup_bloat_cannot_bypass_the_text_limit():
    cap = bounds.body_max_html(100)
    assert cap == 61_600 * bounds.HTML_FACTOR
    bloat = "<span></span>" * (cap // 13 + 1)
    problem = bounds.body_problem(bloat, 100, "正文")
    assert problem is not None and problem.msgid == "bound_body_html_too_long"
    assert "1,971,200" in problem


def test_r_sec5_bound_problem_dispatches_and_uses_configured_limits():
    limits = bounds.Limits(title_max_chars=20, opinion_max_chars=300, body_max_pages=2)
    assert bounds.bound_problem(bounds.TITLE, "题" * 20, "标题", limits) is None
    assert "20 字" in bounds.bound_problem(bounds.TITLE, "题" * 21, "标题", limits)
    assert bounds.bound_problem(bounds.TITLE, "题" * 21, "标题") is None  # default 200
    assert bounds.opinion_problem("意" * 300, limits) is None
    assert bounds.opinion_problem("意" * 301, limits) == "意见不能超过 300 字（现为 301 字）。"
    assert bounds.bound_problem(bounds.Body(), "字" * 1233, "正文", limits) is not None
    assert bounds.bound_problem(bounds.FIELD_BOUNDS["copies"], 10**30, "份数") is not None
    assert bounds.bound_problem(bounds.YEAR, datetime.date(3000, 1, 1), "办理时限") is not None


def test_r_sec5_every_field_of_the_tables_is_bounded_sensibly():
    for name, bound in bounds.FIELD_BOUNDS.items():
        if isinstance(bound, bounds.Text):
            assert 0 < bounds.DEFAULT_LIMITS.chars(bound) <= 5000, name
        elif isinstance(bound, bounds.Items):
            assert 0 < bound.max_items <= 200 and 0 < bound.item_max_chars <= 200, name
        elif isinstance(bound, bounds.Number):
            assert bound.minimum <= bound.maximum <= 50_000, name


def test_r_sec5_count_formats():
    assert bounds.count(1_000_000) == "1,000,000"
    assert bounds.count(10**15) == "约 10^15"
    assert bounds.count(-(10**20)) == "-约 10^20"


# --- exchange package metadata (R-X3 import) ---------------------------------------


def _package_with(**metadata):
    from collective.gongwen.exchange.package import build_package
    from tests.unit.test_exchange_package import FILES
    from tests.unit.test_exchange_package import METADATA

    return build_package({**METADATA, **metadata}, FILES)


def _refusal(data, limits=None):
    from collective.gongwen.exchange.package import DEFAULT_LIMITS
    from collective.gongwen.exchange.package import PackageError
    from collective.gongwen.exchange.package import read_package

    with pytest.raises(PackageError) as refused:
        read_package(data, limits or DEFAULT_LIMITS)
    assert refused.value.code == "over_bound"
    return refused.value.mapping["problem"]


def test_r_sec5_package_with_long_title_refused():
    # (a 1 MB title makes metadata.xml itself too large: refused before it is parsed)
    problem = _refusal(_package_with(title="题" * 100_000))
    assert problem == "标题不能超过 200 字（现为 100,000 字）。"


def test_r_sec5_package_fields_lists_and_copies_bounded():
    assert _refusal(_package_with(issuer="机" * 101)) == "发文机关不能超过 100 字（现为 101 字）。"
    assert _refusal(_package_with(main_recipients=["甲"] * 101)) == (
        "主送机关不能超过 100 项（现为 101 项）。"
    )
    assert _refusal(_package_with(copies=10**15)) == "份数应在 1 至 9,999 之间（现为 约 10^15）。"
    assert _refusal(_package_with(deadline=datetime.date(9999, 1, 1))) == (
        "办理时限的年份应在 1949 至 2100 之间（现为 9999 年）。"
    )


def test_r_sec5_package_title_follows_the_configured_limit():
    import dataclasses

    from collective.gongwen.exchange.package import DEFAULT_LIMITS
    from collective.gongwen.exchange.package import read_package

    data = _package_with(title="题" * 60)
    assert read_package(data)[0]["title"] == "题" * 60
    strict = dataclasses.replace(DEFAULT_LIMITS, fields=bounds.Limits(title_max_chars=50))
    assert _refusal(data, strict) == "标题不能超过 50 字（现为 60 字）。"


def test_r_sec5_package_absurd_copies_is_a_bad_value_not_a_crash():
    from tests.unit.test_exchange_package import metadata_xml
    from tests.unit.test_exchange_package import package
    from tests.unit.test_exchange_package import refused
    from tests.unit.test_exchange_package import with_metadata

    text = metadata_xml(package()).replace("<份数>2</份数>", "<份数>" + "9" * 5000 + "</份数>")
    assert "9" * 5000 in text
    assert len(refused(with_metadata(text), "bad_value").mapping["value"]) == 50
