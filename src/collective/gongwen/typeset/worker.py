"""One render job as a worker does it (R-RUN1): claim the input, render here, post the PDF.

Plain Python, no database: the worker asks the portal for the job's input
(``@@gongwen-render-claim``, with the job's token), renders it in a child of
its own process within the caps it was given (``child.render_in_child``) and
posts the PDF — or why there is none — to ``@@gongwen-render-result``. A job
the portal no longer waits for is dropped (``StaleJob``).
"""

import logging

from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.caps import RenderCaps
from collective.gongwen.typeset.caps import RenderRefused
from collective.gongwen.typeset.child import render_in_child
from collective.gongwen.typeset.rules import FontMetrics
from collective.gongwen.typeset.rules import Fonts

logger = logging.getLogger("collective.gongwen.typeset")

CLAIM_VIEW = "gongwen-render-claim"
RESULT_VIEW = "gongwen-render-result"


def fonts_of(value):
    """The ``Fonts`` a claim's JSON describes (``dataclasses.asdict`` of one), or None."""
    if not value:
        return None
    value = dict(value)
    if isinstance(value.get("metrics"), dict):
        value["metrics"] = FontMetrics(**value["metrics"])
    return Fonts(**value)


def render_job(job):
    """``(pdf bytes, None)`` or ``(None, RenderRefused)`` for a claimed job's input ``job``."""
    fonts = fonts_of(job.get("fonts"))
    caps = RenderCaps(**job["caps"])
    try:
        return render_in_child(job["kind"], job["fields"], fonts, caps), None
    except RenderRefused as error:
        return None, error


def run_render(payload, client=None):
    """Do the render job ``payload`` (uid, job_id, kind, site_url); "done", "refused" or "stale"."""
    client = client or JobClient.for_payload(payload)
    kind = payload["kind"]
    try:
        job = render_wire.loads(client.post(CLAIM_VIEW, data={"kind": kind}).text)
        data, refusal = render_job(job)
        if refusal is not None:
            client.post(RESULT_VIEW, data={"kind": kind, **render_wire.refusal_form(refusal)})
            return "refused"
        client.post(
            RESULT_VIEW,
            data={"kind": kind},
            files={"pdf": ("render.pdf", data, "application/pdf")},
        )
        return "done"
    except (StaleJob, AlreadyDone) as error:
        logger.info("render job %s dropped: %r", payload["job_id"], error)
        return "stale"
