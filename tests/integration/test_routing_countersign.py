"""R-O7 (会签, 第十二条) through the 办理 panel: the last pending co-signer is offered 送秘书,
and one action moves the document on; forwarding (转交相关领导) keeps it in 会签.

The same through plone.restapi's ``@workflow`` is tested over HTTP
(tests/functional/test_routing_countersign_rest.py). Demo organisation
(长垣河务局): the office heads 把关 and ask cy_leader1/cy_leader3/cy_director.
"""

import pytest
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.integration.test_routing_outgoing import transitions
from tests.integration.test_routing_panel import act_form
from tests.integration.test_routing_panel import post_act
from tests.support.outgoing import walk_until
from tests.support.views import render_as

CO_SIGNERS = ("cy_leader1", "cy_leader3", "cy_director")
OFFICE_HEADS = {"cy_office_head", "cy_office_deputy"}


def at_countersign(portal, leaders):
    """A 下行文 the office head sent to ``leaders`` for 会签."""
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "office_review")
    do(document, "cy_office_head", "request_countersign", "请会签。", assignees=list(leaders))
    assert state(document) == "countersign"
    return document


def offered(document, user):
    """The 办理 panel's buttons for ``user``: ``{action id: title}``."""
    view, _html = render_as(document, "gongwen-action-panel", user)
    return {action["id"]: action["title"] for action in view.actions}


def countersign_records(document):
    return [(r.step, r.action, r.actor) for r in opinions(document) if r.step == "countersign"]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_r_o7_the_last_co_signer_sends_it_back_in_one_action_in_the_panel(portal, count):
    leaders = CO_SIGNERS[:count]
    document = at_countersign(portal, leaders)
    for index, leader in enumerate(leaders):
        last = index == count - 1
        buttons = offered(document, leader)
        assert buttons["countersign"] == ("送秘书" if last else "会签")
        # the guards agree: 会签 while others are pending, 送秘书 for the last
        assert transitions(document, leader) == [
            "countersign_done" if last else "countersign",
            "return",
        ]
        shown = post_act(document, act_form(document, "countersign", f"{leader}同意。"), leader)
        if last:
            assert shown == ["已办理「送秘书」，当前环节：办公室负责人把关。"]
        else:
            assert shown == ["已办理「会签」，当前环节：领导会签。"]
            assert set(document.assignees) == set(leaders[index + 1 :])
    assert state(document) == "office_review"
    assert set(document.assignees) == OFFICE_HEADS
    assert document.pending_countersigners == ()
    # each co-signature is kept once
    assert countersign_records(document) == [("countersign", "countersign", p) for p in leaders]


def test_r_o7_forwarding_keeps_it_in_countersign_until_the_last(portal):
    document = at_countersign(portal, ("cy_leader1",))
    # the only co-signer forwards to the director: not 送秘书 yet
    assert offered(document, "cy_leader1")["countersign"] == "送秘书"
    form = act_form(document, "countersign", "同意，请局长阅。", assignees=["cy_director"])
    shown = post_act(document, form, "cy_leader1")
    assert shown == ["已办理「会签」，当前环节：领导会签。"]
    assert document.assignees == ("cy_director",)
    assert offered(document, "cy_director")["countersign"] == "送秘书"
    post_act(document, act_form(document, "countersign", "同意。"), "cy_director")
    assert state(document) == "office_review"
    assert countersign_records(document) == [
        ("countersign", "countersign", "cy_leader1"),
        ("countersign", "countersign", "cy_director"),
    ]


def test_r_o7_the_document_cannot_advance_while_a_co_signer_is_pending(portal):
    document = at_countersign(portal, ("cy_leader1", "cy_leader3"))
    assert "countersign_done" not in transitions(document, "cy_leader1")
    assert "countersign_done" not in transitions(document, "cy_leader3")
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="cy_leader1"), pytest.raises(WorkflowException):
        workflow.doActionFor(document, "countersign_done", comment="想直接送秘书。")
    assert state(document) == "countersign"
    assert countersign_records(document) == []


def test_r_o7_on_behalf_of_the_last_co_signer_the_typist_sees_send_to_secretary(portal):
    """代录 (R-O9): the office head types the last co-signer's paper opinion."""
    document = at_countersign(portal, ("cy_leader1",))
    assert offered(document, "cy_office_head")["countersign"] == "送秘书"
    form = act_form(document, "countersign", "同意（纸质意见）。", on_behalf_of="cy_leader1")
    post_act(document, form, "cy_office_head")
    assert state(document) == "office_review"
    record = opinions(document)[-1]
    assert (record.action, record.actor, record.on_behalf_of) == (
        "countersign",
        "cy_office_head",
        "cy_leader1",
    )
