"""R-RUN1, R-T2: ``@@gongwen-slip`` serves the kept slip as it is and never renders it.

None kept yet, or a newer one being made: a render is asked for (once) and
the document page says 「处理单正在生成，请稍后再试。」; once the worker has
filed it, the kept file is what is served.
"""

from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import queue_render
from collective.gongwen.typeset.render_jobs import waiting_job
from tests.support.outgoing import draft_outgoing
from tests.support.renders import render_round_trip

BEING_MADE = "处理单正在生成，请稍后再试。"


def fetch(document):
    """``(body, messages shown, response)`` of ``@@gongwen-slip`` fetched by the drafter."""
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.response.setStatus(200)
    request.response.setHeader("Location", "")
    with api.env.adopt_user(username=document.routing_drafter):
        body = document.restrictedTraverse("@@gongwen-slip")()
    shown = [(m.message, m.type) for m in IStatusMessage(request).show()]
    return body, shown, request.response


def test_r_run1_no_slip_kept_yet_asks_for_one_and_says_so(portal):
    document = draft_outgoing(portal)
    assert "slip" not in document and waiting_job(document, SLIP) is None
    body, shown, response = fetch(document)
    assert body == "" and (BEING_MADE, "info") in shown
    assert response.getStatus() == 302
    assert response.getHeader("Location") == document.absolute_url()
    job = waiting_job(document, SLIP)
    assert job and "slip" not in document  # asked for, not rendered here
    fetch(document)
    assert waiting_job(document, SLIP) == job  # a second visit queues nothing more


def test_r_run1_the_kept_slip_is_served_as_it_is_and_not_while_a_newer_one_is_made(portal):
    document = draft_outgoing(portal)
    fetch(document)
    assert render_round_trip(portal, document, SLIP)[0] == 200
    kept = document["slip"].file.data
    body, _shown, response = fetch(document)
    assert body == kept and response.getStatus() == 200
    assert response.getHeader("Content-Type") == "application/pdf"
    assert "attachment; filename*=UTF-8''" in response.getHeader("Content-Disposition")

    job = queue_render(document, SLIP)  # e.g. the next opinion
    body, shown, _response = fetch(document)
    assert body == "" and (BEING_MADE, "info") in shown
    assert waiting_job(document, SLIP) == job
