"""One 归档文件目录 job as a worker does it (R-R1, R-RUN1): claim, read the rows, render, post.

Plain Python, no database: the worker claims the job (``@@gongwen-catalogue-claim``, with the
job's token on the unit's UID: the header, the number of items, the fonts and typeset's caps),
reads the rows in batches (``@@gongwen-catalogue-rows``), lays each table out with
``catalogue.catalogue_html`` and has typeset's render child make the PDF of each piece within
the caps (``typeset.child.render_in_child``, kind ``HTML``), pages numbered on across pieces,
telling the portal how far it is (``@@gongwen-catalogue-progress``); the pieces are joined with
pypdf, the XLSX is written with openpyxl, and both are posted to
``@@gongwen-catalogue-result`` — or why there is none (``render_wire.refusal_form``).
"""

import io
import logging

from collective.gongwen.archive import catalogue
from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.typeset import render_wire
from collective.gongwen.typeset.caps import RenderCaps
from collective.gongwen.typeset.caps import RenderRefused
from collective.gongwen.typeset.child import HTML
from collective.gongwen.typeset.child import render_in_child
from collective.gongwen.typeset.rules import Fonts
from collective.gongwen.typeset.worker import fonts_of

logger = logging.getLogger("collective.gongwen.archive")

CLAIM_VIEW = "gongwen-catalogue-claim"
ROWS_VIEW = "gongwen-catalogue-rows"
PROGRESS_VIEW = "gongwen-catalogue-progress"
RESULT_VIEW = "gongwen-catalogue-result"
SOURCE = "归档文件目录"


def page_count(data):
    """The number of pages of the PDF ``data``."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def join_pdfs(pieces):
    """One PDF of the PDFs ``pieces``, in order."""
    from pypdf import PdfReader
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pieces:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_catalogue(header, tables, fonts, caps, rendered=lambda count: None):
    """The PDF of ``tables``: each table's pieces rendered in a child, pages numbered on.

    ``rendered(count)`` is told the rows laid out so far. Raises ``caps.RenderRefused``.
    """
    fonts = fonts or Fonts()
    pieces, next_page, done = [], 1, 0
    for table in tables or [{"retention_title": "", "organ_title": "", "rows": []}]:
        for number, rows in enumerate(catalogue.chunks(table)):
            html = catalogue.catalogue_html(
                header, table, rows, fonts, first_page=next_page, continued=number > 0
            )
            data = render_in_child(HTML, {"html": html, "source": SOURCE}, None, caps)
            pieces.append(data)
            next_page += page_count(data)
            done += len(rows)
            rendered(done)
    return join_pdfs(pieces) if len(pieces) > 1 else pieces[0]


def read_rows(client, total, batch):
    """Every row of the job, read ``batch`` at a time."""
    rows = []
    for start in range(0, total, max(1, batch)):
        rows += client.post(ROWS_VIEW, data={"start": str(start)}).json()["rows"]
    return rows


def run_catalogue(payload, client=None):
    """Do the 目录 job ``payload`` (uid, job_id, site_url); "done", "refused" or "stale"."""
    client = client or JobClient.for_payload(payload)
    try:
        job = client.post(CLAIM_VIEW).json()
        rows = read_rows(client, int(job["total"]), int(job["batch"]))
        tables = catalogue.catalogue_tables(rows)
        caps = RenderCaps(**job["caps"])

        def rendered(count):
            client.post(PROGRESS_VIEW, data={"rendered": str(count)})

        try:
            pdf = render_catalogue(
                job["header"], tables, fonts_of(job.get("fonts")), caps, rendered
            )
        except RenderRefused as refusal:
            client.post(RESULT_VIEW, data=render_wire.refusal_form(refusal))
            return "refused"
        xlsx = catalogue.catalogue_xlsx(job["header"], tables)
        client.post(
            RESULT_VIEW,
            data={"count": str(len(rows))},
            files={
                "pdf": ("catalogue.pdf", pdf, "application/pdf"),
                "xlsx": ("catalogue.xlsx", xlsx, "application/octet-stream"),
            },
        )
        return "done"
    except (StaleJob, AlreadyDone) as error:
        logger.info("catalogue job %s dropped: %r", payload["job_id"], error)
        return "stale"
