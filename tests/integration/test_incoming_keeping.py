"""R-O13 for 收文 on the Plone layer: a registered 收文 and its opinions are never deleted, by
anyone, on any path; its files go only at 登记, before any record; a 收文 registered by
mistake is voided (作废) by a secretary with a reason, its 收文编号 voided in the series, and
kept read-only, finished, out of every to-do list.

长垣河务局: cy_secretary1/2 register (the mailbox), cy_office_head proposes, cy_leader1 reads.
"""

import datetime
import json

import pytest
from plone import api
from plone.namedfile.file import NamedBlobFile
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.interface import alsoProvides

from collective.gongwen.incoming import deadlines
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.registration import find_registered
from collective.gongwen.incoming.registration import mark_signed_for
from collective.gongwen.incoming.subscribers import IncomingRefusedError
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.numbering import series_record
from collective.gongwen.routing import rules as routing_rules
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.typeset.slip_layout import slip_html
from collective.gongwen.typeset.slips import slip_fields_incoming
from tests.integration.test_incoming_workflow import panel_html
from tests.integration.test_incoming_workflow import post_panel
from tests.integration.test_routing_outgoing import can_delete
from tests.integration.test_routing_outgoing import state
from tests.integration.test_routing_outgoing import todo
from tests.support.incoming import at_leader_reading
from tests.support.incoming import do_incoming
from tests.support.incoming import done
from tests.support.incoming import overdue_now
from tests.support.incoming import proposed_incoming
from tests.support.incoming import register_incoming
from tests.support.renders import run_render_jobs
from tests.support.views import render_as

SECRETARY = "cy_secretary1"
REASON = "与长河收文重复登记（同一来文），此条作废。"
EVERYONE = ("cy_secretary1", "cy_secretary2", "cy_office_head", "cy_director", "admin")


def add_attachment(document, name="note.txt"):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=document,
            type="gongwen_attachment",
            id=name,
            file=NamedBlobFile("值班表".encode(), filename=name, contentType="text/plain"),
        )


def receipt_entry(document):
    record = series_record(document.__parent__.__parent__, "receipt", datetime.date.today().year)
    (entry,) = [e for e in record["issued"] if e["number"] == document.receipt_number]
    return entry


# --- nothing registered is deleted ------------------------------------------------------


def test_r_o13_a_registered_incoming_is_deleted_by_nobody_on_any_path(portal):
    document = register_incoming(portal)
    folder, doc_id = document.__parent__, document.getId()
    assert document.receipt_number
    # REST DELETE and @@delete_confirmation call the folder's manage_delObjects as the user:
    # the secretaries hold "Delete objects" at 登记 (for a file uploaded by mistake), the guard
    # refuses the 收文 itself
    with api.env.adopt_user(username=SECRETARY), pytest.raises(Forbidden, match="不得删除"):
        folder.manage_delObjects([doc_id])
    with api.env.adopt_roles(["Manager"]):
        with pytest.raises((Unauthorized, Forbidden)):
            folder.manage_delObjects([doc_id])
        with pytest.raises(Forbidden, match="收文一经登记"):
            folder._delObject(doc_id)  # code that skips the permission check
        with pytest.raises(Forbidden):
            folder.__parent__._delObject(folder.getId())  # the 收文 folder with it
        with pytest.raises(Forbidden):
            api.content.move(source=document, target=portal)  # to delete it elsewhere
        renamed = api.content.rename(obj=document, new_id="renamed-entry")  # in place: fine
    assert renamed.getId() in folder.objectIds()


@pytest.mark.parametrize("user", EVERYONE)
def test_r_o13_nobody_holds_delete_on_an_incoming_after_registration(portal, user):
    document = proposed_incoming(portal)
    assert state(document) == "routing"
    assert not can_delete(document, user)


def test_r_o13_folder_contents_delete_is_refused_and_the_opinions_stay(portal):
    from plone.protect.authenticator import createToken

    document = proposed_incoming(portal)
    records = opinions(document)
    folder = document.__parent__
    request = folder.REQUEST
    request.method = "POST"
    request["REQUEST_METHOD"] = "POST"
    with api.env.adopt_user(username="admin"):
        request.form.update(
            {"selection": json.dumps([document.UID()]), "_authenticator": createToken()}
        )
        answer = json.loads(folder.restrictedTraverse("@@fc-delete")())
    assert answer["status"] != "success" and "失败" in answer["msg"], answer
    # the secretaries do not delete in the 收文 folder at all
    with api.env.adopt_user(username=SECRETARY), pytest.raises(Unauthorized):
        folder.restrictedTraverse("@@fc-delete")
    request.form.clear()
    assert document.getId() in folder.objectIds()
    assert opinions(folder[document.getId()]) == records and len(records) == 2


def test_r_o13_incoming_files_go_at_registration_only(portal):
    document = register_incoming(portal)
    add_attachment(document, "wrong.txt")
    with api.env.adopt_user(username=SECRETARY):  # uploaded by mistake: removed at 登记
        document.manage_delObjects(["wrong.txt"])
    assert "wrong.txt" not in document.objectIds()
    add_attachment(document, "roster.txt")
    do_incoming(document, SECRETARY, "send_to_propose")
    assert not can_delete(document["roster.txt"], SECRETARY)
    with api.env.adopt_roles(["Manager"]):
        with pytest.raises((Unauthorized, Forbidden)):
            document.manage_delObjects(["roster.txt"])
        with pytest.raises(Forbidden, match="新版本"):
            document._delObject("roster.txt")
        with pytest.raises((Unauthorized, Forbidden)):
            api.content.move(source=document["roster.txt"], target=portal)
    assert "roster.txt" in document.objectIds()


# --- 作废 -----------------------------------------------------------------------------------


def test_r_o13_void_needs_a_reason(portal):
    document = register_incoming(portal)
    with pytest.raises(routing_rules.VoidReasonRequiredError):
        do_incoming(document, SECRETARY, "void", "   ")
    # the workflow's own path (REST @workflow) is refused the same way
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=SECRETARY), pytest.raises(IncomingRefusedError) as refused:
        workflow.doActionFor(document, "void", comment="")
    assert "作废原因" in str(refused.value)
    assert state(document) == "registered" and not opinions(document)


def test_r_o13_a_secretary_voids_a_mistaken_registration_and_its_number(portal):
    document = register_incoming(portal)
    number = document.receipt_number
    assert document.getId() in todo("cy_secretary2")
    record = do_incoming(document, SECRETARY, "void", REASON)
    assert (record.step, record.action, record.actor, record.text, record.subject) == (
        "registered",
        "void",
        SECRETARY,
        REASON,
        number,
    )
    run_render_jobs(document)  # the worker keeps the 来文处理单 (R-RUN1)
    assert state(document) == "voided"
    # kept, with its number shown — void in the unit's series, never issued again (R-O8)
    assert document.receipt_number == number
    voided = receipt_entry(document)["voided"]
    assert (voided["reason"], voided["actor"]) == (REASON, SECRETARY)
    following = register_incoming(portal)
    assert following.receipt_number != number
    # finished: nobody holds it, no deadline, out of 我的待办, never overdue
    assert document.assignees == ()
    assert document.step_deadline is None
    assert document.getId() not in todo("cy_secretary2")
    assert not deadlines.is_overdue(document, datetime.date.today() + datetime.timedelta(days=99))
    # read-only: the secretaries read it, nobody changes or deletes it
    with api.env.adopt_user(username="cy_secretary2"):
        assert api.user.has_permission("View", obj=document)
        assert not api.user.has_permission("Modify portal content", obj=document)
        assert not api.user.has_permission("Delete objects", obj=document)
        assert not api.portal.get_tool("portal_workflow").getTransitionsFor(document)
    with api.env.adopt_roles(["Manager"]), pytest.raises(Forbidden):
        document.__parent__._delObject(document.getId())
    # the 来文处理单 is kept with the 作废 and its reason on it (R-T2)
    assert "slip" in document.objectIds()
    last = slip_fields_incoming(document)["opinions"][-1]
    assert (last["action_title"], last["text"]) == ("作废", REASON)
    assert REASON in slip_html(slip_fields_incoming(document))


def test_r_o13_the_same_delivery_registers_again_after_a_void(portal):
    document = register_incoming(portal, source_number="新河〔2026〕99号")
    do_incoming(document, SECRETARY, "void", "来文字号登记错误，作废后重新登记。")
    assert find_registered(document, "新乡河务局", "新河〔2026〕99号") is None
    again = register_incoming(portal, source_number="新河〔2026〕99号")
    assert state(again) == "registered" and again.receipt_number != document.receipt_number


def test_r_o13_void_at_routing_before_any_leader_has_read(portal):
    document = proposed_incoming(portal, opinion="重复来文，建议作废。")
    do_incoming(document, "cy_secretary2", "void", REASON)
    assert state(document) == "voided"
    assert [r.action for r in opinions(document)] == ["send_to_propose", "propose", "void"]


@pytest.mark.parametrize(
    ("make", "user", "error"),
    [
        (register_incoming, "cy_office_head", routing_rules.NotAssigneeError),
        (register_incoming, "cy_eng_staff", routing_rules.NotAssigneeError),
        (at_leader_reading, SECRETARY, rules.VoidNotAllowedError),  # a leader has it
        (done, SECRETARY, rules.VoidNotAllowedError),
    ],
)
def test_r_o13_void_refused(portal, make, user, error):
    document = make(portal)
    before = state(document)
    with pytest.raises(error):
        do_incoming(document, user, "void", REASON)
    assert state(document) == before
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=user):
        assert "void" not in [t["id"] for t in workflow.getTransitionsFor(document)]


def test_r_o13_a_signed_for_incoming_is_not_voided(portal):
    document = register_incoming(portal)
    mark_signed_for(document, "delivery-1")  # as 签收 does (exchange.actions.sign_delivery)
    with pytest.raises(rules.SignedForVoidError):
        do_incoming(document, SECRETARY, "void", REASON)
    assert state(document) == "registered"


@pytest.mark.slow
def test_r_o13_sign_delivery_marks_the_incoming(portal):
    from collective.gongwen.exchange import actions
    from tests.integration.test_exchange_deliveries import as_user
    from tests.integration.test_exchange_deliveries import only_delivery
    from tests.integration.test_exchange_deliveries import sent_request

    sent = sent_request(portal)
    record = only_delivery(sent)
    incoming = as_user(
        "xx_secretary", actions.sign_delivery, sent, record["id"], portal["xinxiang"]
    )
    with pytest.raises(rules.SignedForVoidError):
        do_incoming(incoming, "xx_secretary", "void", REASON)


# --- the 办理 panel, the listing, 超期统计 -------------------------------------------------


def test_r_o13_panel_offers_void_to_the_secretaries_and_records_it(portal):
    document = register_incoming(portal)
    html = panel_html(document, SECRETARY)
    assert 'value="void"' in html and "gongwen-void-help" in html
    assert 'value="void"' not in panel_html(document, "admin")  # not a secretary
    shown = post_panel(document, SECRETARY, "void", "")
    assert any("作废原因" in message for message in shown), shown
    assert state(document) == "registered"
    shown = post_panel(document, SECRETARY, "void", REASON)
    assert any("作废" in message for message in shown), shown
    assert state(document) == "voided"
    # Nothing is left to do: no panel; the 处理笺 says 已作废, why and its 收文编号.
    assert panel_html(document, "cy_secretary2").strip() == ""
    alsoProvides(document.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username="cy_secretary2"):
        html = document.restrictedTraverse("view")()
    assert "已作废" in html and REASON in html and document.receipt_number in html
    assert 'name="action"' not in html and "gongwen-remind-form" not in html


def test_r_o13_listing_shows_it_voided_and_finished(portal):
    document = register_incoming(portal, title="重复登记的来文")
    overdue_now(document)
    do_incoming(document, SECRETARY, "void", REASON)
    folder = portal["changyuan"]["incoming"]
    view, html = render_as(folder, "gongwen-listing", SECRETARY)
    row = next(row for row in view.rows if row["title"] == "重复登记的来文")
    assert row["step"] == "已作废" and row["number"] == document.receipt_number
    assert not row["overdue"]
    assert ("voided", "已作废", False) in view.state_options()
    view, _html = render_as(folder, "gongwen-listing", SECRETARY, state="voided")
    assert [row["title"] for row in view.rows] == ["重复登记的来文"]
    view, _html = render_as(folder, "gongwen-listing", SECRETARY, overdue="1")
    assert "重复登记的来文" not in [row["title"] for row in view.rows]


def test_r_o13_a_voided_incoming_is_not_in_the_overdue_counts(portal):
    late = register_incoming(portal)
    overdue_now(late)
    unit = portal["changyuan"]
    year = late.step_deadline.year
    before = deadlines.department_counts(unit, year).get(None, {})
    do_incoming(late, SECRETARY, "void", REASON)
    after = deadlines.department_counts(unit, year).get(None, {})
    assert before.get("overdue", 0) >= 1
    assert after.get("overdue", 0) == before["overdue"] - 1
    assert after.get("late", 0) == before.get("late", 0)  # its late 登记 counts against nobody


# --- the upgrade of existing sites (1006 → 1007) ----------------------------------------------


@pytest.mark.slow
def test_upgrade_1007_keeps_drafts_deletable_and_signed_for_incoming_unvoidable(portal):
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from collective.gongwen.exchange import actions
    from collective.gongwen.setuphandlers.upgrades import hardening
    from collective.gongwen.steps.roles import DRAFT_OWNER_ROLE
    from tests.integration.test_exchange_deliveries import as_user
    from tests.integration.test_exchange_deliveries import only_delivery
    from tests.integration.test_exchange_deliveries import sent_request
    from tests.support.outgoing import draft_outgoing

    # as before the upgrade: no draft owner, no 签收 mark, no bound records
    draft = draft_outgoing(portal)
    draft.manage_delLocalRoles(["cy_eng_staff"])
    draft.manage_setLocalRoles("cy_eng_staff", ["GongwenParticipant"])
    sent = sent_request(portal)
    incoming = as_user(
        "xx_secretary", actions.sign_delivery, sent, only_delivery(sent)["id"], portal["xinxiang"]
    )
    del incoming.signed_delivery
    registry = getUtility(IRegistry)
    record = "collective.gongwen.org.settings.IGongwenSettings.title_max_chars"
    del registry.records[record]
    with api.env.adopt_roles(["Manager"]):
        hardening(None)
    assert DRAFT_OWNER_ROLE in draft.get_local_roles_for_userid("cy_eng_staff")
    with api.env.adopt_user(username="cy_eng_staff"):
        assert api.user.has_permission("Delete objects", obj=draft)
    with pytest.raises(rules.SignedForVoidError):
        do_incoming(incoming, "xx_secretary", "void", REASON)
    assert registry[record] == 200
