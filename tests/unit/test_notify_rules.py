"""The notification rules in plain Python (notify/rules.py): SPEC §15, R-D3 in mails."""

import datetime

from zope.i18n import translate

from collective.gongwen.notify import rules

SETTINGS = "http://portal/@@gongwen-mail-settings"
TITLE = "关于做好汛前检查的通知"


def tr(message):
    # Into Simplified Chinese, the site's language: the message's default, filled in
    # (also when an earlier test loaded the catalogs, whose fallback is English).
    return translate(message, target_language="zh_CN")


def test_spec15_label_is_title_and_number():
    assert rules.document_label(TITLE, "长河〔2026〕3号") == f"{TITLE}（长河〔2026〕3号）"
    assert rules.document_label(f" {TITLE} ") == TITLE


def test_r_d3_classified_document_has_no_label():
    assert rules.document_label("绝密会议纪要", "长河〔2026〕4号", classified=True) is None


def test_spec15_subjects_name_the_document_in_chinese():
    label = rules.document_label(TITLE, "长河〔2026〕3号")
    assert tr(rules.todo_subject(label)) == f"【待办】{TITLE}（长河〔2026〕3号）"
    assert tr(rules.overdue_subject(label)) == f"【超期提醒】{TITLE}（长河〔2026〕3号）"
    assert tr(rules.digest_subject(5)) == "【每日待办汇总】您有 5 件待办"


def test_r_d3_classified_subjects_and_bodies_never_carry_the_title():
    todo = tr(rules.todo_subject(None))
    overdue = tr(rules.overdue_subject(None))
    body = rules.todo_body(tr, None, "http://portal/doc", "部门负责人核稿", "何磊", SETTINGS)
    assert todo == "【待办】您有一件新的待办公文"
    assert overdue == "【超期提醒】您有一件公文已超过办理时限"
    assert "涉密公文，标题不在邮件中显示" in body
    digest = rules.digest_body(tr, [(None, "http://portal/doc", None, False)], "t", SETTINGS)
    assert "1. （涉密公文，标题不在邮件中显示）" in digest


def test_spec15_todo_body_says_what_where_and_who():
    body = rules.todo_body(tr, TITLE, "http://portal/doc", "部门负责人核稿", "何磊", SETTINGS)
    lines = body.splitlines()
    assert lines[0] == "您有一件新的待办公文："
    assert TITLE in lines
    assert "当前环节：部门负责人核稿" in lines
    assert "送交人：何磊" in lines
    assert "办理：http://portal/doc" in lines
    assert lines[-1] == f"不想收到此类邮件，可在此设置：{SETTINGS}"


def test_spec15_overdue_body_gives_the_deadline():
    body = rules.overdue_body(tr, TITLE, "http://portal/doc", datetime.date(2026, 3, 2), SETTINGS)
    assert body.startswith("以下公文的办理时限为 2026-03-02，已经超期，请尽快办理：")
    assert SETTINGS in body


def test_spec15_digest_lists_items_with_deadlines_and_marks_the_overdue():
    items = [
        ("甲", "http://portal/a", datetime.date(2026, 3, 1), True),
        ("乙", "http://portal/b", datetime.date(2026, 3, 9), False),
        ("丙", "http://portal/c", None, False),
    ]
    body = rules.digest_body(tr, items, "http://portal/@@gongwen-todo", SETTINGS)
    lines = body.splitlines()
    assert lines[:3] == ["您当前的待办公文：", "", "1. 甲"]
    assert "   办理时限：2026-03-01（已超期）" in lines
    assert "   办理时限：2026-03-09" in lines
    assert lines[lines.index("3. 丙") + 1] == "   http://portal/c"  # no deadline line
    assert "我的待办：http://portal/@@gongwen-todo" in lines


def test_spec15_defaults_todo_and_overdue_on_digest_off():
    assert {kind: rules.wants_mail(kind, None) for kind in rules.DEFAULT_WANTS} == {
        rules.TODO: True,
        rules.OVERDUE: True,
        rules.DIGEST: False,
    }
    assert rules.wants_mail(rules.TODO, False) is False
    assert rules.wants_mail(rules.DIGEST, True) is True
    assert rules.preference_name(rules.DIGEST) == "gongwen_mail_digest"


def test_spec15_the_actor_is_never_mailed_and_each_user_once():
    assert rules.mail_recipients(["a", "b", "a", "c"], actor="b") == ["a", "c"]


def test_spec15_opted_out_users_are_not_mailed():
    assert rules.mail_recipients(["a", "b", "c"], wants=lambda user: user != "b") == ["a", "c"]


def test_spec15_daily_mails_wait_for_the_hour():
    assert not rules.daily_mails_due(datetime.datetime(2026, 3, 2, 7, 59), 8)
    assert rules.daily_mails_due(datetime.datetime(2026, 3, 2, 8, 0), 8)
    assert rules.daily_mails_due(datetime.datetime(2026, 3, 2, 23, 45), 8)


def test_r_i5_overdue_means_after_the_deadline_day():
    today = datetime.date(2026, 3, 2)
    assert rules.is_overdue(datetime.date(2026, 3, 1), today)
    assert not rules.is_overdue(today, today)
    assert not rules.is_overdue(None, today)


def test_spec15_a_mail_is_sent_once_per_day():
    today = datetime.date(2026, 3, 2)
    key = rules.mail_key(rules.OVERDUE, "cy_eng_head", "uid-1")
    records = {"2026-03-01": {key}}
    assert not rules.already_sent(records, today, key)
    records["2026-03-02"] = {key}
    assert rules.already_sent(records, today, key)
    assert not rules.already_sent(records, today, rules.mail_key(rules.OVERDUE, "other", "uid-1"))
    assert rules.mail_key(rules.DIGEST, "cy_eng_head") == ("digest", "cy_eng_head", "")


def test_spec15_old_records_are_pruned():
    today = datetime.date(2026, 3, 10)
    records = {"2026-03-01": set(), "2026-03-02": set(), "2026-03-03": set(), "2026-03-10": set()}
    assert rules.days_to_prune(records, today) == ["2026-03-01", "2026-03-02"]
    assert rules.days_to_prune(records, today, keep=0) == ["2026-03-01", "2026-03-02", "2026-03-03"]
