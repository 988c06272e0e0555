"""收文 on the Plone layer (SPEC §5, R-I1 … R-I6) with the demo organisation.

长垣河务局: cy_secretary1/2 (the secretaries' mailbox) register; cy_office_head
拟办; leaders cy_leader1..3 and cy_director read in the order given; 工程管理科
(receiver cy_eng_receiver, head cy_eng_head) and 防汛办公室 (receiver
cy_flood_staff, heads cy_flood_head/deputy) handle.
"""

import pytest
from plone import api

from collective.gongwen.incoming import rules
from collective.gongwen.routing.opinions import opinions
from collective.gongwen.routing.people import principals_of
from tests.support.incoming import department_uid
from tests.support.incoming import do_incoming
from tests.support.incoming import register_incoming

SECRETARIES = "changyuan-secretaries"


def state(document):
    return api.content.get_state(obj=document)


def todo(user):
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username=user):
        return [
            b.getId for b in catalog(assignees=principals_of(user), portal_type="gongwen_incoming")
        ]


def proposed(
    portal, leaders=("cy_leader1", "cy_leader2", "cy_leader3"), departments=("engineering",)
):
    document = register_incoming(portal)
    do_incoming(document, "cy_secretary1", "send_to_propose")
    do_incoming(
        document,
        "cy_office_head",
        "propose",
        "请局领导阅示，工程管理科办理。",
        leaders=list(leaders),
        departments=[department_uid(portal, d) for d in departments],
    )
    return document


def test_r_i1_registration_issues_a_receipt_number_and_goes_to_the_mailbox(portal):
    document = register_incoming(portal)
    assert state(document) == "registered"
    assert document.receipt_number.startswith("长河收〔")
    assert document.assignees == (SECRETARIES,) or document.assignees[0].endswith("secretaries")
    assert document.getId() in todo("cy_secretary2")  # the mailbox, not a person


def test_r_i2_r_i3_r_i4_walk_from_registration_to_done(portal):
    document = proposed(portal)
    assert state(document) == "routing"
    assert document.proposal == "请局领导阅示，工程管理科办理。"
    do_incoming(document, "cy_secretary2", "send_to_leaders")
    assert state(document) == "leader_reading"
    assert document.assignees == ("cy_leader1",)
    # a leader out of turn
    with pytest.raises(rules.NotYourTurnError):
        do_incoming(document, "cy_leader2", "read", "已阅。")
    with pytest.raises(rules.EmptyOpinionError):
        do_incoming(document, "cy_leader1", "read", "  ")
    do_incoming(document, "cy_leader1", "read", "请工程管理科抓紧落实。")
    assert document.assignees == ("cy_leader2",)
    do_incoming(document, "cy_leader2", "read", "同意。")
    do_incoming(document, "cy_leader3", "read", "阅。")
    # R-I3: back to the secretaries' mailbox only after every leader has read
    assert state(document) == "dispatching"
    assert document.assignees[0].endswith("secretaries")
    do_incoming(document, "cy_secretary1", "dispatch")
    assert state(document) == "handling"
    assert document.getId() in todo("cy_eng_receiver")
    with pytest.raises(rules.InstructionFirstError):
        do_incoming(document, "cy_eng_receiver", "finish_part")
    do_incoming(document, "cy_eng_receiver", "ask_instruction")
    assert document.getId() in todo("cy_eng_head")
    do_incoming(document, "cy_eng_head", "instruct", "请按通知要求组织检查。")
    do_incoming(document, "cy_eng_receiver", "finish_part")
    assert state(document) == "closing"
    do_incoming(document, "cy_secretary2", "close")
    assert state(document) == "done"
    assert [(r.step, r.action, r.actor) for r in opinions(document)] == [
        ("registered", "send_to_propose", "cy_secretary1"),
        ("proposing", "propose", "cy_office_head"),
        ("routing", "send_to_leaders", "cy_secretary2"),
        ("leader_reading", "read", "cy_leader1"),
        ("leader_reading", "read", "cy_leader2"),
        ("leader_reading", "read", "cy_leader3"),
        ("dispatching", "dispatch", "cy_secretary1"),
        ("handling", "ask_instruction", "cy_eng_receiver"),
        ("handling", "instruct", "cy_eng_head"),
        ("handling", "finish_part", "cy_eng_receiver"),
        ("closing", "close", "cy_secretary2"),
    ]


def test_upgrade_1004_starts_existing_incoming_at_registration(portal):
    from collective.gongwen.setuphandlers.upgrades import incoming_workflow

    document = register_incoming(portal)
    # as before the upgrade: the placeholder workflow's history, no number, nobody holding it
    document.workflow_history = {
        "gongwen_document_workflow": document.workflow_history.pop("gongwen_incoming_workflow")
    }
    document.receipt_number = None
    document.manage_delLocalRoles([document.assignees[0]])
    document.assignees = ()
    with api.env.adopt_roles(["Manager"]):
        incoming_workflow(None)
    assert state(document) == "registered"
    assert document.receipt_number.startswith("长河收〔")
    assert document.getId() in todo("cy_secretary2")
