"""``@@gongwen-archive-checks`` and ``@@gongwen-archive-report``: 四性检测 pages (R-R3).

Both on a unit's 档案 folder, for its archivists (``collective.gongwen: Archive documents``).

* ``@@gongwen-archive-checks?year=2026``: the unit's stored reports of the year (归档,
  年度检测, 移交), newest first, the check job of the year while it runs, and 「开始四性检测」,
  which posts (CSRF) to start the worker's ``check`` job (``pipeline.start_check``) and goes
  to its progress page.
* ``@@gongwen-archive-report?id=``: one stored report (``reports``): the result of each
  check, the 件号 problems, the items that failed first with every reason, then the items
  that passed, a page at a time; printable (the page's own print styles). A report of
  another unit, or an id that is none, is not found.

Thin: reading is ``reports``', starting is ``pipeline``'s.
"""

from plone import api
from plone.batching import Batch
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from zExceptions import MethodNotAllowed
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.archive import checks
from collective.gongwen.archive import jobs
from collective.gongwen.archive import overview
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import reports
from collective.gongwen.archive.browser.catalogue import archive_unit
from collective.gongwen.archive.browser.catalogue import requested_year
from collective.gongwen.archive.browser.jobstatus import ProgressPage
from collective.gongwen.archive.browser.jobstatus import job_status
from collective.gongwen.archive.browser.jobstatus import job_url
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.content import times
from collective.gongwen.interfaces import IGongwenPageView

KIND_TITLES = {
    "archive": _("archive_report_kind_archive", default="归档检测"),
    "check": _("archive_report_kind_check", default="年度复检"),
    "transfer": _("archive_report_kind_transfer", default="移交检测"),
}
PAGE_SIZE = 100
MAX_START = 10**7


def actor_name(user_id):
    """The full name of ``user_id`` (else the id itself)."""
    user = api.user.get(userid=user_id) if user_id else None
    return (user.getProperty("fullname") if user else None) or user_id or ""


def _one(value):
    if isinstance(value, list | tuple):
        return value[-1] if value else ""
    return value if isinstance(value, str) else ""


class _ArchivePage(BrowserView):
    def _t(self, message):
        return translate(message, context=self.request)

    def home_url(self):
        return f"{self.context.absolute_url()}?year={self.year}"

    def checks_url(self, year=None):
        return f"{self.context.absolute_url()}/@@gongwen-archive-checks?year={year or self.year}"

    def report_url(self, report_id):
        return f"{self.context.absolute_url()}/@@gongwen-archive-report?id={report_id}"


@implementer(IGongwenPageView)
class ChecksView(ProgressPage, _ArchivePage):
    """The reports of a year and the button that runs 四性检测 on it."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        self.year = requested_year(self.request)
        if self.request.method == "POST":
            return self.start()
        if self.request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed("GET or POST")
        return self.index()

    def start(self):
        check_authenticator(self.request)
        actor = api.user.get_current().getId()
        try:
            job_id = pipeline.start_check(self.unit, self.year, actor)
        except ArchiveError as error:
            api.portal.show_message(error.message, request=self.request, type="error")
            self.request.response.redirect(self.checks_url())
            return ""
        api.portal.show_message(
            _(
                "archive_checks_started",
                default="已开始${year}年度的四性检测，完成后报告列在本页。",
                mapping={"year": self.year},
            ),
            request=self.request,
        )
        self.request.response.redirect(job_url(self.context, job_id))
        return ""

    def years(self):
        """The years to choose from (the chosen one included), newest first."""
        years = overview.unit_years(self.unit, times.today())
        return sorted({*years, self.year}, reverse=True)

    def archived_count(self):
        return len(pipeline.archived_uids(self.unit, self.year))

    def running(self):
        """The year's unfinished check job as the page shows it (``jobstatus.job_status``);
        None."""
        record = jobs.unfinished_job(self.unit, progress.CHECK, self.year)
        return job_status(record, self.request, self.context) if record is not None else None

    def rows(self):
        """The stored reports of the year, newest first."""
        return [
            {
                "url": self.report_url(head["id"]),
                "time": times.minute_text(head["time"]),
                "kind": self._t(KIND_TITLES.get(head["kind"], head["kind"])),
                "actor": actor_name(head["actor"]),
                "items": head["totals"]["items"],
                "failed": head["totals"]["failed"],
                "sequence": head["totals"]["sequence"],
                "passed": head["passed"],
            }
            for head in reports.reports_for(self.unit, self.year)
        ]


@implementer(IGongwenPageView)
class ReportView(_ArchivePage):
    """One stored report, failing items first."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        report_id = str(_one(self.request.form.get("id")))[:120]
        self.head = reports.report_head(report_id)
        if self.head is None or self.head["unit_uid"] != self.unit.UID():
            raise NotFound("no such report")
        self.year = self.head["year"] or times.today().year
        items = list(reports.report_items(report_id))
        self.failed = [item for item in items if item["problems"]]
        self.passed = [item for item in items if not item["problems"]]
        self.batch = Batch(self.passed, PAGE_SIZE, start=self._start())
        return self.index()

    def _start(self):
        try:
            return max(0, min(int(str(_one(self.request.form.get("b_start")) or 0)[:9]), MAX_START))
        except ValueError:
            return 0

    def title(self):
        return self._t(KIND_TITLES.get(self.head["kind"], self.head["kind"]))

    def time(self):
        return times.minute_text(self.head["time"])

    def actor(self):
        return actor_name(self.head["actor"])

    def size_text(self):
        size = self.head["totals"]["bytes"]
        return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"

    def summary(self):
        """One row per check: its title, the items it failed, passed or not."""
        figures = self.head["totals"]
        rows = []
        for check in checks.CHECKS:
            failed = figures["checks"].get(check, 0)
            extra = figures["sequence"] if check == checks.INTEGRITY else 0
            rows.append(
                {
                    "check": check,
                    "title": self._t(checks.CHECK_TITLES[check]),
                    "failed": failed,
                    "extra": extra,
                    "passed": not (failed or extra),
                }
            )
        return rows

    def sequence(self):
        return [problem["text"] for problem in self.head["sequence"]]

    def item_row(self, item):
        """An item for the page: its name and link, each check's result, its problems."""
        return {
            "label": item["label"],
            "url": self._document_url(item),
            "outcomes": [
                {"title": self._t(checks.CHECK_TITLES[check]), "passed": item["outcomes"][check]}
                for check in checks.CHECKS
            ],
            "problems": [
                {
                    "check": self._t(checks.CHECK_TITLES.get(p["check"], p["check"])),
                    "file": p["file"],
                    "text": self._t(checks.problem_message(p)),
                }
                for p in item["problems"]
            ],
            "files": len(item["files"]),
        }

    def _document_url(self, item):
        if not item.get("uid"):
            return None
        brains = api.portal.get_tool("portal_catalog")(UID=item["uid"])
        return brains[0].getURL() if brains else None

    def failed_rows(self):
        return [self.item_row(item) for item in self.failed]

    def passed_rows(self):
        return [self.item_row(item) for item in self.batch]
