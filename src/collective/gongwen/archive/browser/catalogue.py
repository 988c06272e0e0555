"""``@@gongwen-archive-catalogue?year=2026``: the 归档文件目录 of a unit and year (R-R1).

On a unit's 档案 folder, for its archivists. The page shows the 目录 kept for the year (PDF and
XLSX to download, its number of items, whether its items changed since) and the job making it,
with a progress bar that follows ``format=json``. Opening it when there is no 目录 of the
items as they are now starts one (only the job record is written, as packaging's download
does, so a GET may ask); 「重新生成」 posts for a new one. ``format=pdf``/``xlsx`` downloads.
The work is ``catalogue_store``'s and the worker's; this view only reads and asks.
"""

import contextlib
import json
from urllib.parse import quote

from plone import api
from plone.protect.authenticator import check as check_authenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.archive import catalogue_store
from collective.gongwen.archive import progress
from collective.gongwen.archive.browser.jobstatus import ProgressPage
from collective.gongwen.archive.browser.jobstatus import job_status
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.archive.rules import check_year
from collective.gongwen.content import times
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.files import stream_file
from collective.gongwen.interfaces import IGongwenPageView

ARCHIVE_FOLDER = "archive"
FORMATS = (catalogue_store.PDF, catalogue_store.XLSX)


def archive_unit(folder):
    """The unit whose 档案 folder ``folder`` is; ``NotFound`` for any other folder."""
    unit = find_unit(folder)
    if unit is None or folder.getId() != ARCHIVE_FOLDER or unit.get(ARCHIVE_FOLDER) is None:
        raise NotFound("not a unit's archive folder")
    return unit


def requested_year(request, default=None):
    """The ``year`` of the request as an int (this year when absent); ``BadRequest`` if bad."""
    value = request.form.get("year")
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value in (None, ""):
        return default if default is not None else times.today().year
    try:
        return check_year(str(value)[:8])
    except ArchiveError as error:
        raise BadRequest(translate(error.message, context=request)) from None


def _one(value):
    if isinstance(value, list | tuple):
        return value[-1] if value else ""
    return value or ""


@implementer(IGongwenPageView)
class CatalogueView(ProgressPage, BrowserView):
    """The 目录 of a year: status, progress, downloads; asks for one when needed."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        self.year = requested_year(self.request)
        kind = str(_one(self.request.form.get("format")))[:10]
        if self.request.method == "POST":
            return self.generate()
        if kind in FORMATS:
            return self.download(kind)
        if kind == "json":
            return self.status_json()
        if kind:
            raise BadRequest(
                translate(
                    _("catalogue_bad_format", default="格式只能是 pdf、xlsx 或 json。"),
                    context=self.request,
                )
            )
        self.ensure_current()
        return self.index()

    # --- asking ----------------------------------------------------------------------

    def ensure_current(self):
        """Start a 目录 job when none is running and none was made from the items as they are."""
        record = catalogue_store.catalogue_job(self.unit, self.year)
        if record is not None and not progress.is_finished(record["state"]):
            return
        stamp = catalogue_store.current_stamp(self.unit, self.year)
        built = catalogue_store.built_catalogue(self.unit, self.year)
        if built is not None and built.stamp == stamp:
            return
        failed = record is not None and record["state"] == progress.FAILED
        if failed and record["params"].get("stamp") == stamp:
            return  # it failed on these very items: the page says why; 重新生成 asks again
        alsoProvides(self.request, IDisableCSRFProtection)
        with contextlib.suppress(ArchiveError):  # started meanwhile by someone else
            catalogue_store.start_catalogue(self.unit, self.year, self._actor())

    def generate(self):
        check_authenticator(self.request)
        try:
            catalogue_store.start_catalogue(self.unit, self.year, self._actor())
            message = _(
                "catalogue_started",
                default="已开始生成${year}年度归档文件目录。",
                mapping={"year": self.year},
            )
            kind = "info"
        except ArchiveError as error:
            message, kind = error.message, "error"
        api.portal.show_message(message, request=self.request, type=kind)
        self.request.response.redirect(self.page_url())
        return ""

    def _actor(self):
        return api.user.get_current().getId()

    # --- reading ---------------------------------------------------------------------

    def page_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-archive-catalogue?year={self.year}"

    def download_url(self, kind):
        return f"{self.page_url()}&format={kind}"

    def home_url(self):
        return f"{self.context.absolute_url()}?year={self.year}"

    def download(self, kind):
        built = catalogue_store.built_catalogue(self.unit, self.year)
        if built is None:
            raise NotFound("no catalogue of this year yet")
        named = built.files[kind]
        response = self.request.response
        response.setHeader("Content-Type", catalogue_store.CONTENT_TYPES[kind])
        response.setHeader("Content-Length", str(named.getSize()))
        response.setHeader(
            "Content-Disposition", f"attachment; filename*=UTF-8''{quote(named.filename)}"
        )
        response.setHeader("X-Content-Type-Options", "nosniff")
        return stream_file(named)

    def job(self):
        """The last 目录 job of the year as the page shows it (``jobstatus.job_status``), or
        None."""
        record = catalogue_store.catalogue_job(self.unit, self.year)
        return job_status(record, self.request, self.context) if record is not None else None

    def built(self):
        """The kept 目录 of the year as the page shows it, or None."""
        built = catalogue_store.built_catalogue(self.unit, self.year)
        if built is None:
            return None
        return {
            "count": built.count,
            "built": times.minute_text(built.built),
            "fresh": catalogue_store.is_fresh(self.unit, self.year, built),
            "pdf_url": self.download_url(catalogue_store.PDF),
            "xlsx_url": self.download_url(catalogue_store.XLSX),
            "pdf_name": built.files[catalogue_store.PDF].filename,
            "xlsx_name": built.files[catalogue_store.XLSX].filename,
        }

    def status_json(self):
        job, built = self.job(), self.built()
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps(
            {
                "year": self.year,
                "job": job,
                "ready": built is not None and built["fresh"],
            },
            ensure_ascii=False,
        )
