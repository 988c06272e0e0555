"""R-T2: 发文稿纸 and 来文处理单 of real documents of the demo unit (长垣河务局), as PDFs.

The documents are walked through the workflow as in ``test_routing_outgoing``
and ``test_incoming_workflow``; the slips must show every opinion, in order,
with the demo people's full names.
"""

import io
import re

import pdfplumber
from plone import api

from collective.gongwen.typeset.pdf import render_slip_pdf
from collective.gongwen.typeset.slip_layout import OPINION_HEADING
from collective.gongwen.typeset.slips import slip_fields_incoming
from collective.gongwen.typeset.slips import slip_fields_outgoing
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.incoming import department_uid
from tests.support.incoming import do_incoming
from tests.support.incoming import proposed_incoming

NAMES = {
    "cy_eng_staff": "何磊",
    "cy_eng_head": "马涛",
    "cy_office_head": "刘芳",
    "cy_office_deputy": "陈静",
    "cy_leader1": "李明华",
    "cy_leader2": "张志强",
    "cy_print": "吴刚",
    "cy_secretary1": "孙丽",
    "cy_secretary2": "周婷",
    "cy_eng_receiver": "高洁",
}
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\d{2}:\d{2}")


def slip_parts(fields):
    """The PDF's text without white space: the form, and the 办理记录 after it."""
    data = render_slip_pdf(fields)
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    form, heading, records = re.sub(r"\s+", "", text).partition(OPINION_HEADING)
    assert heading
    return form, records


def in_order(haystack, needles):
    """Each of ``needles`` occurs in ``haystack`` after the one before (repeats allowed)."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def test_r_t2_demo_names_are_the_full_names(portal):
    for user_id, name in NAMES.items():
        assert api.user.get(userid=user_id).getProperty("fullname").startswith(name), user_id


def test_r_t2_outgoing_slip_of_a_notice_sent_along_the_downward_path(portal):
    document = draft(portal, "downward")
    path = [step for step in DOWNWARD_PATH if step[3] != "archived"]
    for user, action, opinion, after in path:
        do(document, user, action, opinion)
        assert api.content.get_state(obj=document) == after
    fields = slip_fields_outgoing(document)
    assert fields["unit_title"] == portal["changyuan"].Title()
    assert fields["drafting_department"] == portal["changyuan"]["engineering"].Title()
    assert fields["issue_number"] == document.issue_number
    assert [o["actor"] for o in fields["opinions"]] == [NAMES[u] for u, *_ in path]
    assert [o["text"] for o in fields["opinions"]] == [o for _u, _a, o, _s in path]
    assert [o["action_title"] for o in fields["opinions"]] == [
        "提交",
        "同意，送下一环节",
        "同意，送下一环节",
        "签发",
        "登记编号",
        "审核发送",
    ]
    # with a request the titles are translated for it; names and texts stay
    translated = slip_fields_outgoing(document, document.REQUEST)
    assert [(o["actor"], o["text"]) for o in translated["opinions"]] == [
        (o["actor"], o["text"]) for o in fields["opinions"]
    ]
    form, records = slip_parts(fields)
    assert f"{portal['changyuan'].Title()}发文稿纸" in form
    assert document.issue_number in form
    assert "关于做好汛前检查的通知" in form and "局属各科室" in form and "新乡河务局" in form
    # 签发: the leader's opinion, name and date
    sign = form.index("同意印发。")
    assert form.index("张志强", sign) > sign
    assert DATE.match(form[form.index("张志强", sign) + 3 :])
    texts = [o for _u, _a, o, _s in path if o]
    assert all(records.count(t) == 1 for t in texts)
    assert in_order(records, texts)
    assert in_order(records, [NAMES[u] for u, *_ in path])


def test_r_t2_outgoing_slip_keeps_returned_round_and_proxy_signature(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "approve", "同意。")
    do(document, "cy_office_deputy", "return", "请补充检查范围。")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "approve", "已补充，同意。")
    do(document, "cy_office_deputy", "approve", "请张局长签发。")
    do(document, "cy_eng_staff", "sign", "同意印发（纸质意见）。", on_behalf_of="cy_leader2")
    fields = slip_fields_outgoing(document)
    assert [o["round"] for o in fields["opinions"]] == [1, 1, 1, 2, 2, 2, 2]
    form, records = slip_parts(fields)
    assert "张志强（何磊代录）" in form and "张志强（何磊代录）" in records
    assert form.count("同意。") == 1  # 「已补充，同意。」: the old round is not in the 审核 box
    assert "已补充，同意。" in form and "请张局长签发。" in form
    texts = [
        "同意。",
        "请补充检查范围。",
        "已补充，同意。",
        "请张局长签发。",
        "同意印发（纸质意见）。",
    ]
    assert in_order(records, texts)
    assert records.count("请补充检查范围。") == 1
    assert "【退回】" in records and "第2轮" in records


def test_r_t2_incoming_slip_after_the_leaders_read_and_the_department_instructed(portal):
    document = proposed_incoming(portal, leaders=["cy_leader1", "cy_leader2"])
    do_incoming(document, "cy_secretary2", "send_to_leaders")
    do_incoming(document, "cy_leader1", "read", "请工程管理科抓紧落实。")
    do_incoming(document, "cy_leader2", "read", "同意李局长意见。")
    do_incoming(document, "cy_secretary1", "dispatch")
    do_incoming(document, "cy_eng_receiver", "ask_instruction")
    do_incoming(document, "cy_eng_head", "instruct", "请按通知要求组织检查。")
    fields = slip_fields_incoming(document)
    assert fields["receipt_number"] == document.receipt_number
    assert fields["departments"] == [
        {
            "uid": department_uid(portal, "engineering"),
            "title": portal["changyuan"]["engineering"].Title(),
        }
    ]
    actors = ["cy_secretary1", "cy_office_head", "cy_secretary2", "cy_leader1", "cy_leader2"]
    actors += ["cy_secretary1", "cy_eng_receiver", "cy_eng_head"]
    assert [o["actor"] for o in fields["opinions"]] == [NAMES[a] for a in actors]
    form, records = slip_parts(fields)
    assert f"{portal['changyuan'].Title()}来文处理单" in form
    for value in (document.source_organ, document.source_number, document.receipt_number):
        assert value in form
    assert "请局领导阅示，工程管理科办理。" in form
    # 领导批示: each leader, in order, with the name and the date
    leaders = form.partition("领导批示")[2].partition("承办部门")[0]
    assert in_order(leaders, ["请工程管理科抓紧落实。", "李明华", "同意李局长意见。", "张志强"])
    assert DATE.match(leaders[leaders.index("李明华") + 3 :])
    # 承办部门: the department and its head's 批办
    handling = form.partition("承办部门")[2]
    assert portal["changyuan"]["engineering"].Title() in handling
    assert "批办：请按通知要求组织检查。" in handling and "马涛" in handling
    texts = [
        "请局领导阅示，工程管理科办理。",
        "请工程管理科抓紧落实。",
        "同意李局长意见。",
        "请按通知要求组织检查。",
    ]
    assert all(records.count(t) == 1 for t in texts)
    assert in_order(records, texts)
    assert in_order(records, [NAMES[a] for a in actors])
    for title in ("送拟办", "拟办", "送领导阅批", "阅批", "分送承办部门", "请负责人批办", "批办"):
        assert title in records
