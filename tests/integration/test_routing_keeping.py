"""R-O13 (and R-O2's immutable records) on the Plone layer: nothing submitted is deleted, by
anyone, on any path; a returned draft is voided (作废) with a reason and kept.

长垣河务局: cy_eng_staff drafts, cy_eng_head reviews (and returns), cy_office_head is an
office head, cy_flood_staff is unrelated.
"""

import pytest
from plone import api
from zExceptions import Forbidden
from zExceptions import Unauthorized

from collective.gongwen.routing import rules
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import can_delete
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import todo
from tests.support.outgoing import draft_outgoing

DRAFTER = "cy_eng_staff"
REASON = "情况已变化，本文不再印发。"


def returned(portal):
    """A 下行文 submitted by its drafter and returned by the department head."""
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    do(document, DRAFTER, "submit")
    do(document, "cy_eng_head", "return", "请补充检查范围后重新提交。")
    assert api.content.get_state(obj=document) == "draft"
    return document


def test_r_o13_a_never_submitted_draft_is_deleted_by_its_drafter_only(portal):
    document = draft_outgoing(portal)
    folder, doc_id = document.__parent__, document.getId()
    assert can_delete(document, DRAFTER)
    assert not can_delete(document, "cy_eng_head")
    with api.env.adopt_user(username=DRAFTER):
        folder.manage_delObjects([doc_id])
    assert doc_id not in folder.objectIds()


@pytest.mark.parametrize("user", [DRAFTER, "cy_eng_head", "cy_office_head", "admin"])
def test_r_o13_nobody_holds_delete_on_a_returned_draft(portal, user):
    document = returned(portal)
    assert not can_delete(document, user)


def test_r_o13_manager_cannot_delete_a_submitted_document_on_any_path(portal):
    document = returned(portal)
    folder, doc_id = document.__parent__, document.getId()
    records = opinions(document)
    with api.env.adopt_roles(["Manager"]):
        # folder_contents / @@delete_confirmation / REST: manage_delObjects on the folder
        with pytest.raises((Unauthorized, Forbidden)):
            folder.manage_delObjects([doc_id])
        # code that skips the permission check still meets the guard
        with pytest.raises(Forbidden, match="不得删除"):
            folder._delObject(doc_id)
        # nor does removing the folder holding it (or the unit) take it along
        with pytest.raises(Forbidden):
            folder.__parent__._delObject(folder.getId())
        # nor moving it out of its folder first, to delete it elsewhere
        with pytest.raises(Forbidden):
            api.content.move(source=document, target=portal)
    assert doc_id in folder.objectIds()
    assert opinions(folder[doc_id]) == records  # R-O2: the records stay


def test_r_o13_a_submitted_document_may_be_renamed_in_its_folder(portal):
    document = returned(portal)
    with api.env.adopt_roles(["Manager"]):
        renamed = api.content.rename(obj=document, new_id="renamed-notice")
    assert renamed.getId() == "renamed-notice"


def test_r_o13_void_needs_a_reason_and_keeps_the_document(portal):
    document = returned(portal)
    with pytest.raises(rules.VoidReasonRequiredError):
        do(document, DRAFTER, "void", "   ")
    assert api.content.get_state(obj=document) == "draft"
    record = do(document, DRAFTER, "void", REASON)
    assert (record.step, record.action, record.actor, record.text) == (
        "draft",
        "void",
        DRAFTER,
        REASON,
    )
    assert api.content.get_state(obj=document) == "voided"
    assert document.assignees == ()
    assert document.getId() not in todo(DRAFTER)
    assert not getattr(document, "issue_number", None)  # never numbered
    with api.env.adopt_user(username=DRAFTER):
        assert api.user.has_permission("View", obj=document)
        assert not api.user.has_permission("Modify portal content", obj=document)
        assert not api.user.has_permission("Delete objects", obj=document)
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=DRAFTER):
        assert not workflow.getTransitionsFor(document)
    with api.env.adopt_roles(["Manager"]), pytest.raises(Forbidden):
        document.__parent__._delObject(document.getId())


def test_r_o13_a_never_submitted_draft_is_not_voided_but_deleted(portal):
    document = draft_outgoing(portal)
    with pytest.raises(rules.VoidNotAllowedError):
        do(document, DRAFTER, "void", REASON)
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=DRAFTER):
        assert "void" not in [t["id"] for t in workflow.getTransitionsFor(document)]


def test_r_o13_the_office_head_may_void_a_returned_draft_others_may_not(portal):
    document = returned(portal)
    for user in ("cy_eng_head", "cy_flood_staff"):
        with pytest.raises(rules.NotAssigneeError):
            do(document, user, "void", REASON)
    do(document, "cy_office_head", "void", REASON)
    assert api.content.get_state(obj=document) == "voided"


def test_r_o13_void_is_refused_in_review(portal):
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    do(document, DRAFTER, "submit")
    with pytest.raises(rules.StepError):
        do(document, "cy_eng_head", "void", REASON)
    assert api.content.get_state(obj=document) == "dept_review"


def render_panel(document):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer

    alsoProvides(document.REQUEST, IGongwenLayer)
    return document.restrictedTraverse("@@gongwen-action-panel")()


def test_r_o13_panel_offers_void_not_delete_on_a_returned_draft(portal):
    fresh = draft_outgoing(portal)
    document = returned(portal)
    with api.env.adopt_user(username=DRAFTER):
        assert "作废" not in render_panel(fresh)
        html = render_panel(document)
    assert 'value="void"' in html and "作废" in html
    do(document, DRAFTER, "void", REASON)
    with api.env.adopt_user(username=DRAFTER):
        html = render_panel(document)
        page = document.restrictedTraverse("view")()
    assert 'value="void"' not in html
    # the page's header says 已作废, its history the reason
    assert "已作废" in page and REASON in page
