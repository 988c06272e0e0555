"""R-D3 on the Plone layer: classified documents are register entries only (第二条).

Every path that could put content on a classified document is refused, with
a Chinese message, and logged at WARNING; only the unit's secretaries and
leaders (and Manager) see such an entry.
"""

import logging

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.dexterity.utils import createContent
from zExceptions import BadRequest
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_documents import blob
from tests.integration.test_documents import body
from tests.integration.test_documents import form_error_texts
from tests.integration.test_documents import submit_add_form

LOGGER = "collective.gongwen.classified"
REGISTER = {"classification": "confidential", "copy_number": "000003", "secrecy_period": "10年"}


@pytest.fixture
def unit(portal):
    """A folder standing for the unit, with a secretary, a leader and a plain member."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    container = api.content.create(container=portal, type="Folder", id="unit", title="单位")
    for user_id in ("secretary", "leader", "member", "drafter"):
        api.user.create(email=f"{user_id}@example.org", username=user_id, password="secret-123")
    container.manage_setLocalRoles("secretary", ["GongwenSecretary"])
    container.manage_setLocalRoles("leader", ["GongwenLeader"])
    container.manage_setLocalRoles("drafter", ["GongwenStaff", "Contributor"])
    container.reindexObjectSecurity()
    return container


def register_entry(container, **values):
    return api.content.create(
        container=container,
        type="gongwen_outgoing",
        title="关于某涉密事项的通知",
        doc_kind="notice",
        **{**REGISTER, **values},
    )


def refusals(caplog):
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_r_d3_register_entry_without_content_is_accepted(unit):
    entry = register_entry(unit)
    assert entry.classification == "confidential"


def test_r_d3_form_requires_copy_number_and_period(unit):
    form = submit_add_form(
        unit,
        "gongwen_outgoing",
        {"title": "涉密事项", "doc_kind": "notice", "classification": "secret"},
    )
    errors = "".join(form_error_texts(form))
    assert "涉密公文必须填写份号。" in errors
    assert "涉密公文必须填写保密期限。" in errors


def test_r_d3_form_refuses_body_and_logs(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    form = submit_add_form(
        unit,
        "gongwen_outgoing",
        {"title": "涉密事项", "doc_kind": "notice", "text": "<p>机密内容</p>", **REGISTER},
    )
    assert "涉密公文不得在本系统录入正文（第二条），只能登记目录信息。" in "".join(
        form_error_texts(form)
    )
    assert unit.objectIds() == []
    [record] = refusals(caplog)
    assert "user=test_user_1_" in record.getMessage()
    assert "attempt=body" in record.getMessage()


def test_r_d3_form_refuses_original_file_on_incoming(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    incoming = api.content.create(
        container=unit,
        type="gongwen_incoming",
        title="来文",
        source_organ="黄河河务局",
        source_number="黄河〔2026〕1号",
        **REGISTER,
    )
    with pytest.raises(BadRequest) as refused:
        incoming.original_file = blob(b"%PDF", "来文.pdf")
        notify(ObjectModifiedEvent(incoming))
    assert "涉密公文不得在本系统存放正文、文件或附件" in str(refused.value)
    assert "original_file" in refusals(caplog)[0].getMessage()


def test_r_d3_api_create_with_body_refused(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(BadRequest):
        register_entry(unit, text=body("<p>机密内容</p>"))
    assert "attempt=body" in refusals(caplog)[0].getMessage()


def test_r_d3_edit_adding_body_refused(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    entry = register_entry(unit)
    entry.text = body("<p>机密内容</p>")
    with pytest.raises(BadRequest):
        notify(ObjectModifiedEvent(entry))
    assert "/plone/unit/" in refusals(caplog)[0].getMessage()


def test_r_d3_attachment_inside_refused(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    entry = register_entry(unit)
    with pytest.raises(BadRequest):
        api.content.create(
            container=entry, type="gongwen_attachment", id="a", file=blob(b"x", "a.pdf")
        )
    assert "add item 'a' (gongwen_attachment)" in refusals(caplog)[0].getMessage()


def test_r_d3_any_item_put_inside_refused(unit, caplog):
    """A File pushed in below the type constraints (as an upload handler does)."""
    caplog.set_level(logging.WARNING, logger=LOGGER)
    entry = register_entry(unit)
    item = createContent("File", id="scan", title="扫描件", file=blob(b"x", "scan.pdf"))
    with pytest.raises(BadRequest):
        entry._setObject("scan", item)
    assert "(File)" in refusals(caplog)[0].getMessage()


def test_r_d3_classifying_a_document_with_attachments_refused(unit):
    document = api.content.create(
        container=unit, type="gongwen_outgoing", title="通知", doc_kind="notice"
    )
    api.content.create(
        container=document, type="gongwen_attachment", id="a", file=blob(b"x", "a.pdf")
    )
    for name, value in REGISTER.items():
        setattr(document, name, value)
    with pytest.raises(BadRequest):
        notify(ObjectModifiedEvent(document))


def test_r_d3_attachment_add_form_refused(unit, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    entry = register_entry(unit)
    request = entry.REQUEST
    alsoProvides(request, IGongwenLayer)
    view = entry.restrictedTraverse("++add++gongwen_attachment")
    assert view() == ""
    assert request.response.getHeader("location") == entry.absolute_url()
    assert "add attachment (add form)" in refusals(caplog)[0].getMessage()


def test_r_d3_classified_workflow(unit):
    entry = register_entry(unit)
    workflow = api.portal.get_tool("portal_workflow")
    assert workflow.getChainFor(entry) == ("gongwen_classified_workflow",)
    assert api.content.get_state(entry) == "registered"
    assert workflow.getTransitionsFor(entry) == ()  # never published


def test_r_d3_visible_only_to_secretaries_and_leaders(unit):
    entry = register_entry(unit)
    entry.changeOwnership(api.user.get(userid="drafter").getUser())
    entry.manage_setLocalRoles("drafter", ["Owner"])
    entry.reindexObjectSecurity()

    def sees(user_id):
        return api.user.has_permission("View", username=user_id, obj=entry)

    assert sees("secretary")
    assert sees("leader")
    assert not sees("member")
    assert not sees("drafter")  # not even its owner: no Owner in the workflow
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username="member"):
        assert not catalog(UID=entry.UID())
    with api.env.adopt_user(username="secretary"):
        assert len(catalog(UID=entry.UID())) == 1


def test_r_d3_declassified_document_returns_to_the_document_workflow(unit):
    entry = register_entry(unit)
    entry.classification = "none"
    notify(ObjectModifiedEvent(entry))
    # back in the 发文 workflow (SPEC §4): a draft, seen by its drafter only
    assert api.content.get_state(entry) == "draft"
    assert entry.assignees == (TEST_USER_ID,)
    assert not api.user.has_permission("View", username="secretary", obj=entry)
    entry.classification = "secret"
    notify(ObjectModifiedEvent(entry))
    assert api.content.get_state(entry) == "registered"
    assert not api.user.has_permission("View", username="drafter", obj=entry)


def test_unclassified_document_private_to_its_drafter(unit):
    # 发文 workflow (SPEC §4): a draft is the drafter's until submitted
    with api.env.adopt_user(username="drafter"):
        document = api.content.create(
            container=unit, type="gongwen_outgoing", title="通知", doc_kind="notice"
        )
    assert api.content.get_state(document) == "draft"
    assert api.user.has_permission("View", username="drafter", obj=document)
    assert not api.user.has_permission("View", username="secretary", obj=document)
    assert not api.user.has_permission("View", username="member", obj=document)


def test_r_d3_edit_form_refuses_body_on_a_register_entry(unit, caplog):
    from zope.component import getMultiAdapter

    from tests.integration.test_documents import form_values

    caplog.set_level(logging.WARNING, logger=LOGGER)
    entry = register_entry(unit)
    request = entry.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.form.update(
        form_values(
            {
                "title": entry.title,
                "doc_kind": "notice",
                "urgency": "normal",
                "direction": "downward",
                "disclosure": "not_public",
                "text": "<p>机密内容</p>",
                **REGISTER,
            }
        )
    )
    request.form["form.buttons.save"] = "保存"
    form = getMultiAdapter((entry, request), name="edit")
    form.update()
    assert "涉密公文不得在本系统录入正文（第二条），只能登记目录信息。" in "".join(
        form_error_texts(form)
    )
    assert not getattr(entry.text, "raw", None)
    assert "attempt=body" in refusals(caplog)[0].getMessage()


def test_r_d3_demo_unit_register_entry_seen_by_its_secretaries_and_leaders_only(portal):
    """With the demo organisation's real function groups, not hand-set roles."""
    with api.env.adopt_user(username="cy_secretary1"):
        entry = register_entry(portal.changyuan.outgoing)

    def sees(user_id):
        return api.user.has_permission("View", username=user_id, obj=entry)

    assert all(sees(u) for u in ("cy_secretary1", "cy_secretary2", "cy_leader1", "cy_director"))
    # other staff of the unit, the superior unit's secretary, the site administrator
    assert not any(sees(u) for u in ("cy_eng_staff", "cy_office_head", "xx_secretary", "gw_admin"))
