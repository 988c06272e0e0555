"""Typesetting inside this process, for scripts run with the portal stopped (the demo import).

The steps a worker takes for a render job (R-RUN1) — claim the input (``rendered.render_input``),
render it in a child process (``worker.render_job``), file the PDF or the refusal
(``rendered.file_rendered``) — without the queue and HTTP in between, as
``conversion.inline`` does for conversions. A request must never call this: it takes as
long as the typesetting does.
"""

from contextlib import nullcontext

from plone import api

from collective.gongwen.content.times import in_zone
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.rendered import KINDS
from collective.gongwen.typeset.rendered import file_rendered
from collective.gongwen.typeset.rendered import render_input
from collective.gongwen.typeset.worker import render_job

# A follow-up asked for while one ran is rendered too; never more than this per kind.
ROUNDS = 3


def _as_owner(document):
    owner = document.getOwner()
    return api.env.adopt_user(user=owner) if owner is not None else nullcontext()


def render_inline(document, kinds=KINDS):
    """Render every render of ``kinds`` ``document`` waits for, now; ``{kind: "done" |
    "refused"}`` for those rendered."""
    outcomes = {}
    for kind in kinds:
        for _round in range(ROUNDS):
            job_id = waiting_job(document, kind)
            if job_id is None:
                break
            with _as_owner(document):
                job = render_input(document, kind, job_id)
            if job is None:
                break
            # the claim's JSON, as a worker reads it (dates in the portal's zone)
            data, refusal = render_job(
                render_wire.loads(render_wire.dumps(job, local_time=in_zone))
            )
            with _as_owner(document):
                file_rendered(document, kind, job_id, data, refusal)
            outcomes[kind] = "done" if refusal is None else "refused"
    return outcomes
