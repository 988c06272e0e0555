"""流程跟踪 (R-O12, R-I3) on the Plone layer: ``@@gongwen-flow`` of a 上行文 with 会签 and of a
收文 — the steps passed with who did what, when and the opinion, the current step with its
holders and read mark, the steps still ahead with who will hold them.
"""

import datetime
import re

from plone import api
from zope.interface import alsoProvides

from collective.gongwen import request_answers
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps import flowchart
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.flow import flow_nodes
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.calls import recorded
from tests.support.incoming import at_leader_reading
from tests.support.incoming import do_incoming
from tests.support.incoming import in_handling
from tests.support.outgoing import walk_until
from tests.support.views import render_as


def summary(document):
    """``[(step, status, people, [(actor, action, text)])]`` of the document's flow."""
    return [
        (
            node.step,
            node.status,
            node.people,
            [(r.actor, r.action, r.text) for r in node.records],
        )
        for node in flow_nodes(document, document.REQUEST)
    ]


def upward_in_countersign(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = walk_until(draft(portal, "upward"), UPWARD_PATH, "leader_review")
    do(document, "cy_leader2", "request_countersign", "请刘局长会签。", assignees=["cy_leader1"])
    assert api.content.get_state(obj=document) == "countersign"
    return document


def test_r_o12_flow_of_an_upward_document_in_countersign(portal):
    document = upward_in_countersign(portal)
    nodes = summary(document)
    assert [(step, status) for step, status, *_ in nodes] == [
        ("draft", "passed"),
        ("dept_review", "passed"),
        ("office_review", "passed"),
        ("leader_review", "passed"),
        ("countersign", "current"),  # after the step that asked for it
        ("director_sign", "ahead"),
        ("numbering", "ahead"),
        ("secretary_check", "ahead"),
        ("sent", "ahead"),
    ]
    by_step = {step: (people, records) for step, _status, people, records in nodes}
    head = titles.principal_name("cy_eng_head")
    assert by_step["dept_review"][1] == [(head, "同意，送下一环节", "同意，请办公室把关。")]
    assert by_step["leader_review"][1][-1][1:] == ("请领导会签", "请刘局长会签。")
    # the current step: its holder, not yet opened; the ones ahead: who will hold them
    countersign = flow_nodes(document, document.REQUEST)[4]
    assert countersign.people and countersign.opened == "未阅"
    assert by_step["director_sign"][0]  # the director's name
    assert by_step["numbering"][0]  # the print room


def test_r_o12_flow_fragment_and_page_render_the_svg(portal):
    document = upward_in_countersign(portal)
    document.step_deadline = datetime.date(2020, 1, 2)  # long past
    _view, html = render_as(document, "gongwen-flow", "cy_eng_staff")
    assert 'id="gongwen-flow"' in html and "<svg" in html
    assert "流程跟踪" in html and "领导会签" in html and "局长签发" in html
    assert "请刘局长会签。" in html
    assert "已超期" in html and "2020年1月2日" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "href" not in svg and "url(" not in svg and "<script" not in svg
    _view, page = render_as(document, "gongwen-flow-page", "cy_eng_staff")
    assert "<svg" in page and "返回公文" in page


def test_r_o12_flow_shows_the_earlier_round_and_a_retract(portal):
    from collective.gongwen.routing.actions import retract

    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "return", "请补充检查范围。")
    do(document, "cy_eng_staff", "submit")
    with api.env.adopt_user(username="cy_eng_staff"):
        retract(document, "再改一处。")
    nodes = summary(document)
    assert nodes[0][0] == "round-1" and nodes[0][1] == "passed"
    assert [r[1:] for r in nodes[0][3]] == [("退回拟稿人", "请补充检查范围。")]
    steps = {step: (status, records) for step, status, _p, records in nodes}
    assert steps["draft"][0] == "current"
    # the 撤回 shows at the step it was taken back from
    assert steps["dept_review"] == (
        "ahead",
        [(steps["dept_review"][1][0][0], "撤回", "再改一处。")],
    )


def test_r_i3_flow_of_incoming_shows_reading_order(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = at_leader_reading(portal, leaders=("cy_leader1", "cy_leader2", "cy_leader3"))
    do_incoming(document, "cy_leader1", "read", "请二位局长阅。")
    nodes = summary(document)
    steps = [(step, status) for step, status, *_ in nodes]
    assert steps[:3] == [("registered", "passed"), ("proposing", "passed"), ("routing", "passed")]
    assert steps[3:6] == [
        ("reader:cy_leader1", "passed"),
        ("reader:cy_leader2", "current"),
        ("reader:cy_leader3", "ahead"),
    ]
    assert steps[6:] == [
        ("dispatching", "ahead"),
        ("handling", "ahead"),
        ("closing", "ahead"),
        ("done", "ahead"),
    ]
    assert nodes[3][3][0][1:] == ("阅批", "请二位局长阅。")
    assert nodes[1][3][0][2] == "请局领导阅示，工程管理科办理。"  # the 拟办
    assert nodes[7][2] == ("工程管理科",)  # the department that will handle it
    assert nodes[8][2] and "秘书" in nodes[8][2][0]  # 秘书办结: the secretaries' mailbox


def test_r_i4_flow_of_incoming_in_handling_lists_each_department(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = in_handling(portal)
    handling = [node for node in flow_nodes(document, document.REQUEST) if node.step == "handling"]
    (node,) = handling
    assert node.status == flowchart.CURRENT
    assert len(node.people) == 2 and all("（" in line for line in node.people)
    _view, html = render_as(document, "gongwen-flow", "cy_secretary1")
    assert "部门办理" in html and "<svg" in html


def test_r_o12_names_are_looked_up_once_per_request(portal, monkeypatch):
    """A 处理笺 names the same few people in every row of its flow and history: each is looked
    up once per request, not again for each row, and a new
    request sees a changed name."""
    from Acquisition import aq_base
    from Testing.makerequest import makerequest

    head = api.user.get(userid="cy_eng_head").getProperty("fullname")
    looked_up = recorded(monkeypatch, portal.acl_users, "getUserById", lambda user_id: user_id)
    assert [titles.principal_name("cy_eng_head") for _ in range(3)] == [head] * 3
    assert looked_up == ["cy_eng_head"]

    api.user.get(userid="cy_eng_head").setMemberProperties({"fullname": "新名字"})
    assert titles.principal_name("cy_eng_head") == head  # the page being drawn keeps its names
    next_request = makerequest(aq_base(portal.aq_parent)).REQUEST
    monkeypatch.setattr(request_answers, "getRequest", lambda: next_request)
    assert titles.principal_name("cy_eng_head") == "新名字"


def test_issue21_the_flow_looks_up_the_people_ahead_once(portal, monkeypatch):
    """Who will hold each step ahead comes from the same unit, department and function groups:
    looked up once for the whole flow, not once per step (a group's members each time)."""
    from collective.gongwen.incoming.browser import flow as incoming_flow
    from collective.gongwen.routing.browser import flow as outgoing_flow

    outgoing = upward_in_countersign(portal)
    looked_up = recorded(monkeypatch, outgoing_flow, "step_people", lambda document: document)
    assert len([node for node in summary(outgoing) if node[1] == "ahead"]) == 4
    assert len(looked_up) == 1
    incoming = at_leader_reading(portal, leaders=("cy_leader1", "cy_leader2"))
    looked_up = recorded(monkeypatch, incoming_flow, "incoming_people", lambda document: document)
    nodes = summary(incoming)
    assert len(looked_up) == 1
    assert nodes[-2][2] and "秘书" in nodes[-2][2][0]  # 秘书办结: the secretaries' mailbox
