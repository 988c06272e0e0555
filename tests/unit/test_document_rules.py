"""The document rules R-D1…R-D5 and the vocabularies, as plain Python (no Zope)."""

import datetime

from collective.gongwen.content import rules
from collective.gongwen.content import vocabularies


def test_vocabularies_have_the_15_doc_kinds_in_order():
    titles = [title for _token, title in vocabularies.DOC_KINDS]
    assert titles == [
        "决议",
        "决定",
        "命令(令)",
        "公报",
        "公告",
        "通告",
        "意见",
        "通知",
        "通报",
        "报告",
        "请示",
        "批复",
        "议案",
        "函",
        "纪要",
    ]


def test_vocabularies_tokens_ascii_and_unique():
    for name, terms in vocabularies.TERM_LISTS.items():
        tokens = [token for token, _title in terms]
        assert len(set(tokens)) == len(tokens), name
        assert all(token.isascii() for token in tokens), name


def test_vocabularies_other_lists_complete():
    def titles(terms):
        return [title for _token, title in terms]

    assert titles(vocabularies.DIRECTIONS) == ["上行", "下行", "平行"]
    assert titles(vocabularies.URGENCIES) == ["普通", "加急", "特急"]
    assert titles(vocabularies.CLASSIFICATIONS) == ["非密", "秘密", "机密", "绝密"]
    assert titles(vocabularies.DISCLOSURES) == ["主动公开", "依申请公开", "不予公开"]
    assert titles(vocabularies.RETENTIONS) == ["永久", "定期30年", "定期10年"]
    assert vocabularies.title_of("classification", "none") == "非密"


def test_problem_is_chinese_text_with_msgid():
    problem = rules.request_recipient_problems("request", ["甲", "乙"])[0]
    assert problem == "请示只能主送一个机关（现有 2 个）。"
    assert problem.msgid.isascii()
    assert problem.mapping == {"count": "2"}
    assert problem.default == "请示只能主送一个机关（现有 ${count} 个）。"


def test_r_d1_request_needs_exactly_one_recipient():
    assert rules.request_recipient_problems("request", ["黄河河务局"]) == []
    assert rules.request_recipient_problems("request", ["甲", "乙"])
    assert rules.request_recipient_problems("request", [])
    assert rules.request_recipient_problems("request", ["甲", "  "]) == []
    assert rules.request_recipient_problems("notice", ["甲", "乙"]) == []


def test_r_d1_upward_document_copies_no_subordinate():
    problems = rules.upward_cc_problems("upward", ["黄河河务局", "长垣河务局"], ["长垣河务局"])
    assert problems == ["上行文不得抄送下级机关：长垣河务局。"]
    assert rules.upward_cc_problems("upward", ["黄河河务局"], ["长垣河务局"]) == []
    assert rules.upward_cc_problems("downward", ["长垣河务局"], ["长垣河务局"]) == []
    # spacing and full-width characters do not hide a subordinate
    assert rules.upward_cc_problems("upward", ["长垣 河务局"], ["长垣河务局"])


def test_r_d2_urgent_needs_deadline():
    deadline = datetime.date(2026, 12, 1)
    assert rules.urgency_deadline_problems("urgent", None) == ["加急、特急公文必须填写办理时限。"]
    assert rules.urgency_deadline_problems("very_urgent", None)
    assert rules.urgency_deadline_problems("very_urgent", deadline) == []
    assert rules.urgency_deadline_problems("normal", None) == []


def test_r_d3_classified_needs_copy_number_and_period():
    problems = rules.classified_problems("secret", "", None, has_body=False)
    assert problems == ["涉密公文必须填写份号。", "涉密公文必须填写保密期限。"]
    assert rules.classified_problems("secret", "000001", "10年", has_body=False) == []


def test_r_d3_classified_refuses_body_files_and_publication():
    problems = rules.classified_problems(
        "top_secret", "000001", "30年", has_body=True, file_names=["原件.pdf"], published=True
    )
    assert len(problems) == 3
    assert "不得在本系统录入正文" in problems[0]
    assert "原件.pdf" in problems[1]
    assert "严禁发布" in problems[2]


def test_r_d3_unclassified_has_no_such_rule():
    assert not rules.is_classified("none")
    assert rules.classified_problems("none", "", "", has_body=True, file_names=["a"]) == []
    assert all(rules.is_classified(token) for token in ("secret", "confidential", "top_secret"))


def test_r_d4_note_names_strip_label_numbers_and_punctuation():
    note = "附件：1. 防汛物资清单\n      2．值班人员名单。\n（3）联系方式"
    assert rules.note_names(note) == ["防汛物资清单", "值班人员名单", "联系方式"]
    assert rules.note_names(["附件:防汛物资清单", ""]) == ["防汛物资清单"]


def test_r_d4_matching_note_and_attachments():
    note = ["1. 防汛物资清单", "2. 值班人员名单"]
    attachments = [("防汛物资清单", ""), ("值班人员名单", "")]
    assert rules.attachment_note_problems(note, attachments, "关于防汛的通知") == []


def test_r_d4_missing_attachment_is_named():
    problems = rules.attachment_note_problems(
        ["1. 防汛物资清单", "2. 值班人员名单"], [("防汛物资清单", "")]
    )
    assert "附件说明列出 2 个附件，实际添加了 1 个。" in problems
    assert "附件说明中的附件未添加：值班人员名单。" in problems


def test_r_d4_extra_attachment_is_named():
    problems = rules.attachment_note_problems([], [("会议照片", "")])
    assert "已添加的附件未列入附件说明：会议照片。" in problems


def test_r_d4_order_must_match():
    problems = rules.attachment_note_problems(["1. 甲表", "2. 乙表"], [("乙表", ""), ("甲表", "")])
    assert problems == ["附件顺序与附件说明不一致，应为：甲表、乙表。"]


def test_r_d4_body_as_attachment_is_refused_by_name():
    title = "关于做好防汛工作的通知"
    assert rules.is_body_copy("关于做好防汛工作的通知.docx", title)
    assert rules.is_body_copy("《关于做好防汛工作的通知》", title)
    assert rules.is_body_copy("正文", title)
    assert not rules.is_body_copy("防汛物资清单", title)
    problems = rules.attachment_note_problems(["1. 关于做好防汛工作的通知"], [(title, "")], title)
    assert problems == ["不可将正文作为附件添加（第十一条）：关于做好防汛工作的通知。"]


def test_r_d4_body_as_attachment_is_refused_by_content():
    body = "<p>各部门：</p><p>请做好防汛工作。</p>"
    assert rules.is_body_copy("说明", "通知", body, "各部门：\n请做好防汛工作。")
    assert not rules.is_body_copy("说明", "通知", body, "另一份材料")
    assert not rules.is_body_copy("说明", "通知", "", "")


def test_r_d4_attachment_name_falls_back_to_file_name():
    assert rules.attachment_name("", "防汛物资清单.xlsx") == "防汛物资清单"
    assert rules.attachment_name("物资清单", "x.xlsx") == "物资清单"


def test_r_d4_title_that_is_only_the_file_name_counts_as_none():
    assert rules.attachment_name("防汛物资清单.xlsx", "防汛物资清单.xlsx") == "防汛物资清单"


def test_r_d5_body_required():
    assert rules.body_problems("") == ["尚未录入电子正文，不能提交（第九条）。"]
    assert rules.body_problems("<p>&nbsp;</p>")
    assert rules.body_problems("<p>请批准。</p>") == []
