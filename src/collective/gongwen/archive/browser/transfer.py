"""``@@gongwen-transfer?year=2026``: 移交 of a unit's archived year, and import verification (R-R3).

On a unit's 档案 folder, for its archivists (``collective.gongwen: Archive documents``).
「导出移交包」 starts an export job (``transfer_store.start_export``); the page follows the
unit's 移交 jobs with a progress bar that polls ``format=json``, lists the packages built
with their size, SHA-256 and SM3 and the 四性检测 report, and downloads one
(``download=<job id>``: streamed from the transfer folder, ``nosniff``, an audit entry). A
package whose 四性检测 found anything is not offered: the job names the items. 「导入校验」
stores an uploaded package and has a worker verify it (``start_import``); the page then shows
the verification: passed, or the refusal naming the file or item. Import only verifies.
"""

import json
import os
from urllib.parse import quote

from plone import api
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.interface import implementer
from ZPublisher.Iterators import filestream_iterator

from collective.gongwen import _
from collective.gongwen.archive import progress
from collective.gongwen.archive import transfer_store
from collective.gongwen.archive.browser.catalogue import archive_unit
from collective.gongwen.archive.browser.catalogue import requested_year
from collective.gongwen.archive.browser.jobstatus import ProgressPage
from collective.gongwen.archive.browser.jobstatus import job_status
from collective.gongwen.archive.jobs import job_record
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.audit import entries
from collective.gongwen.audit.record import record as audit_record
from collective.gongwen.interfaces import IGongwenPageView

VIEW = "gongwen-transfer"
REPORT_VIEW = "gongwen-archive-report"
SHOWN_JOBS = 20
MAX_ID = 100


def _one(value):
    if isinstance(value, list | tuple):
        return value[-1] if value else ""
    return value or ""


def size_text(size):
    """``size`` bytes as people read it (KB, MB, GB)."""
    size = int(size or 0)
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"


@implementer(IGongwenPageView)
class TransferView(ProgressPage, BrowserView):
    """移交: export a year, follow the jobs, download packages, verify an uploaded one."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        self.year = requested_year(self.request)
        form = self.request.form
        if self.request.method == "POST":
            return self.act(str(_one(form.get("action")))[:20])
        download = str(_one(form.get("download")))[:MAX_ID]
        if download:
            return self.download(download)
        kind = str(_one(form.get("format")))[:10]
        if kind == "json":
            return self.status_json()
        if kind:
            message = _("transfer_bad_format", default="格式只能是 json。")
            raise BadRequest(translate(message, context=self.request))
        return self.index()

    # --- acting ----------------------------------------------------------------------

    def act(self, action):
        check_authenticator(self.request)
        actor = api.user.get_current().getId()
        try:
            if action == transfer_store.EXPORT:
                transfer_store.start_export(self.unit, self.year, actor)
                message = _(
                    "transfer_export_started",
                    default="已开始生成${year}年度移交包，生成后会进行四性检测。",
                    mapping={"year": self.year},
                )
            elif action == transfer_store.IMPORT:
                transfer_store.start_import(self.unit, self.request.form.get("package"), actor)
                message = _(
                    "transfer_import_started",
                    default="移交包已上传，正在校验，请稍候查看校验结果。",
                )
            else:
                raise BadRequest(
                    translate(
                        _("transfer_bad_action", default="未知的操作。"), context=self.request
                    )
                )
            kind = "info"
        except ArchiveError as error:
            message, kind = error.message, "error"
        api.portal.show_message(message, request=self.request, type=kind)
        self.request.response.redirect(self.page_url())
        return ""

    # --- downloading -----------------------------------------------------------------

    def download(self, job_id):
        record = job_record(job_id)
        if record is None or record["unit_uid"] != self.unit.UID():
            raise NotFound("no such package")
        path = transfer_store.downloadable(record)
        if path is None:
            raise NotFound("no package to download")
        name = transfer_store.download_name(self.unit, record)
        audit_record(
            entries.DOWNLOAD,
            self.context,
            entries.summary(name, f"移交包 {record.get('year')}"),
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader("Content-Length", str(os.path.getsize(path)))
        response.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
        response.setHeader("X-Content-Type-Options", "nosniff")
        return filestream_iterator(path, "rb")

    # --- reading ---------------------------------------------------------------------

    def page_url(self):
        return f"{self.context.absolute_url()}/@@{VIEW}?year={self.year}"

    def home_url(self):
        return f"{self.context.absolute_url()}?year={self.year}"

    def _t(self, message):
        return translate(message, context=self.request)

    def _view_url(self, name, report_id):
        if not report_id:
            return None
        if queryMultiAdapter((self.context, self.request), name=name) is None:
            return None
        return f"{self.context.absolute_url()}/@@{name}?id={quote(str(report_id))}"

    def job_row(self, record):
        """What the page shows of one 移交 job: ``jobstatus.job_status`` and the package."""
        params, result = record.get("params") or {}, record.get("result") or {}
        path = transfer_store.downloadable(record)
        return dict(
            job_status(record, self.request, self.context),
            direction=params.get("direction"),
            year=record.get("year") or result.get("year") or "",
            passed=bool(result.get("passed")) and record["state"] == progress.DONE,
            total=record.get("total") or result.get("items") or 0,
            actor=record.get("actor") or "",
            filename=params.get("filename") or "",
            item_count=result.get("items"),
            size=size_text(result["size"]) if result.get("size") else "",
            sha256=result.get("sha256") or "",
            sm3=result.get("sm3") or "",
            manifest_sha256=result.get("manifest_sha256") or "",
            download_url=f"{self.page_url()}&download={quote(record['id'])}" if path else None,
            report_url=self._view_url(REPORT_VIEW, record.get("report_id")),
        )

    def exports(self):
        return [
            self.job_row(record)
            for record in transfer_store.transfer_jobs(self.unit, transfer_store.EXPORT)[
                :SHOWN_JOBS
            ]
        ]

    def imports(self):
        return [
            self.job_row(record)
            for record in transfer_store.transfer_jobs(self.unit, transfer_store.IMPORT)[
                :SHOWN_JOBS
            ]
        ]

    def max_upload_mb(self):
        return transfer_store.MAX_UPLOAD_BYTES // (1024 * 1024)

    def status_json(self):
        rows = [self.job_row(record) for record in transfer_store.transfer_jobs(self.unit)]
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({"year": self.year, "jobs": rows[:SHOWN_JOBS]}, ensure_ascii=False)
