"""R-RUN1: a render job's follow-up waits for the running job; the running job's result is kept.

The worker's side called as a worker calls it (``tests.support.renders``):
the claim of a follow-up asked for while a render runs is answered 429 (the
worker tries again later, ``jobs.queue``) until that render's result is in.
"""

import io

from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import queue_render
from collective.gongwen.typeset.render_jobs import running_job
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.worker import render_job
from tests.support.outgoing import draft_outgoing
from tests.support.renders import call_endpoint
from tests.support.renders import render_round_trip


def claim(portal, document, job):
    return call_endpoint(portal, "gongwen-render-claim", document.UID(), job, {"kind": SLIP})


def test_r_run1_a_follow_up_waits_for_the_running_render(portal):
    document = draft_outgoing(portal)
    first = queue_render(document, SLIP)
    status, body = claim(portal, document, first)
    assert status == 200 and running_job(document, SLIP) == first

    follow_up = queue_render(document, SLIP)  # the user's next opinion, while it runs
    assert follow_up != first and waiting_job(document, SLIP) == follow_up
    assert queue_render(document, SLIP) == follow_up  # nothing more stacks
    assert claim(portal, document, follow_up)[0] == 429
    assert claim(portal, document, first)[0] == 409  # no longer waited for

    data, _refusal = render_job(render_wire.loads(body))
    form = {"kind": SLIP, "pdf": io.BytesIO(data)}
    uid = document.UID()
    status, _body = call_endpoint(portal, "gongwen-render-result", uid, first, form)
    assert status == 200 and document["slip"].file.data == data  # kept: newer than the file
    assert running_job(document, SLIP) is None

    assert render_round_trip(portal, document, SLIP)[0] == 200  # the follow-up runs now
    assert waiting_job(document, SLIP) is None


def test_r_run1_a_render_dropped_while_it_runs_files_nothing(portal):
    from collective.gongwen.typeset.render_jobs import drop_render

    document = draft_outgoing(portal)
    job = queue_render(document, SLIP)
    status, body = claim(portal, document, job)
    assert status == 200
    drop_render(document, SLIP)  # e.g. the document was filed otherwise meanwhile
    data, _refusal = render_job(render_wire.loads(body))
    form = {"kind": SLIP, "pdf": io.BytesIO(data)}
    status, _body = call_endpoint(portal, "gongwen-render-result", document.UID(), job, form)
    assert status == 409
    assert "slip" not in document
