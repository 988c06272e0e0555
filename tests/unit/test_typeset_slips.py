"""R-T2: the processing slips (发文稿纸, 来文处理单) from plain dicts, read back with pdfplumber."""

import datetime
import io
import re

import pdfplumber

from collective.gongwen.typeset.pdf import render_slip_pdf
from collective.gongwen.typeset.slip_layout import OPINION_HEADING
from collective.gongwen.typeset.slip_layout import format_time
from collective.gongwen.typeset.slip_layout import person_text

T0 = datetime.datetime(2026, 3, 2, 8, 5)


def record(step, step_title, action, action_title, actor, text, minutes, **extra):
    values = {
        "step": step,
        "step_title": step_title,
        "action": action,
        "action_title": action_title,
        "actor": actor,
        "on_behalf_of": "",
        "text": text,
        "time": T0 + datetime.timedelta(minutes=minutes),
        "round": 1,
        "subject": None,
    }
    values.update(extra)
    return values


OUTGOING_OPINIONS = [
    record("draft", "拟稿", "submit", "提交", "何磊", "", 0),
    record("dept_review", "部门审核", "approve", "同意，送下一环节", "马涛", "同意送办公室。", 10),
    record("office_review", "办公室把关", "return", "退回拟稿人", "陈静", "请补充检查范围。", 70),
    record("draft", "拟稿", "submit", "提交", "何磊", "", 130, round=2),
    record(
        "dept_review",
        "部门审核",
        "approve",
        "同意，送下一环节",
        "马涛",
        "已补充，同意。",
        140,
        round=2,
    ),
    record(
        "office_review",
        "办公室把关",
        "approve",
        "同意，送下一环节",
        "陈静",
        "请张局长签发。",
        200,
        round=2,
    ),
    record(
        "leader_sign",
        "主管局领导签发",
        "sign",
        "签发",
        "何磊",
        "同意印发。",
        24 * 60 + 1,
        round=2,
        on_behalf_of="张志强",
    ),
    record("numbering", "编号", "number", "登记编号", "吴刚", "", 24 * 60 + 30, round=2),
]

OUTGOING = {
    "kind": "outgoing",
    "unit_title": "长垣河务局",
    "drafting_department": "工程管理科",
    "drafter": "何磊",
    "issue_number": "长河〔2026〕3号",
    "doc_kind": "通知",
    "classification": "非密",
    "urgency": "特急",
    "main_recipients": ["局属各科室"],
    "cc_recipients": ["新乡河务局"],
    "title": "关于做好汛前检查的通知",
    "attachment_note": ["1. 检查清单。"],
    "opinions": OUTGOING_OPINIONS,
}

INCOMING_OPINIONS = [
    record("registered", "秘书登记", "send_to_propose", "送拟办", "孙丽", "", 0),
    record("proposing", "办公室主任拟办", "propose", "拟办", "刘芳", "请局领导阅示。", 30),
    record("routing", "秘书送阅", "send_to_leaders", "送领导阅批", "周婷", "", 40),
    record("leader_reading", "领导阅批", "read", "阅批", "李明华", "请工程管理科抓紧落实。", 100),
    record(
        "leader_reading",
        "领导阅批",
        "read",
        "阅批",
        "孙丽",
        "同意李局长意见。",
        200,
        on_behalf_of="张志强",
    ),
    record("dispatching", "秘书分送", "dispatch", "分送承办部门", "孙丽", "", 300),
    record(
        "handling",
        "部门办理",
        "instruct",
        "批办",
        "马涛",
        "请按通知组织检查。",
        400,
        subject="uid-eng",
    ),
]

INCOMING = {
    "kind": "incoming",
    "unit_title": "长垣河务局",
    "source_organ": "新乡河务局",
    "source_number": "新河〔2026〕12号",
    "receipt_number": "长河收〔2026〕5号",
    "received_date": datetime.date(2026, 3, 2),
    "title": "关于做好2026年防汛工作的通知",
    "urgency": "加急",
    "classification": "非密",
    "copies": 2,
    "deadline": datetime.date(2026, 3, 9),
    "proposal": "请局领导阅示。",
    "departments": [{"uid": "uid-eng", "title": "工程管理科"}],
    "opinions": INCOMING_OPINIONS,
}


def pdf_text(fields):
    data = render_slip_pdf(fields)
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def squeezed(text):
    return re.sub(r"\s+", "", text)


def form_and_records(text):
    form, heading, records = text.partition(OPINION_HEADING)
    assert heading, text
    return squeezed(form), squeezed(records)


def assert_texts_once_in_order(records, opinions):
    positions = []
    for opinion in opinions:
        if not opinion["text"]:
            continue
        assert records.count(squeezed(opinion["text"])) == 1, opinion["text"]
        positions.append(records.index(squeezed(opinion["text"])))
    assert positions == sorted(positions)


def test_r_t2_times_are_written_in_the_standard_form():
    assert format_time(datetime.datetime(2026, 1, 5, 9, 5)) == "2026年1月5日 09:05"
    assert format_time(datetime.date(2026, 1, 5)) == "2026年1月5日"
    assert format_time(None) == ""
    assert person_text({"actor": "何磊", "on_behalf_of": "张志强"}) == "张志强（何磊代录）"
    assert person_text({"actor": "马涛", "on_behalf_of": None}) == "马涛"


def test_r_t2_outgoing_slip_header_fields_and_every_opinion_in_order():
    text = pdf_text(OUTGOING)
    form, records = form_and_records(text)
    assert "长垣河务局发文稿纸" in form
    for value in (
        "工程管理科",
        "何磊",
        "长河〔2026〕3号",
        "非密",
        "特急",
        "局属各科室",
        "新乡河务局",
        "关于做好汛前检查的通知",
        "检查清单",
    ):
        assert value in form, value
    for label in ("签发", "会签", "审核", "拟稿部门", "拟稿人", "文号", "密级", "紧急程度"):
        assert label in form, label
    for label in ("主送", "抄送", "标题", "附件"):
        assert label in form, label
    # the 签发 box: the signature of the last round, with the signer (代录) and the date
    assert "同意印发。" in form
    assert "张志强（何磊代录）" in form
    assert "2026年3月3日08:06" in form
    # the 审核 box: the reviews of the last round only
    assert "已补充，同意。" in form and "请张局长签发。" in form
    assert "同意送办公室。" not in form
    # the 办理记录: every opinion, all rounds, in order; 退回 marked; rounds shown
    assert_texts_once_in_order(records, OUTGOING_OPINIONS)
    assert records.count("【退回】") == 1 and "退回拟稿人" in records
    assert "第2轮" in records
    assert "张志强（何磊代录）" in records
    assert "2026年3月2日" in records and "08:05" in records and "09:15" in records
    for step in ("拟稿", "部门审核", "办公室把关", "主管局领导签发", "编号"):
        assert step in records


def test_r_t2_incoming_slip_header_fields_leaders_and_departments():
    text = pdf_text(INCOMING)
    form, records = form_and_records(text)
    assert "长垣河务局来文处理单" in form
    for value in (
        "新乡河务局",
        "新河〔2026〕12号",
        "长河收〔2026〕5号",
        "2026年3月2日",
        "关于做好2026年防汛工作的通知",
        "加急",
        "非密",
        "2026年3月9日",
        "工程管理科",
    ):
        assert value in form, value
    for label in ("来文机关", "来文字号", "收文编号", "收文日期", "份数", "办理时限"):
        assert label in form, label
    assert "拟办意见" in form and "请局领导阅示。" in form
    # 领导批示: each leader's opinion with the name and the date, in order
    first = form.index("请工程管理科抓紧落实。")
    second = form.index("同意李局长意见。")
    assert first < second
    assert form.index("李明华") < second
    assert "张志强（孙丽代录）" in form
    assert "2026年3月2日09:45" in form
    # 承办部门 and its 批办
    assert "批办：请按通知组织检查。" in form
    assert_texts_once_in_order(records, INCOMING_OPINIONS)
    for title in ("送拟办", "拟办", "送领导阅批", "阅批", "分送承办部门", "批办"):
        assert title in records


def test_r_t2_many_opinions_run_over_pages_none_lost():
    opinions = [
        record("leader_reading", "领导阅批", "read", "阅批", "李明华", f"第{n}条批示意见。", n)
        for n in range(1, 61)
    ]
    text = pdf_text({**INCOMING, "opinions": opinions})
    _form, records = form_and_records(text)
    assert_texts_once_in_order(records, opinions)


def test_r_t2_empty_slip_renders():
    text = squeezed(pdf_text({"kind": "outgoing", "unit_title": "长垣河务局"}))
    assert "长垣河务局发文稿纸" in text
    assert "（无）" in text
