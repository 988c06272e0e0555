"""The step deadline rules shared by 发文 and 收文 (R-O12, R-I5): days per urgency from the
unit (自然日), the deadline capped by 办理时限, the late/overdue counts, who may 催办, the
overdue statistics' rows and the 催办 mail's words."""

import datetime

import pytest
from zope.i18n import translate

from collective.gongwen.notify import rules as notify_rules
from collective.gongwen.portal.browser.overdue import department_rows
from collective.gongwen.steps import deadline_rules as rules

START = datetime.date(2026, 12, 5)


def test_r_o12_step_days_come_from_the_units_fields_else_the_defaults():
    assert rules.days_per_urgency({}) == {"normal": 3, "urgent": 1, "very_urgent": 0}
    days = rules.days_per_urgency({"step_days_normal": 5, "step_days_urgent": None})
    assert days == {"normal": 5, "urgent": 1, "very_urgent": 0}


@pytest.mark.parametrize(
    ("urgency", "deadline", "due"),
    [
        ("normal", None, START + datetime.timedelta(days=5)),
        (None, None, START + datetime.timedelta(days=5)),
        ("urgent", None, START + datetime.timedelta(days=2)),
        ("very_urgent", None, START),  # 0: the same day
        # capped by the document's 办理时限 …
        ("normal", START + datetime.timedelta(days=1), START + datetime.timedelta(days=1)),
        # … but never before the step began
        ("normal", START - datetime.timedelta(days=9), START),
        # a later 办理时限 does not lengthen it
        ("urgent", START + datetime.timedelta(days=30), START + datetime.timedelta(days=2)),
    ],
)
def test_r_o12_outgoing_step_deadline_per_urgency_capped_by_deadline(urgency, deadline, due):
    days = {"normal": 5, "urgent": 2, "very_urgent": 0}
    assert rules.step_deadline(START, urgency, deadline, days) == due


def test_r_o12_calendar_days_run_over_weekends_and_holidays():
    """自然日: 2026-12-31 (Thursday) + 3 is a Sunday in the new year."""
    due = rules.step_deadline(datetime.date(2026, 12, 31), "normal", None, None)
    assert due == datetime.date(2027, 1, 3)


def test_r_o12_overdue_only_after_the_deadline_day():
    assert not rules.is_overdue(START, START)
    assert rules.is_overdue(START, START + datetime.timedelta(days=1))
    assert not rules.is_overdue(None, START)


def test_r_o12_late_counts_per_department_by_the_deadlines_year():
    day = datetime.timedelta(days=1)
    entries = [
        {"department": "eng", "deadline": START, "finished": START + day},  # late
        {"department": "eng", "deadline": START, "finished": START},  # on time
        {"department": None, "deadline": START, "finished": None, "today": START + day},
        {"department": None, "deadline": START, "finished": None, "today": START},  # not yet
        {"department": "eng", "deadline": None, "finished": START},  # never timed
        {"department": "eng", "deadline": datetime.date(2025, 1, 1), "finished": START},
    ]
    assert rules.late_counts(entries, 2026) == {
        "eng": {"overdue": 0, "late": 1},
        None: {"overdue": 1, "late": 0},
    }


def test_r_o12_who_may_remind_and_when():
    allowed = ["cy_office_head", "cy_secretary1", "cy_eng_staff"]
    assert rules.remind_refused(("cy_secretary1",), allowed, True) is None
    refused = rules.remind_refused(("cy_leader1",), allowed, True)
    assert isinstance(refused, rules.RemindNotAllowedError)
    closed = rules.remind_refused(("cy_eng_staff",), allowed, False)
    assert isinstance(closed, rules.RemindClosedError)
    # the kind's own messages
    mine = type("Mine", (rules.RemindNotAllowedError,), {})
    assert isinstance(rules.remind_refused(("x",), allowed, True, not_allowed=mine), mine)


def test_r_o12_overdue_rows_per_department_for_both_kinds():
    counts = {
        "incoming": {"eng": {"overdue": 1, "late": 2}, None: {"late": 1, "overdue": 0}},
        "outgoing": {"eng": {"overdue": 0, "late": 3}, "gone": {"overdue": 1, "late": 0}},
    }
    rows = department_rows(counts, [("eng", "工程管理科"), ("flood", "防汛办公室")], "办公室")
    assert [row["title"] for row in rows] == ["工程管理科", "防汛办公室", "gone", "办公室"]
    assert rows[0] == {
        "uid": "eng",
        "title": "工程管理科",
        "overdue": 1,
        "late": 2,
        "outgoing_overdue": 0,
        "outgoing_late": 3,
    }
    assert rows[1]["overdue"] == rows[1]["outgoing_late"] == 0
    assert rows[2]["outgoing_overdue"] == 1
    assert (rows[3]["late"], rows[3]["outgoing_late"]) == (1, 0)


def test_r_o12_remind_mail_says_who_asks_the_step_deadline_and_note():
    body = notify_rules.remind_body(
        lambda message: translate(message, target_language="zh_CN"),
        "关于做好汛前检查的通知",
        "http://x/doc",
        "部门负责人核稿",
        "马涛",
        "2026年12月5日",
        "请今天办毕。",
    )
    lines = body.splitlines()
    assert lines[0] == "马涛催办您尽快办理以下公文："
    assert "关于做好汛前检查的通知" in lines
    assert "当前环节：部门负责人核稿" in lines
    assert "办理时限：2026年12月5日" in lines  # decision 7: dates in text
    assert "催办说明：请今天办毕。" in lines
    assert "办理：http://x/doc" in lines
    assert "gongwen-mail-settings" not in body  # a person's request, not a notice to turn off
    subject = notify_rules.remind_subject("关于做好汛前检查的通知")
    assert translate(subject, target_language="zh_CN") == "【催办】关于做好汛前检查的通知"
    classified = notify_rules.remind_subject(None)
    assert translate(classified, target_language="zh_CN").startswith("【催办】")


def test_r_o12_nobody_reminds_a_step_they_hold():
    refused = rules.own_step_refused(True)
    assert isinstance(refused, rules.RemindOwnStepError)
    assert translate(refused.message, target_language="zh_CN") == "本环节由您办理，无需催办。"
    assert rules.own_step_refused(False) is None
