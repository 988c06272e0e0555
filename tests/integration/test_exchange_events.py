"""The delivery events (issue 16, exchange/events.py): each fires once per action, on every
path — the domain function and the page's POST (there is no REST service for deliveries) —
with the delivery, the 发文, the receiving unit and the actor; and what follows them (the
发文 taken back on 退回/收回, the 待签收 index) is done by their subscribers."""

import pytest
from plone import api

from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.browser.tosign import waiting_deliveries
from collective.gongwen.exchange.events import IDeliveryEvent
from collective.gongwen.exchange.events import IDeliveryOpened
from collective.gongwen.exchange.events import IDeliveryRecalled
from collective.gongwen.exchange.events import IDeliveryReturned
from collective.gongwen.exchange.events import IDeliverySent
from collective.gongwen.exchange.events import IDeliverySignedFor
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_exchange_deliveries import as_user
from tests.integration.test_exchange_deliveries import only_delivery
from tests.integration.test_exchange_deliveries import sent_request
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.events import catching
from tests.support.events import of
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.views import post_as
from tests.support.views import render_as

EVENTS = (IDeliverySent, IDeliveryOpened, IDeliverySignedFor, IDeliveryReturned, IDeliveryRecalled)


def kinds(seen):
    return [interface for interface, _document, _event in seen]


def delivery_page(unit, document, record, user, **form):
    """The recipient's delivery page: a GET (it opens the delivery), or a POST with ``form``."""
    fields = {"document": document.UID(), "delivery": record["id"], **form}
    if form:
        return post_as(unit, "gongwen-delivery", user, **fields)
    unit.REQUEST.method = unit.REQUEST["REQUEST_METHOD"] = "GET"
    return render_as(unit, "gongwen-delivery", user, **fields)


def test_r_o10_sending_fires_one_delivery_sent_per_recipient(portal):
    document = draft_outgoing(
        portal, "downward", main_recipients=["新乡河务局"], cc_recipients=["工程管理科"]
    )
    with catching(*EVENTS) as seen:
        walk_until(document, DOWNWARD_PATH, "sent")
    sent = of(seen, IDeliverySent)
    assert kinds(seen) == [IDeliverySent, IDeliverySent]
    records = {record["id"]: record for record in deliveries.deliveries(document)}
    assert sorted(event.delivery_id for event in sent) == sorted(records)
    by_name = {event.recipient: event for event in sent}
    assert by_name["新乡河务局"].unit == portal["xinxiang"]
    assert by_name["工程管理科"].unit == portal["changyuan"]["engineering"]
    assert all(event.object == document and event.actor == "cy_secretary1" for event in sent)
    assert all(event.record["state"] == rules.SENT for event in sent)


@pytest.mark.parametrize("path", ["action", "page"])
def test_r_x1_open_and_sign_fire_once_each_with_the_incoming(portal, path):
    document = sent_request(portal)
    record = only_delivery(document)
    xinxiang = portal["xinxiang"]
    with catching(*EVENTS) as seen:
        if path == "action":
            as_user("xx_secretary", actions.open_delivery, document, record["id"])
            as_user("xx_secretary", actions.open_delivery, document, record["id"])  # again
            as_user("xx_secretary", actions.sign_delivery, document, record["id"], xinxiang)
        else:
            delivery_page(xinxiang, document, record, "xx_secretary")
            delivery_page(xinxiang, document, record, "xx_secretary")  # again
            delivery_page(xinxiang, document, record, "xx_secretary", action="sign")
    assert kinds(seen) == [IDeliveryOpened, IDeliverySignedFor]
    (opened,) = of(seen, IDeliveryOpened)
    (signed,) = of(seen, IDeliverySignedFor)
    incoming_uid = only_delivery(document)["trail"][-1]["incoming"]
    assert signed.incoming is not None and signed.incoming.UID() == incoming_uid
    assert signed.incoming.portal_type == "gongwen_incoming"
    for event in (opened, signed):
        assert event.object == document
        assert event.delivery_id == record["id"] and event.recipient == "新乡河务局"
        assert event.unit == xinxiang and event.actor == "xx_secretary"
    assert (opened.record["state"], signed.record["state"]) == (rules.OPENED, rules.SIGNED)


def test_r_x1_a_department_signing_fires_signed_for_without_an_incoming(portal):
    document = draft_outgoing(portal, "downward", main_recipients=["工程管理科"])
    walk_until(document, DOWNWARD_PATH, "sent")
    record = only_delivery(document)
    engineering = portal["changyuan"]["engineering"]
    with catching(*EVENTS) as seen:
        as_user("cy_eng_receiver", actions.sign_delivery, document, record["id"], engineering)
    (signed,) = of(seen, IDeliverySignedFor)
    assert kinds(seen) == [IDeliverySignedFor]
    assert signed.incoming is None and signed.unit == engineering
    assert signed.actor == "cy_eng_receiver"


@pytest.mark.parametrize("path", ["action", "page"])
def test_r_x1_return_fires_once_and_its_subscriber_takes_the_document_back(portal, path):
    document = sent_request(portal)
    record = only_delivery(document)
    xinxiang = portal["xinxiang"]
    with catching(*EVENTS, IDeliveryEvent) as seen:
        if path == "action":
            as_user("xx_secretary", actions.return_delivery, document, record["id"], "缺预算表")
        else:
            delivery_page(
                xinxiang, document, record, "xx_secretary", action="return", reason="缺预算表"
            )
    (returned,) = of(seen, IDeliveryReturned)
    assert len(of(seen, IDeliveryEvent)) == 1  # the base interface: the same one event
    assert kinds(seen).count(IDeliveryReturned) == 1 and len(of(seen, IDeliveryOpened)) <= 1
    assert returned.object == document and returned.unit == xinxiang
    assert (returned.actor, returned.reason) == ("xx_secretary", "缺预算表")
    assert returned.record["state"] == rules.RETURNED
    # What follows: back with the sender's secretaries, the reason in the history, not 待签收.
    assert api.content.get_state(obj=document) == "secretary_check"
    last = opinions(document)[-1]
    assert (last.actor, last.text) == ("xx_secretary", "新乡河务局：缺预算表")
    assert not waiting_deliveries(xinxiang)


@pytest.mark.parametrize("path", ["action", "page"])
def test_r_x2_recall_fires_once_and_its_subscriber_takes_the_document_back(portal, path):
    document = sent_request(portal)
    record = only_delivery(document)
    with catching(*EVENTS) as seen:
        if path == "action":
            as_user("cy_secretary2", actions.recall_delivery, document, record["id"], "有误")
        else:
            post_as(
                document, "gongwen-recall", "cy_secretary2", delivery=record["id"], reason="有误"
            )
    (recalled,) = of(seen, IDeliveryRecalled)
    assert kinds(seen) == [IDeliveryRecalled]
    assert recalled.object == document and recalled.unit == portal["xinxiang"]
    assert (recalled.actor, recalled.reason, recalled.delivery_id) == (
        "cy_secretary2",
        "有误",
        record["id"],
    )
    assert api.content.get_state(obj=document) == "secretary_check"
    assert opinions(document)[-1].text == "有误"
    assert not waiting_deliveries(portal["xinxiang"])


def test_r_x2_a_refused_recall_fires_nothing(portal):
    document = sent_request(portal)
    record = only_delivery(document)
    as_user("xx_secretary", actions.open_delivery, document, record["id"])
    with catching(*EVENTS) as seen, pytest.raises(rules.DeliveryRefused):
        as_user("cy_secretary2", actions.recall_delivery, document, record["id"])
    assert seen == []
    assert api.content.get_state(obj=document) == "sent"
