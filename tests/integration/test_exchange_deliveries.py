"""R-X1, R-X2: a 发文 sent to a unit on the portal waits 待签收; 签收, 退回, 收回, receipts."""

import pytest
from AccessControl import Unauthorized
from plone import api

from collective.gongwen.content.files import original_of
from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.browser.tosign import waiting_deliveries
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until


def sent_request(portal, **fields):
    """A 上行文 请示 of 长垣河务局 to 新乡河务局, walked to 已发送."""
    document = draft_outgoing(
        portal,
        "upward",
        title="关于堤防维修经费的请示",
        doc_kind="request",
        main_recipients=["新乡河务局"],
        **fields,
    )
    return walk_until(document, UPWARD_PATH, "sent")


def only_delivery(document):
    (record,) = deliveries.deliveries(document)
    return record


def as_user(user_id, function, *args):
    with api.env.adopt_user(username=user_id):
        return function(*args)


def test_r_x1_sent_document_waits_in_the_recipients_to_sign_list(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    assert record["recipient"] == "新乡河务局" and record["state"] == rules.SENT
    xinxiang = portal["xinxiang"]
    found = as_user("xx_secretary", waiting_deliveries, xinxiang)
    assert [(d.UID(), r["id"]) for d, r in found] == [(document.UID(), record["id"])]
    # Nobody at 长垣 has it 待签收: it is addressed to 新乡 only.
    assert not waiting_deliveries(portal["changyuan"])


def test_r_x1_the_recipients_secretaries_read_the_files_not_the_document(portal):
    document = sent_request(portal)
    official = document["official"]
    with api.env.adopt_user(username="xx_secretary"):
        assert api.user.has_permission("View", obj=official)
        assert not api.user.has_permission("View", obj=document)
    with api.env.adopt_user(username="xx_water_staff"):
        assert not api.user.has_permission("View", obj=official)


def test_r_x1_sign_creates_the_incoming_document_prefilled(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    xinxiang = portal["xinxiang"]
    as_user("xx_secretary", actions.open_delivery, document, record["id"])
    incoming = as_user("xx_secretary", actions.sign_delivery, document, record["id"], xinxiang)
    assert incoming.aq_parent == xinxiang["incoming"]
    assert api.content.get_state(obj=incoming) == "registered"
    assert incoming.source_organ == "长垣河务局"
    assert incoming.source_number == document.issue_number
    assert incoming.title == document.title
    assert incoming.doc_kind == "request"
    assert incoming.receipt_number
    assert original_of(incoming).file.data == document["official"].file.data
    record = only_delivery(document)
    assert record["state"] == rules.SIGNED
    assert [entry["event"] for entry in record["trail"]] == ["sent", "opened", "signed"]
    assert record["trail"][1]["actor"] == "xx_secretary"
    # Signed: no longer 待签收, and the files are the recipient's own now.
    assert not waiting_deliveries(xinxiang)
    with api.env.adopt_user(username="xx_secretary"):
        assert not api.user.has_permission("View", obj=document["official"])


def test_r_x1_return_needs_a_reason_and_tells_the_sender(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    with pytest.raises(rules.DeliveryRefused) as refused:
        as_user("xx_secretary", actions.return_delivery, document, record["id"], "  ")
    assert refused.value.code == "reason_required"
    as_user("xx_secretary", actions.return_delivery, document, record["id"], "请补充预算明细")
    record = only_delivery(document)
    assert record["state"] == rules.RETURNED
    assert record["trail"][-1]["reason"] == "请补充预算明细"
    html = as_user("cy_secretary1", document.restrictedTraverse, "@@gongwen-receipts")()
    assert "已退回" in html and "请补充预算明细" in html
    # Back with the sender's secretaries, the reason in the opinion history (the notice).
    assert api.content.get_state(obj=document) == "secretary_check"
    assert "changyuan-secretaries" in document.assignees
    last = opinions(document)[-1]
    assert (last.actor, last.text) == ("xx_secretary", "新乡河务局：请补充预算明细")
    # Sent again: 新乡 gets a new delivery.
    do(document, "cy_secretary1", "send")
    assert [r["state"] for r in deliveries.deliveries(document)] == [rules.RETURNED, rules.SENT]


def test_r_x2_recall_before_opening_returns_the_document_to_secretary_check(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    as_user("cy_secretary2", actions.recall_delivery, document, record["id"])
    assert only_delivery(document)["state"] == rules.RECALLED
    assert api.content.get_state(obj=document) == "secretary_check"
    assert not waiting_deliveries(portal["xinxiang"])
    with api.env.adopt_user(username="xx_secretary"):
        assert not api.user.has_permission("View", obj=document["official"])
    # Sent again: 新乡 gets a new delivery.
    do(document, "cy_secretary1", "send")
    states = [r["state"] for r in deliveries.deliveries(document)]
    assert states == [rules.RECALLED, rules.SENT]


def test_r_x2_recall_after_opening_is_refused_and_audited(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    as_user("xx_secretary", actions.open_delivery, document, record["id"])
    with pytest.raises(rules.DeliveryRefused) as refused:
        as_user("cy_secretary2", actions.recall_delivery, document, record["id"])
    assert refused.value.code == "recall_opened"
    record = only_delivery(document)
    assert record["state"] == rules.OPENED
    assert record["trail"][-1]["event"] == rules.RECALL_REFUSED
    assert record["trail"][-1]["actor"] == "cy_secretary2"
    assert api.content.get_state(obj=document) == "sent"


def test_r_x2_the_recall_transition_is_not_offered_on_its_own(portal):
    document = sent_request(portal)
    with api.env.adopt_user(username="cy_secretary1"):
        transitions = [
            t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(document)
        ]
    assert "recall" not in transitions


def test_r_x1_only_the_units_secretaries_open_its_to_sign_list(portal):
    xinxiang = portal["xinxiang"]
    for user_id in ("xx_water_staff", "cy_secretary1"):
        with api.env.adopt_user(username=user_id), pytest.raises(Unauthorized):
            xinxiang.restrictedTraverse("@@gongwen-to-sign")()
    with api.env.adopt_user(username="xx_secretary"):
        assert "待签收" in xinxiang.restrictedTraverse("@@gongwen-to-sign")()


def test_r_x1_a_department_named_as_recipient_signs_for_it_by_its_receivers(portal):
    """A 下行文 of 长垣河务局 主送 its own 工程管理科 and 新乡河务局水政水资源科 (by full name)."""
    document = draft_outgoing(
        portal, "downward", main_recipients=["工程管理科", "新乡河务局水政水资源科"]
    )
    walk_until(document, DOWNWARD_PATH, "sent")
    own, other = deliveries.deliveries(document)
    engineering = portal["changyuan"]["engineering"]
    assert own["department_uid"] == engineering.UID()
    assert other["department_uid"] == portal["xinxiang"]["water"].UID()
    # The department's receivers have it 待签收; the unit's secretaries do not.
    found = as_user("cy_eng_receiver", waiting_deliveries, engineering)
    assert [r["id"] for _d, r in found] == [own["id"]]
    assert not [r for _d, r in waiting_deliveries(portal["changyuan"]) if r["id"] == own["id"]]
    with api.env.adopt_user(username="cy_eng_receiver"):
        assert api.user.has_permission("View", obj=document["official"])
        assert engineering.restrictedTraverse("@@gongwen-to-sign")()
    with api.env.adopt_user(username="xx_secretary"), pytest.raises(Unauthorized):
        portal["xinxiang"]["water"].restrictedTraverse("@@gongwen-to-sign")()
    # 签收 by a department records it and it keeps reading the files; no 收文 is made.
    assert (
        as_user("cy_eng_receiver", actions.sign_delivery, document, own["id"], engineering) is None
    )
    assert deliveries.delivery(document, own["id"])["state"] == rules.SIGNED
    with api.env.adopt_user(username="cy_eng_receiver"):
        assert api.user.has_permission("View", obj=document["official"])


def test_r_x1_the_to_sign_count_reads_the_catalog_only_and_matches_the_list(portal, monkeypatch):
    """The unit menu's 待签收 number, on every front page of a secretary, loads no document:
    it stays as cheap with 788 waiting as with one (issue 21, cost per document)."""
    from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

    from collective.gongwen.exchange.browser.tosign import waiting_count

    first = sent_request(portal)
    sent_request(portal)
    xinxiang = portal["xinxiang"]
    assert waiting_count(xinxiang) == len(waiting_deliveries(xinxiang)) == 2
    as_user("xx_secretary", actions.return_delivery, first, only_delivery(first)["id"], "请补充")
    assert waiting_count(xinxiang) == len(waiting_deliveries(xinxiang)) == 1
    assert waiting_count(portal["changyuan"]) == 0

    def loaded(*args, **kwargs):
        raise AssertionError("the count loaded a document")

    monkeypatch.setattr(AbstractCatalogBrain, "_unrestrictedGetObject", loaded)
    monkeypatch.setattr(AbstractCatalogBrain, "getObject", loaded)
    assert waiting_count(xinxiang) == 1
