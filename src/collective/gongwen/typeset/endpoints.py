"""``@@gongwen-render-claim`` and ``@@gongwen-render-result``: a worker's render job (R-RUN1).

Called by workers with the job's token (``jobs.endpoint.WorkerEndpoint``),
not by users, on the site root. The claim answers the render input as JSON
(``render_wire``); the result files the PDF, or the refusal the worker met
(R-SEC5: over the caps, timed out). A job the document no longer waits for
is answered 409 and its result is discarded; a job that must wait for the
render before it is answered 429. Neither writes the document
itself (``render_jobs``, ``rendered``); exactly once comes from the job
record (a filed job is no longer waited for), not from a ledger on it.
"""

from contextlib import nullcontext

from plone import api

from collective.gongwen.content.times import in_zone
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.jobs.endpoint import WorkerEndpoint
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.render_jobs import render_blocked
from collective.gongwen.typeset.render_jobs import running_job
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.rendered import KINDS
from collective.gongwen.typeset.rendered import file_rendered
from collective.gongwen.typeset.rendered import render_input

MAX_PDF_BYTES = 512 * 1024 * 1024


class RenderEndpoint(WorkerEndpoint):
    """A render job's endpoint, for a document and a kind of render."""

    @property
    def kind(self):
        kind = str(self.request.form.get("kind", ""))
        return kind if kind in KINDS else None

    def is_current(self, obj, job_id):
        return (
            IGongwenDocument.providedBy(obj)
            and self.kind is not None
            and self.current_job(obj) == job_id
        )

    def current_job(self, document):
        """The job of ``document`` this endpoint answers."""
        raise NotImplementedError

    def as_owner(self, document):
        """Made by the system for the document: in its owner's name, not anonymously."""
        owner = document.getOwner()
        return api.env.adopt_user(user=owner) if owner is not None else nullcontext()


class RenderClaim(RenderEndpoint):
    """The worker starts the job: here is what to render, with which fonts and caps.

    The job the document waits for; while an earlier render of it still
    runs, 429 (the worker tries again later): a follow-up never runs
    beside the job it follows.
    """

    def current_job(self, document):
        return waiting_job(document, self.kind)

    def handle(self, document):
        if render_blocked(document, self.kind, self.request.form["job"]):
            return self.answer(429, error="an earlier render is running")
        with self.as_owner(document):
            job = render_input(document, self.kind, self.request.form["job"])
        if job is None:
            return self.answer(409, error="stale job")
        self.request.response.setHeader("Content-Type", "application/json")
        self.request.response.setHeader("Cache-Control", "no-store")
        return render_wire.dumps(job, local_time=in_zone)


class RenderResult(RenderEndpoint):
    """The worker's PDF, or why there is none: filed on the file item.

    The job the worker claimed: its result is kept even when a newer one is
    waited for meanwhile (it is newer than the file), unless it was dropped.
    """

    def current_job(self, document):
        return running_job(document, self.kind)

    def handle(self, document):
        form = self.request.form
        upload = form.get("pdf")
        refusal, data = None, None
        if upload is None:
            refusal = render_wire.refusal_from_form(form)
        else:
            data = upload.read(MAX_PDF_BYTES + 1)
            if len(data) > MAX_PDF_BYTES or not data.startswith(b"%PDF"):
                return self.answer(400, error="not a PDF")
        with self.as_owner(document):
            item = file_rendered(document, self.kind, form["job"], data, refusal)
        if item is False:
            return self.answer(409, error="stale job")
        if item is None:
            return self.answer(200, result="refused")
        return self.answer(200, result="done", size=item.file.getSize())
