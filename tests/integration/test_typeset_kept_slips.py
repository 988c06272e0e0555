"""R-T2 kept with the document: the 发文稿纸 at 登记编号 and 发送, the 来文处理单 at 办结,
each a new version of the document's 处理单 file; ``@@gongwen-slip`` serves the current one."""

import io
from urllib.parse import unquote

import pdfplumber
from plone import api

from collective.gongwen.content.files import SLIP
from collective.gongwen.content.files import role_of
from tests.integration.test_incoming_workflow import done_document
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.renders import run_render_jobs


def text_of(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def versions(item):
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        return len(repository.getHistoryMetadata(item) or [])


def test_r_t2_the_outgoing_slip_is_kept_at_numbering_and_again_when_sent(portal):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        run_render_jobs(document)  # the worker keeps it (R-RUN1)
        if after == "secretary_check":
            slip = document["slip"]
            assert role_of(slip) == SLIP
            assert slip.file.filename.startswith("长垣河务局发文稿纸-长河〔")
            assert "同意印发。" in text_of(slip.file.data)
            numbered = versions(slip)
        if after == "sent":
            break
    assert versions(document["slip"]) == numbered + 1
    # the 正式文件 and the slip are not 附件 (R-D4 counts neither)
    assert {role_of(item) for item in document.objectValues()} == {"typeset", SLIP}


def test_r_t2_the_incoming_slip_is_kept_when_closed_and_served_as_it_is_now(portal):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer

    document = done_document(portal)
    run_render_jobs(document)  # the worker keeps it (R-RUN1)
    assert "来文处理单" in document["slip"].file.filename
    alsoProvides(portal.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username="cy_secretary1"):
        data = document.restrictedTraverse("@@gongwen-slip")()
    response = portal.REQUEST.response
    assert response.getHeader("Content-Type") == "application/pdf"
    disposition = unquote(response.getHeader("Content-Disposition"))
    assert "长垣河务局来文处理单-长河收〔" in disposition
    assert "办理。" in text_of(data)  # the head's 批办
