"""第三条 (staff log in every working day): who counts as not having logged in. Plain Python."""

import datetime

from DateTime import DateTime

from collective.gongwen.org import activity

TODAY = datetime.date(2026, 12, 5)


def test_article3_plone_default_login_time_means_never_logged_in():
    assert activity.login_date(DateTime("2000/01/01")) is None
    assert activity.login_date(None) is None


def test_article3_login_time_is_read_as_a_date():
    assert activity.login_date(DateTime("2026/12/01 08:30:00 GMT+8")) == datetime.date(2026, 12, 1)
    assert activity.login_date(datetime.datetime(2026, 11, 30, 9, 0)) == datetime.date(2026, 11, 30)
    assert activity.login_date(datetime.date(2026, 11, 29)) == datetime.date(2026, 11, 29)


def test_article3_days_since_last_login():
    assert activity.days_since(TODAY, TODAY) == 0
    assert activity.days_since(datetime.date(2026, 11, 28), TODAY) == 7
    assert activity.days_since(None, TODAY) is None


def test_article3_never_logged_in_is_always_inactive():
    assert activity.is_inactive(None, TODAY, 1)
    assert activity.is_inactive(None, TODAY, activity.MAX_DAYS)


def test_article3_login_within_n_days_today_included_is_active():
    six_days_ago = TODAY - datetime.timedelta(days=6)
    assert not activity.is_inactive(six_days_ago, TODAY, 7)
    assert not activity.is_inactive(TODAY, TODAY, 1)


def test_article3_login_n_days_ago_or_earlier_is_inactive():
    assert activity.is_inactive(TODAY - datetime.timedelta(days=7), TODAY, 7)
    assert activity.is_inactive(TODAY - datetime.timedelta(days=1), TODAY, 1)
    assert activity.is_inactive(TODAY - datetime.timedelta(days=40), TODAY, 30)


def test_article3_days_parameter_defaults_to_seven_and_refuses_nonsense():
    assert activity.parse_days(None) == 7
    assert activity.parse_days("") == 7
    assert activity.parse_days("abc") == 7
    assert activity.parse_days("0") == 7
    assert activity.parse_days("-3") == 7
    assert activity.parse_days("99999") == 7
    assert activity.parse_days(" 14 ") == 14
    assert activity.parse_days(["3", "30"]) == 30


def test_article3_person_row_says_never_and_days_ago():
    never = activity.person_row("cy_fin_staff", "朱琳", ["部门成员"], None, TODAY, 7)
    assert never == {
        "id": "cy_fin_staff",
        "fullname": "朱琳",
        "functions": ["部门成员"],
        "last_login": "",
        "days_since": None,
        "inactive": True,
    }
    seen = activity.person_row("cy_eng_head", "", [], DateTime("2026/12/03 09:00"), TODAY, 7)
    assert seen["fullname"] == "cy_eng_head"
    assert (seen["last_login"], seen["days_since"], seen["inactive"]) == ("2026-12-03", 2, False)


def test_article3_functions_merge_per_person_in_first_seen_order():
    merged = activity.merge_functions(
        [
            ("liufang", "部门负责人"),
            ("sunli", "部门成员"),
            ("liufang", "办公室负责人"),
            ("liufang", "部门负责人"),
        ]
    )
    assert merged == {"liufang": ["部门负责人", "办公室负责人"], "sunli": ["部门成员"]}


def test_article3_inactive_count():
    rows = [{"inactive": True}, {"inactive": False}, {"inactive": True}]
    assert activity.inactive_count(rows) == 2
