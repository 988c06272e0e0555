"""R-U1 of the Word 正文 (R-D6): its actions' names, their Chinese titles on the auditor's
screens and filters, and the bounded summary 「标题」 第N版 · 文件名（…） (audit/entries.py)."""

from collective.gongwen.audit import entries
from collective.gongwen.audit import query

BODY_ACTIONS = {
    entries.BODY_UPLOAD: "上传正文",
    entries.BODY_CHECKOUT: "签出编辑正文",
    entries.BODY_CHECKOUT_CANCEL: "取消签出正文",
    entries.BODY_CHECKOUT_END: "移交时结束正文签出",
    entries.BODY_CHECKIN: "签入正文",
    entries.BODY_CLEAN_REQUEST: "申请正文清稿",
    entries.BODY_CLEAN: "正文清稿",
}


def test_r_u1_r_d6_every_body_action_has_its_chinese_title_and_filter():
    for action, title in BODY_ACTIONS.items():
        assert query.ACTIONS[action].default == title
        assert query.ACTIONS[action] == f"audit_action_{action}"  # the msgid
    assert len(set(BODY_ACTIONS)) == len(BODY_ACTIONS) == 7
    # the auditor may filter by them (an unknown action is refused)
    read = query.read({"action": list(BODY_ACTIONS)}, lambda title: [])
    assert read.ok and set(read.values["action"]) == set(BODY_ACTIONS)
    assert set(read.filters.actions) == set(BODY_ACTIONS)


def test_r_u1_r_d6_body_summary_names_title_version_and_file():
    assert entries.body_summary("关于汛前检查的通知", 2, "通知.docx") == (
        "「关于汛前检查的通知」 第2版 · 通知.docx"
    )
    assert entries.body_summary("通知", 1, "通知.docx", "签出至 2026-12-06 23:11") == (
        "「通知」 第1版 · 通知.docx（签出至 2026-12-06 23:11）"
    )
    assert entries.body_summary("通知") == "「通知」 正文"


def test_r_u1_r_d6_body_summary_is_bounded_and_on_one_line():
    title, name, note = "长" * 500, "名\n" * 500 + ".docx", "注" * 500
    text = entries.body_summary(title, 3, name, note)
    assert len(text) <= entries.SUMMARY_LIMIT and "\n" not in text
    assert text.startswith("「" + "长" * (entries.TITLE_LIMIT - 1) + "…」 第3版 · ")
    # a file name is bounded by itself, so the version is never cut off by a long title
    shown = entries.body_summary("通知", 3, name)
    assert len(shown) == len("「通知」 第3版 · ") + entries.TITLE_LIMIT and shown.endswith("…")
    # a version number that is no number is not shown as one (never an error)
    assert "第7版" in entries.body_summary("通知", "7", "a.docx")
    assert entries.body_summary("通知", "7<b>", "a.docx") == "「通知」 正文 · a.docx"
