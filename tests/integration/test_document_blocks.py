"""The field blocks 发文 and 收文 share (content/blocks.py) as behaviors of both types.

Each block is a behavior listed in both FTIs; its fields left the types' schemas but keep
their names, their place on the forms and in plone.restapi's schema, and their storage on
the document itself, whether set through the add/edit form or through REST.
"""

import datetime

import pytest
import transaction
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.behavior.interfaces import IBehavior
from plone.restapi.types.utils import get_jsonschema_for_portal_type
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_documents import form_error_texts
from tests.integration.test_documents import form_values
from tests.integration.test_documents import new_outgoing
from tests.integration.test_documents import submit_add_form
from tests.support.incoming import register_incoming
from tests.support.outgoing import body
from tests.support.rest import committed_url
from tests.support.rest import docs_folder
from tests.support.rest import get
from tests.support.rest import patch
from tests.support.rest import post

TYPES = ("gongwen_outgoing", "gongwen_incoming")
# behavior name: its fields, in the block's order
BLOCKS = {
    "collective.gongwen.kind": ["doc_kind"],
    "collective.gongwen.urgency": ["urgency", "deadline"],
    "collective.gongwen.classification": ["classification", "copy_number", "secrecy_period"],
}
# plone.restapi's schema of each type, as it was before the blocks: (fieldset, fields)
REST_FIELDSETS = {
    "gongwen_outgoing": [
        (
            "header",
            ["copy_number", "classification", "secrecy_period", "urgency", "deadline"]
            + ["doc_kind", "direction"],
        ),
        (
            "body",
            ["title", "main_recipients", "text", "attachment_note", "signing_organ", "sealed"]
            + ["remarks", "signer_title", "attendees", "absent", "observers"],
        ),
        ("colophon", ["cc_recipients", "printing_organ"]),
        ("drafting", ["drafting_department", "drafter", "disclosure", "retention"]),
    ],
    "gongwen_incoming": [
        (
            "received",
            ["title", "source_organ", "source_number", "received_date", "copies", "doc_kind"]
            + ["urgency", "deadline", "classification", "copy_number", "secrecy_period"]
            + ["original_file"],
        ),
        ("handling", ["reading_leaders", "handling_departments", "publish_to_front_page"]),
    ],
}
REST_REQUIRED = {
    "gongwen_outgoing": ["classification", "urgency", "doc_kind", "direction", "title"]
    + ["disclosure"],
    "gongwen_incoming": ["title", "source_organ", "source_number", "received_date", "copies"]
    + ["doc_kind", "urgency", "classification"],
}


@pytest.fixture
def folder(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return api.content.create(container=portal, type="Folder", id="docs", title="公文")


def block(name):
    return getUtility(IBehavior, name=name).interface


@pytest.mark.parametrize("portal_type", TYPES)
def test_r_d_blocks_both_types_list_every_block(portal, portal_type):
    fti = api.portal.get_tool("portal_types")[portal_type]
    schema = fti.lookupSchema()
    for name, fields in BLOCKS.items():
        assert name in fti.behaviors
        assert list(block(name)) == fields  # names unchanged
        assert not set(fields) & set(schema)  # no longer in the type's own schema
        assert getUtility(IBehavior, name=name).factory is None  # stored on the document


def test_r_d_blocks_both_documents_provide_every_block(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    outgoing = new_outgoing(portal, urgency="urgent", deadline=datetime.date(2026, 7, 1))
    incoming = register_incoming(portal, urgency="urgent", deadline=datetime.date(2026, 7, 1))
    for document in (outgoing, incoming):
        for name in BLOCKS:
            assert block(name).providedBy(document)
        # stored as the document's own attributes, as before
        assert document.__dict__["urgency"] == "urgent"
        assert document.__dict__["deadline"] == datetime.date(2026, 7, 1)
        assert block("collective.gongwen.urgency")(document) is document


@pytest.mark.parametrize("portal_type", TYPES)
def test_r_d_blocks_rest_schema_keeps_fieldsets_order_and_required(portal, portal_type):
    schema = get_jsonschema_for_portal_type(portal_type, portal, portal.REQUEST)
    fieldsets = [(f["id"], f["fields"]) for f in schema["fieldsets"] if f["fields"]]
    assert fieldsets == REST_FIELDSETS[portal_type]
    assert list(schema["properties"]) == [n for _id, names in fieldsets for n in names]
    assert schema["required"] == REST_REQUIRED[portal_type]
    assert schema["properties"]["urgency"]["title"] == "紧急程度"
    assert schema["properties"]["copy_number"]["maxLength"] == 10


def test_r_d_blocks_add_form_values_land_on_the_document(folder):
    values = {
        "title": "关于做好防汛工作的通知",
        "doc_kind": "notice",
        "urgency": "urgent",
        "deadline": "2026-07-01",
        "main_recipients": ["各科室"],
        "text": "<p>请做好防汛工作。</p>",
    }
    form = submit_add_form(folder, "gongwen_outgoing", values)
    assert form_error_texts(form) == []
    document = folder.objectValues()[-1]
    assert document.portal_type == "gongwen_outgoing"
    assert document.__dict__["doc_kind"] == "notice"
    assert document.__dict__["urgency"] == "urgent"
    assert document.__dict__["deadline"] == datetime.date(2026, 7, 1)
    assert document.__dict__["classification"] == "none"
    brain = api.content.find(UID=document.UID())[0]
    assert (brain.urgency, brain.doc_kind) == ("urgent", "notice")


def submit_edit_form(document, **values):
    """Save ``document``'s edit form with its current values changed by ``values``."""
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    current = {
        name: getattr(document, name)
        for name in ("title", "doc_kind", "direction", "urgency", "classification")
        + ("disclosure", "main_recipients")
    }
    request.form.clear()
    request.form.update(form_values({**current, "text": document.text.raw, **values}))
    request.form["form.buttons.save"] = "保存"
    request["REQUEST_METHOD"] = "POST"
    form = getMultiAdapter((document, request), name="edit")
    form.update()
    return form


def widget_errors(form):
    return [e.message for m in [form.widgets] + [g.widgets for g in form.groups] for e in m.errors]


def test_r_d_blocks_edit_form_changes_a_block_field_and_keeps_r_d2(folder):
    document = new_outgoing(folder, main_recipients=["各科室"], text=body())
    # R-D2 is the urgency block's rule: still refused on the edit form
    form = submit_edit_form(document, urgency="very_urgent")
    assert form_error_texts(form) == ["加急、特急公文必须填写办理时限。"]
    assert document.urgency == "normal"
    form = submit_edit_form(document, urgency="very_urgent", deadline="2026-07-02")
    assert widget_errors(form) == []
    assert document.__dict__["urgency"] == "very_urgent"
    assert document.__dict__["deadline"] == datetime.date(2026, 7, 2)
    assert api.content.find(UID=document.UID())[0].urgency == "very_urgent"


@pytest.fixture
def docs(functional_portal, portal_url):
    return committed_url(portal_url, docs_folder(functional_portal))


def stored(functional_portal, url):
    """The document at ``url`` as the served site stored it."""
    transaction.begin()
    document = functional_portal.unrestrictedTraverse(url.split("/plone/", 1)[1])
    document._p_activate()  # its __dict__ loaded, not a ghost
    return document


def test_r_d_blocks_rest_values_land_on_the_document(docs, functional_portal):
    response = post(
        docs,
        {
            "@type": "gongwen_incoming",
            "title": "关于做好防汛工作的通知",
            "source_organ": "新乡河务局",
            "source_number": "新河〔2026〕88号",
            "received_date": "2026-06-01",
            "copies": 1,
            "doc_kind": "notice",
            "urgency": "urgent",
            "deadline": "2026-07-01",
            "classification": "none",
        },
    )
    assert response.status_code == 201, response.text
    url = response.json()["@id"]
    document = stored(functional_portal, url)
    assert document.__dict__["urgency"] == "urgent"
    assert document.__dict__["deadline"] == datetime.date(2026, 7, 1)
    assert patch(url, {"classification": "secret"}).status_code == 400  # R-D3: no 份号
    response = patch(
        url, {"classification": "secret", "copy_number": "000001"} | {"secrecy_period": "10年"}
    )
    assert response.status_code == 204, response.text
    document = stored(functional_portal, url)
    assert document.__dict__["copy_number"] == "000001"
    assert get(url).json()["classification"]["token"] == "secret"
