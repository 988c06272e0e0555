"""R-P2 (第五条): when a department's 工作动态 is stale, in plain Python."""

import datetime

from collective.gongwen.org.activity import days_since
from collective.gongwen.portal.rules import is_stale
from collective.gongwen.portal.rules import stale_departments

TODAY = datetime.date(2026, 12, 5)


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def test_r_p2_news_older_than_the_limit_is_stale_the_limit_itself_is_not():
    assert not is_stale(ago(30), TODAY, 30)
    assert is_stale(ago(31), TODAY, 30)
    assert not is_stale(TODAY, TODAY, 1)


def test_r_p2_a_department_that_never_published_is_stale():
    assert is_stale(None, TODAY, 30)
    assert days_since(None, TODAY) is None
    assert days_since(ago(12), TODAY) == 12


def test_r_p2_stale_departments_never_published_first_then_oldest():
    latest = [
        ("工程管理科", ago(2)),
        ("财务科", ago(45)),
        ("办公室", None),
        ("防汛办公室", ago(90)),
    ]
    assert stale_departments(latest, TODAY, 30) == [
        ("办公室", None, None),
        ("防汛办公室", ago(90), 90),
        ("财务科", ago(45), 45),
    ]


def test_r_p2_nothing_is_flagged_when_every_department_is_current():
    assert stale_departments([("工程管理科", ago(1))], TODAY, 7) == []
