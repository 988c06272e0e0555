"""A worker's render job (R-RUN1) run in the test's process against the portal's own views.

``render_round_trip`` does what ``typeset.worker.run_render`` does over HTTP —
claim the input, render it in a child process, post the PDF or the refusal —
by calling ``@@gongwen-render-claim`` and ``@@gongwen-render-result`` on the
site with the job's token, as tests of the Plone layer have no served site.
``run_render_jobs`` does it for every render a document waits for: where a
test reads the 正式文件 or the kept slip after a step, the worker has run.
"""

import io

from plone import api

from collective.gongwen.jobs.tokens import job_token
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.rendered import KINDS
from collective.gongwen.typeset.worker import render_job


def call_endpoint(portal, view, uid, job, form=None, token=None, method="POST"):
    """``(status, body)`` of worker endpoint ``view`` called as a worker would (no user)."""
    request = portal.REQUEST
    request.form.clear()
    request.form.update(uid=uid, job=job, **(form or {}))
    request.method = method
    request.environ["HTTP_X_GONGWEN_TOKEN"] = token if token is not None else job_token(uid, job)
    request.response.setStatus(200)
    body = api.content.get_view(view, portal, request)()
    return request.response.getStatus(), body


def render_round_trip(portal, document, kind, job=None, token=None, method="POST"):
    """Claim, render and file job ``job`` (the one waited for by default); the result's answer.

    A claim that is refused (bad token, stale job, GET …) is answered as is.
    """
    job = job if job is not None else waiting_job(document, kind)
    uid = document.UID()
    status, body = call_endpoint(
        portal, "gongwen-render-claim", uid, job, {"kind": kind}, token, method
    )
    if status != 200:
        return status, body
    data, refusal = render_job(render_wire.loads(body))
    if refusal is not None:
        form = {"kind": kind, **render_wire.refusal_form(refusal)}
    else:
        form = {"kind": kind, "pdf": io.BytesIO(data)}
    return call_endpoint(portal, "gongwen-render-result", uid, job, form, token, method)


def run_render_jobs(document, portal=None, kinds=KINDS):
    """Run the render jobs of ``kinds`` ``document`` waits for the way the worker does.

    Returns ``{kind: (status, body)}`` of the last job of each kind run (a
    follow-up asked for while one ran runs too).
    """
    portal = portal if portal is not None else api.portal.get()
    answers = {}
    for kind in kinds:
        for _attempt in range(3):
            if waiting_job(document, kind) is None:
                break
            answers[kind] = render_round_trip(portal, document, kind)
    return answers


def typeset_served(document, portal):
    """On the served (functional) site: the worker's typesetting of ``document``'s 正式文件,
    done here and committed, so the next request sees it — as when a worker has run before
    the secretary presses 发送 (R-T1)."""
    import transaction

    transaction.begin()  # see the server's commits
    run_render_jobs(document, portal, kinds=("official",))
    transaction.commit()
