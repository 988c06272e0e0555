"""R-SEC5: the request parameters every page and REST service reads (api/params.py)."""

import pytest

from collective.gongwen.api import params
from collective.gongwen.api.params import InvalidParameter


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("25", 25), (" 30 ", 30), (7, 7), (["1", "40"], 40), ("1000", 1000)],
)
def test_r_sec5_batch_size_in_range_is_read(value, expected):
    assert params.parse_integer("b_size", value, 1, params.MAX_BATCH_SIZE) == expected


@pytest.mark.parametrize(
    "value", ["-1", "0", "abc", "", "1e3", "1001", str(10**30), None, [], True, 2.5j, {"a": 1}]
)
def test_r_sec5_bad_batch_size_is_refused_naming_the_parameter(value):
    with pytest.raises(InvalidParameter) as refused:
        params.parse_integer("b_size", value, 1, params.MAX_BATCH_SIZE)
    message = refused.value.message
    assert message.mapping == {"name": "b_size", "low": 1, "high": params.MAX_BATCH_SIZE}
    assert "整数" in message.default


def test_r_sec5_check_parameters_reads_batching_on_every_request():
    params.check_parameters({"b_start": "30", "b_size": "30", "other": "x"})
    for form in ({"b_start": "abc"}, {"b_start": "-5"}, {"b_size": "-1"}, {"b_size": "0"}):
        with pytest.raises(InvalidParameter):
            params.check_parameters(form)


def test_r_sec5_rest_integers_are_checked_only_for_rest():
    # A page may use ``version`` for something else; plone.restapi int()s it.
    params.check_parameters({"version": "abc", "sort_limit": "x"})
    params.check_parameters({"version": "3", "sort_limit": "10"}, rest=True)
    for form in ({"version": "abc"}, {"version": -1}, {"sort_limit": "0"}, {"version": [1, "x"]}):
        with pytest.raises(InvalidParameter):
            params.check_parameters(form, rest=True)


def test_r_sec5_search_text_is_bounded_text():
    params.check_parameters({"SearchableText": "防汛 AND 检查"})
    params.check_parameters({"SearchableText": "汛" * params.MAX_SEARCH_TEXT})
    with pytest.raises(InvalidParameter) as refused:
        params.check_parameters({"SearchableText": "汛" * (params.MAX_SEARCH_TEXT + 1)})
    assert refused.value.message.mapping == {"limit": params.MAX_SEARCH_TEXT}
    with pytest.raises(InvalidParameter):
        params.check_parameters({"SearchableText": 5})
    with pytest.raises(InvalidParameter):
        params.check_parameters({"SearchableText": ["防汛", {"query": "x"}]})
