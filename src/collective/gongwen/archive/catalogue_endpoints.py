"""``@@gongwen-catalogue-claim``, ``-rows``, ``-progress`` and ``-result``: a worker's 目录 job.

Called by workers with the job's token on the unit's UID (``jobs.endpoint.WorkerEndpoint``),
not by users, on the site root. The claim answers the header, item count, fonts and typeset's
caps (``catalogue_store.claim_catalogue``); ``-rows`` a batch of rows from ``start``;
``-progress`` records the rows laid out; ``-result`` keeps the PDF and the XLSX (checked to be
what they say, bounded in size), or the refusal the render met. A job that is not the unit's
queued or running 目录 job is answered 409; exactly once comes from the job record (a filed job
is done), nothing is written on the unit.
"""

from collective.gongwen.archive import progress
from collective.gongwen.archive.catalogue_store import claim_catalogue
from collective.gongwen.archive.catalogue_store import claimed_rows
from collective.gongwen.archive.catalogue_store import file_catalogue
from collective.gongwen.archive.catalogue_store import is_current_job
from collective.gongwen.archive.catalogue_store import note_progress
from collective.gongwen.archive.catalogue_store import refuse_catalogue
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.jobs.endpoint import WorkerEndpoint
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.settings import configured_fonts
from collective.gongwen.typeset.settings import render_caps

MAX_PDF_BYTES = 512 * 1024 * 1024
MAX_XLSX_BYTES = 128 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
MAX_COUNT = 10**6


def _number(value, default=0):
    try:
        return max(0, min(int(str(value)[:12]), MAX_COUNT))
    except (TypeError, ValueError):
        return default


class CatalogueEndpoint(WorkerEndpoint):
    """A 目录 job's endpoint, for a unit: the job must be running."""

    states = (progress.RUNNING,)

    def is_current(self, obj, job_id):
        return IGongwenUnit.providedBy(obj) and is_current_job(obj, job_id, self.states)


class CatalogueClaim(CatalogueEndpoint):
    """The worker starts the job (again, after a lost answer): what to make, with what."""

    states = (progress.QUEUED, progress.RUNNING)

    def handle(self, unit):
        import dataclasses

        fonts = dataclasses.asdict(configured_fonts())
        return self.answer(
            200, **claim_catalogue(unit, self.request.form["job"], render_caps(), fonts)
        )


class CatalogueRows(CatalogueEndpoint):
    """A batch of the job's rows from ``start``."""

    def handle(self, unit):
        start = _number(self.request.form.get("start"))
        return self.answer(200, rows=claimed_rows(unit, self.request.form["job"], start))


class CatalogueProgress(CatalogueEndpoint):
    """The worker has laid out ``rendered`` rows."""

    def handle(self, unit):
        note_progress(self.request.form["job"], _number(self.request.form.get("rendered")))
        return self.answer(200, result="noted")


def _upload(form, name, magic, limit):
    upload = form.get(name)
    if upload is None or not hasattr(upload, "read"):
        return None
    data = upload.read(limit + 1)
    return data if len(data) <= limit and data.startswith(magic) else None


class CatalogueResult(CatalogueEndpoint):
    """The worker's PDF and XLSX, kept as the unit's 目录 of the year; or why there are none."""

    def handle(self, unit):
        form, job_id = self.request.form, self.request.form["job"]
        if form.get("pdf") is None and form.get("refusal"):
            refuse_catalogue(job_id, render_wire.refusal_from_form(form).message)
            return self.answer(200, result="refused")
        pdf = _upload(form, "pdf", PDF_MAGIC, MAX_PDF_BYTES)
        xlsx = _upload(form, "xlsx", ZIP_MAGIC, MAX_XLSX_BYTES)
        if pdf is None or xlsx is None:
            return self.answer(400, error="not a PDF and an XLSX")
        built = file_catalogue(unit, job_id, pdf, xlsx, _number(form.get("count")))
        return self.answer(200, result="done", count=built.count)
