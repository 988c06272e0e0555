"""``@@gongwen-archive-year``, ``@@gongwen-archive-job``: 批量归档 of a year, a job's progress.

On a unit's 档案 folder, for its archivists (``collective.gongwen: Archive documents``).

* ``@@gongwen-archive-year?year=2026``: how many finished documents of the year wait for
  归档, the unit's 归档 jobs; 「开始归档」 (POST) starts the job (``pipeline.start_archive``)
  and goes to its progress page. A second unfinished job of the year is refused.
* ``@@gongwen-archive-job?id=``: one archive job of the unit, of any kind: a progress bar that
  follows ``format=json``, done and failed counts, the items that failed with their
  reasons, the report once stored; 「继续」 (POST) queues a stalled job again.

Thin: the work is ``pipeline``'s and the worker's; these views read and ask.
"""

import json

from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.archive import checks
from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive.browser.catalogue import archive_unit
from collective.gongwen.archive.browser.catalogue import requested_year
from collective.gongwen.archive.browser.jobstatus import ProgressPage
from collective.gongwen.archive.browser.jobstatus import job_status
from collective.gongwen.archive.browser.jobstatus import job_url
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.interfaces import IGongwenPageView

MAX_JOB_ID = 64
MAX_FAILURES_SHOWN = 200
RECENT_JOBS = 10


def _one(value):
    if isinstance(value, list | tuple):
        return value[-1] if value else ""
    return value or ""


def _actor():
    return api.user.get_current().getId()


def _message_text(stored, request):
    if not stored:
        return ""
    return translate(jobs.job_message({"message": stored}), context=request)


def failures(job_id, request, limit=MAX_FAILURES_SHOWN):
    """The items of job ``job_id`` that failed, each with its reasons (texts), in job order."""
    shown = []
    for uid, outcome in jobs.item_outcomes(job_id, state=progress.ITEM_FAILED)[:limit]:
        reasons = [_message_text(outcome.get("reason"), request)] if outcome.get("reason") else []
        for problem in (outcome.get("result") or {}).get("problems") or ():
            check = translate(_check_title(problem.get("check")), context=request)
            text = translate(
                checks.problem_message(problem),
                context=request,
            )
            where = f"{problem['file']}：" if problem.get("file") else ""
            reasons.append(f"【{check}】{where}{text}")
        shown.append({"uid": uid, "label": outcome.get("label") or uid, "reasons": reasons})
    return shown


def _check_title(check):
    from collective.gongwen.archive.checks import CHECK_TITLES

    return CHECK_TITLES.get(check, check or "")


@implementer(IGongwenPageView)
class ArchiveYearView(BrowserView):
    """批量归档 of one year of the unit."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        self.year = requested_year(self.request)
        if self.request.method == "POST":
            return self.start()
        return self.index()

    def start(self):
        check_authenticator(self.request)
        try:
            job_id = pipeline.start_archive(self.unit, _actor(), year=self.year)
        except ArchiveError as error:
            api.portal.show_message(error.message, request=self.request, type="error")
            self.request.response.redirect(self.page_url())
            return ""
        api.portal.show_message(
            _(
                "archive_year_started",
                default="已开始${year}年度的批量归档，后台正在逐件进行四性检测和归档。",
                mapping={"year": self.year},
            ),
            request=self.request,
        )
        self.request.response.redirect(job_url(self.context, job_id))
        return ""

    def page_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-archive-year?year={self.year}"

    def home_url(self):
        return f"{self.context.absolute_url()}?year={self.year}"

    def waiting(self):
        """How many finished documents of the year wait for 归档."""
        return len(pipeline.finished_uids(self.unit, self.year))

    def running(self):
        """The unfinished 归档 job of the year, as shown, or None."""
        record = jobs.unfinished_job(self.unit, progress.ARCHIVE, self.year)
        return job_status(record, self.request, self.context) if record else None

    def recent(self):
        """The unit's last 归档 jobs, newest first."""
        return [
            job_status(record, self.request, self.context)
            for record in jobs.jobs_of(self.unit, progress.ARCHIVE)[:RECENT_JOBS]
        ]


@implementer(IGongwenPageView)
class ArchiveJobView(ProgressPage, BrowserView):
    """One archive job of the unit: its progress, failures and report."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        job_id = str(_one(self.request.form.get("id")))[:MAX_JOB_ID]
        record = jobs.job_record(job_id) if job_id else None
        if record is None or record["unit_uid"] != self.unit.UID():
            raise NotFound("no such archive job")
        self.record = record
        if self.request.method == "POST":
            return self.resume()
        kind = str(_one(self.request.form.get("format")))[:10]
        if kind == "json":
            return self.status_json()
        if kind:
            raise BadRequest(
                translate(
                    _("archive_job_bad_format", default="格式只能是 json。"), context=self.request
                )
            )
        return self.index()

    def resume(self):
        check_authenticator(self.request)
        summary = self.job()
        if summary["stalled"] and pipeline.resume_job(self.record["id"]):
            message, kind = (
                _("archive_job_resumed", default="任务已重新排队，将从中断处继续。"),
                "info",
            )
        else:
            message = _("archive_job_not_stalled", default="任务没有中断，无需继续。")
            kind = "warning"
        api.portal.show_message(message, request=self.request, type=kind)
        self.request.response.redirect(job_url(self.context, self.record["id"]))
        return ""

    def job(self):
        return job_status(self.record, self.request, self.context)

    def failures(self):
        return failures(self.record["id"], self.request)

    def documents(self):
        """The documents the 归档 form gave this job (one, with its 归档章 fields), to go
        back to: ``[{title, url}]``; none for a year's batch."""
        given = (self.record.get("params") or {}).get("fields") or {}
        shown = []
        for uid in list(given)[:MAX_FAILURES_SHOWN]:
            document = uuidToObject(uid)
            if document is not None:
                shown.append({"title": document.Title(), "url": document.absolute_url()})
        return shown

    def home_url(self):
        year = self.record.get("year")
        return f"{self.context.absolute_url()}?year={year}" if year else self.context.absolute_url()

    def status_json(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({"job": self.job(), "failures": self.failures()}, ensure_ascii=False)
