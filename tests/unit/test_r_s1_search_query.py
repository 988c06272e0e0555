"""R-S1: the search page's parameters read, bounded and made catalog queries (plain Python)."""

import datetime
import urllib.parse

import pytest

from collective.gongwen.search import query


def test_r_s1_an_empty_request_is_the_default_search():
    search = query.read({})
    assert search == query.Search()
    assert not search.active()
    assert search.sort_on_date()  # no text to rank by


def test_r_s1_text_facets_dates_sort_and_page_are_read():
    search = query.read(
        {
            "q": "  防汛   物资 ",
            "year": ["2026", "2025", "2026"],
            "kind": "notice",
            "unit": "0123456789abcdef0123456789abcdef",
            "state": "handling",
            "organ": "黄河水利委员会",
            "start": "2026-01-05",
            "end": "2026-12-31",
            "sort": "newest",
            "page": "3",
            "size": "50",
        }
    )
    assert search.text == "防汛 物资"
    assert search.filters == {
        "year": (2026, 2025),
        "kind": ("notice",),
        "unit": ("0123456789abcdef0123456789abcdef",),
        "state": ("handling",),
        "organ": ("黄河水利委员会",),
    }
    assert (search.start, search.end) == (datetime.date(2026, 1, 5), datetime.date(2026, 12, 31))
    assert (search.sort, search.page, search.size, search.b_start) == ("newest", 3, 50, 100)
    assert search.active() and search.sort_on_date()


@pytest.mark.parametrize(
    "form, message",
    [
        ({"q": "字" * 101}, "检索词不能超过 100 字（现为 101 字）。"),
        ({"year": "1800"}, "年度应为 1949 至 2100 之间的年份。"),
        ({"year": "²"}, "年度应为 1949 至 2100 之间的年份。"),
        ({"kind": "memo"}, "文种没有这一项。"),
        ({"urgency": "urgent' OR 1=1"}, "紧急程度没有这一项。"),
        ({"retention": "forever"}, "保管期限没有这一项。"),
        ({"direction": "sideways"}, "行文方向没有这一项。"),
        ({"department": "x" * 32}, "部门没有这一项。"),
        ({"state": "Robert'); DROP"}, "状态没有这一项。"),
        ({"organ": "机" * 101}, "来文机关第 1 项不能超过 100 字（现为 101 字）。"),
        ({"year": [str(year) for year in range(2000, 2011)]}, "年度不能超过 10 项（现为 11 项）。"),
        ({"start": "2026-13-01"}, "起始日期应为日期，如 2026-01-05。"),
        ({"end": "20260101"}, "截止日期应为日期，如 2026-01-05。"),
        ({"end": "1900-01-01"}, "截止日期的年份应在 1949 至 2100 之间（现为 1900 年）。"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "起始日期不能晚于截止日期。"),
        ({"sort": "title"}, "没有这种排序方式。"),
        ({"page": "0"}, "页码应在 1 至 500 之间（现为 0）。"),
        ({"page": "9" * 30}, "页码应为整数。"),
        ({"page": "-1"}, "页码应为整数。"),
        ({"size": "101"}, "每页条数应在 1 至 100 之间（现为 101）。"),
        ({"q": ["甲", "乙"]}, "检索条件格式不正确。"),
        ({"q": {"a": 1}}, "检索条件格式不正确。"),
    ],
)
def test_r_s1_malformed_or_unbounded_parameters_are_refused_in_chinese(form, message):
    with pytest.raises(query.SearchError) as refused:
        query.read(form)
    assert str(refused.value) == message
    assert refused.value.message.default  # translatable


def test_r_s1_the_catalog_queries():
    search = query.read(
        {"q": "防汛", "kind": ["notice", "request"], "year": "2026", "start": "2026-03-01"}
    )
    assert query.filter_queries(search) == {
        "kind": {"doc_kind": ["notice", "request"]},
        "year": {"gongwen_year": [2026]},
    }
    base = query.base_query(search, path="/plone/changyuan")
    assert base["portal_type"] == ["gongwen_outgoing", "gongwen_incoming"]
    assert base["path"] == "/plone/changyuan"
    assert base["created"] == {
        "query": ("2026/03/01 00:00:00", "2100/12/31 23:59:59"),
        "range": "min:max",
    }
    assert "created" not in query.base_query(query.read({}))


def test_r_s1_links_add_and_take_off_one_value_and_go_back_to_page_one():
    search = query.read({"q": "防汛", "kind": "notice", "page": "4"})
    added = urllib.parse.parse_qs(query.with_value(search, "kind", "request"))
    assert added == {"q": ["防汛"], "kind": ["notice", "request"]}
    removed = urllib.parse.parse_qs(query.without_value(search, "kind", "notice"))
    assert removed == {"q": ["防汛"]}
    # what a link carries reads back as the same search
    again = query.read(urllib.parse.parse_qs(query.query_string(search)))
    assert again == search
