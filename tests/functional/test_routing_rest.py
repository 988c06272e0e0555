"""R-O1, R-O2 through plone.restapi's ``@workflow`` (real HTTP on the functional layer).

Each demo user moves a 下行文 on with ``POST …/@workflow/<transition>`` and a
``comment``: the trail must be the one the action panel leaves — an opinion
record per step with its actor, the 签发人 and 成文日期 locked, a 文号 at
登记编号 — and a reviewer without an opinion, or a user who does not hold
the step, is refused without a transition.
"""

import pytest
import transaction
from plone import api

from collective.gongwen.content import times
from collective.gongwen.steps.opinions import opinions
from tests.support.outgoing import draft_outgoing
from tests.support.renders import typeset_served
from tests.support.rest import committed_url
from tests.support.rest import demo
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.rest import url_of

DOWNWARD_TRANSITIONS = [
    # (user, transition, comment, state after)
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "approve", "同意。", "office_review"),
    ("cy_office_head", "forward_leader_sign", "请李局长签发。", "leader_sign"),
    ("cy_leader2", "sign", "同意印发。", "numbering"),
    ("cy_print", "number", "", "secretary_check"),
    ("cy_secretary1", "send", "", "sent"),
]


@pytest.fixture
def notice(functional_portal, portal_url):
    """A committed 下行文 draft of cy_eng_staff; its object and URL."""
    document = draft_outgoing(functional_portal, "downward", main_recipients=["局属各科室"])
    return document, committed_url(portal_url, document)


def test_r_o2_rest_workflow_leaves_the_panels_trail(notice, functional_portal):
    document, url = notice
    for user, name, comment, after in DOWNWARD_TRANSITIONS:
        response = transition(url, user, name, comment)
        assert response.status_code == 200, (user, name, response.text)
        assert response.json()["review_state"] == after
        if name == "number":
            typeset_served(document, functional_portal)
    transaction.begin()  # see the server's commits
    assert [(r.step, r.action, r.actor, r.text) for r in opinions(document)] == [
        ("draft", "submit", "cy_eng_staff", ""),
        ("dept_review", "approve", "cy_eng_head", "同意。"),
        ("office_review", "approve", "cy_office_head", "请李局长签发。"),
        ("leader_sign", "sign", "cy_leader2", "同意印发。"),
        ("numbering", "number", "cy_print", ""),
        ("secretary_check", "send", "cy_secretary1", ""),
    ]
    signer = api.user.get(userid="cy_leader2").getProperty("fullname")
    assert document.signer == signer  # R-O5
    assert document.written_date == times.date_of(opinions(document)[3].time)
    assert document.issue_number.startswith("长河〔")  # R-O8


def test_r_o1_r_o2_rest_refuses_no_opinion_and_non_assignees(notice):
    document, url = notice
    assert transition(url, "cy_eng_staff", "submit").status_code == 200
    # R-O2: 同意 without an opinion
    refused = transition(url, "cy_eng_head", "approve", "   ")
    assert refused.status_code == 400
    assert "请填写意见" in refused.json()["error"]["message"]
    # R-O1: the drafter (who reads it) is not the step's assignee
    refused = transition(url, "cy_eng_staff", "approve", "同意。")
    assert refused.status_code == 403
    assert "不是当前环节的办理人" in refused.json()["error"]["message"]
    # the assignee, but a transition the step does not offer
    refused = transition(url, "cy_eng_head", "sign", "同意。")
    assert refused.status_code == 400
    assert "当前环节不能办理此操作" in refused.json()["error"]["message"]
    # R-SEC1: others do not even see it
    for user in ("cy_office_head", "cy_flood_staff"):
        assert transition(url, user, "approve", "同意。").status_code == 401, user
    transaction.begin()
    assert api.content.get_state(obj=document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]


def test_r_i3_rest_refuses_a_leader_out_of_turn_and_a_bad_plan_in_chinese(
    functional_portal, portal_url
):
    from tests.support.incoming import department_uid
    from tests.support.incoming import do_incoming
    from tests.support.incoming import register_incoming

    document = register_incoming(functional_portal, source_number="新河〔2026〕301号")
    do_incoming(document, "cy_secretary1", "send_to_propose")
    transaction.commit()
    url = url_of(portal_url, document)
    # 拟办 without leaders and departments (plone.restapi cannot pass them)
    refused = transition(url, "cy_office_head", "propose", "请阅。")
    assert refused.status_code == 400
    assert "拟办须选择阅批领导" in refused.json()["error"]["message"]
    transaction.begin()
    do_incoming(
        document,
        "cy_office_head",
        "propose",
        "请阅。",
        leaders=["cy_leader1", "cy_leader2"],
        departments=[department_uid(functional_portal, "engineering")],
    )
    do_incoming(document, "cy_secretary1", "send_to_leaders")
    transaction.commit()
    refused = transition(url, "cy_leader2", "read", "已阅。")
    assert refused.status_code in (401, 403)
    assert transition(url, "cy_leader1", "read", "已阅，请李局长阅。").status_code == 200
    assert transition(url, "cy_leader2", "read_done", "同意。").status_code == 200
    transaction.begin()
    assert api.content.get_state(obj=document) == "dispatching"
    assert [r.actor for r in opinions(document)][-2:] == ["cy_leader1", "cy_leader2"]


def test_r_i1_rest_registration_refuses_missing_fields_and_a_second_entry(
    functional_portal, portal_url
):
    folder = f"{portal_url}/changyuan/incoming"
    entry = {
        "@type": "gongwen_incoming",
        "title": "关于开展堤防隐患排查的通知",
        "source_organ": "新乡河务局",
        "source_number": "新河〔2026〕302号",
        "doc_kind": "notice",
    }

    def register(data):
        return post(folder, data, demo("cy_secretary1"))

    missing = register({k: v for k, v in entry.items() if k != "source_organ"})
    assert missing.status_code == 400
    assert "source_organ" in missing.text
    created = register(entry)
    assert created.status_code == 201, created.text
    assert created.json()["receipt_number"].startswith("长河收〔")
    again = register({**entry, "title": "关于开展堤防隐患排查的通知（重复）"})
    assert again.status_code == 400
    assert "请勿重复登记" in again.json()["message"]
