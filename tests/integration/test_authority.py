"""Who may is checked by the actions themselves, whatever calls them (R-O9, R-X1, R-X2)."""

import pytest
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.i18n import translate

from collective.gongwen.exchange import actions
from collective.gongwen.exchange import rules as exchange_rules
from collective.gongwen.org.units import is_secretary
from collective.gongwen.routing import rules
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_exchange_deliveries import as_user
from tests.integration.test_exchange_deliveries import only_delivery
from tests.integration.test_exchange_deliveries import sent_request
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state


def test_r_o9_act_refuses_on_behalf_at_a_step_no_leader_holds(portal):
    document = draft(portal, "upward")
    do(document, *UPWARD_PATH[0][:3])
    assert state(document) == "dept_review"
    count = len(opinions(document))
    # the drafter may type for leaders, but 部门负责人核稿 is not a leader's step
    with pytest.raises(rules.OnBehalfStepError) as refused:
        do(document, "cy_eng_staff", "approve", "同意", on_behalf_of="cy_eng_head")
    assert "代录" in translate(refused.value.message, target_language="zh_CN")
    assert state(document) == "dept_review" and len(opinions(document)) == count


def test_r_o9_a_transition_called_with_on_behalf_of_is_refused_too(portal):
    """Any other path to the workflow tool (code, a later API) gets the same refusal."""
    document = draft(portal, "upward")
    do(document, *UPWARD_PATH[0][:3])
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="cy_eng_head"), pytest.raises(WorkflowException) as refused:
        workflow.doActionFor(document, "approve", comment="同意", on_behalf_of="cy_eng_head")
    assert "代录" in str(refused.value)
    assert state(document) == "dept_review"


def test_r_o9_the_panel_offers_on_behalf_only_where_act_allows_it(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:3]:
        do(document, user, action, opinion)
    with api.env.adopt_user(username="cy_eng_staff"):
        panel = document.restrictedTraverse("@@gongwen-action-panel")
        panel.update()
    assert [choice["id"] for choice in panel.on_behalf_choices] == list(document.assignees)


def test_r_x1_only_the_recipients_secretaries_open_sign_for_or_return(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    xinxiang = portal["xinxiang"]
    for user_id in ("cy_secretary1", "xx_water_staff"):
        for call, args in (
            (actions.open_delivery, (document, record["id"])),
            (actions.sign_delivery, (document, record["id"], xinxiang)),
            (actions.return_delivery, (document, record["id"], "不收")),
        ):
            with pytest.raises(exchange_rules.DeliveryRefused) as refused:
                as_user(user_id, call, *args)
            assert refused.value.code == "not_recipient"
    assert only_delivery(document)["trail"] == record["trail"]
    # nor does a secretary sign it into another unit than the recipient
    with pytest.raises(exchange_rules.DeliveryRefused) as refused:
        as_user("xx_secretary", actions.sign_delivery, document, record["id"], portal["changyuan"])
    assert refused.value.code == "not_recipient"
    assert only_delivery(document)["state"] == exchange_rules.SENT


def test_r_x2_only_the_senders_secretaries_recall(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    for user_id in ("xx_secretary", "cy_eng_staff"):
        with pytest.raises(exchange_rules.DeliveryRefused) as refused:
            as_user(user_id, actions.recall_delivery, document, record["id"])
        assert refused.value.code == "recall_not_sender"
    assert only_delivery(document)["state"] == exchange_rules.SENT
    assert api.content.get_state(obj=document) == "sent"
    assert as_user("cy_secretary1", actions.may_recall, document)
    assert not as_user("xx_secretary", actions.may_recall, document)


def test_r_x2_the_receipts_offer_recall_where_the_action_allows_it(portal):
    document = sent_request(portal)
    for user_id, offered in (("cy_secretary1", True), ("cy_eng_staff", False)):
        with api.env.adopt_user(username=user_id):
            html = document.restrictedTraverse("@@gongwen-receipts")()
        assert ("@@gongwen-recall" in html) is offered


def test_a_secretary_is_a_member_of_the_units_secretaries_a_manager_is_not(portal):
    unit = portal["changyuan"]
    assert is_secretary(unit, "cy_secretary1")
    assert is_secretary(unit["outgoing"], "cy_secretary2")  # anything in the unit
    assert not is_secretary(portal["xinxiang"], "cy_secretary1")
    assert not is_secretary(unit, "cy_office_head")
    api.user.grant_roles(username="cy_eng_staff", roles=["Manager"])
    assert "Manager" in api.user.get_roles(username="cy_eng_staff", obj=unit)
    assert not is_secretary(unit, "cy_eng_staff")
