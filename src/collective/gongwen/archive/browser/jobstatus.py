"""How every archive screen shows an archive job's progress: one shape, one bar, one script.

The pages that follow a job — ``@@gongwen-archive-job`` (归档, 四性检测, any job),
``@@gongwen-archive-catalogue``, ``@@gongwen-transfer``, ``@@gongwen-archive-checks`` and
``@@gongwen-destruction`` — show it through ``job_status`` (the one dict, also their JSON
answers' job) and the macros of ``progress.pt``: ``bar`` (the progress bar), ``counts``
(「共 … 件，通过 … 件，未通过 … 件」) and ``script`` (``static/job-progress.js``, for the
page's head). The element that carries ``data-gongwen-job-progress`` (the job's
``poll_url``, empty once finished) and ``data-gongwen-job`` is followed by the script: bar,
state and counts inside it are updated from the JSON and the page reloads when the job ends.
"""

import time

from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from collective.gongwen.archive import jobs
from collective.gongwen.archive import progress
from collective.gongwen.content import times

JOB_VIEW = "gongwen-archive-job"
REPORT_VIEW = "gongwen-archive-report"


def job_url(folder, job_id):
    """The progress page of job ``job_id`` on the 档案 folder ``folder``."""
    return f"{folder.absolute_url()}/@@{JOB_VIEW}?id={job_id}"


def job_status(record, request, folder):
    """What the pages and their JSON answers show of job ``record`` (JSON-able), the fields
    of ``archive.progress``: ``failed`` counts the items that failed, ``is_failed`` says the
    job itself failed; ``poll_url`` is what the script asks while the job runs ("" after)."""
    message = jobs.job_message(record)
    finished = progress.is_finished(record["state"])
    url = job_url(folder, record["id"])
    return {
        "id": record["id"],
        "kind": record["kind"],
        "kind_title": translate(progress.KIND_TITLES[record["kind"]], context=request),
        "year": record["year"],
        "state": record["state"],
        "state_title": translate(progress.STATE_TITLES[record["state"]], context=request),
        "finished": finished,
        "is_failed": record["state"] == progress.FAILED,
        "stalled": progress.is_stalled(record, time.time()),
        "percent": progress.percent(record),
        "total": record.get("total") or 0,
        "done": record.get("done") or 0,
        "failed": record.get("failed") or 0,
        "message": translate(message, context=request) if message else "",
        "started": times.minute_text(record.get("started")),
        "finished_at": times.minute_text(record.get("finished")),
        "url": url,
        "poll_url": "" if finished else f"{url}&format=json",
        "report_url": (
            f"{folder.absolute_url()}/@@{REPORT_VIEW}?id={record['report_id']}"
            if record.get("report_id") and finished
            else ""
        ),
    }


class ProgressPage:
    """Mixin of a page that shows an archive job's progress: ``view/progress_macros``."""

    progress_macros = ViewPageTemplateFile("progress.pt")
