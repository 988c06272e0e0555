"""The endpoints conversion workers call (claim, source, result) and the re-convert action.

The checks every worker endpoint shares (token, deleted object, stale job,
a result filed once) are ``jobs.endpoint.WorkerEndpoint``'s; a job that is
no longer the file's current one (file replaced or re-queued) is answered
409 so the worker drops it.
"""

import json

from collective.documentviewer.interfaces import IOCRLanguage
from collective.documentviewer.settings import GlobalSettings
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
from ZPublisher.Iterators import filestream_iterator

from collective.gongwen import _
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.conversion import preflight
from collective.gongwen.conversion.indexers import reindex_state
from collective.gongwen.conversion.jobs import queue_conversion
from collective.gongwen.conversion.reasons import reason_message
from collective.gongwen.conversion.status import CONVERTING
from collective.gongwen.conversion.status import DONE
from collective.gongwen.conversion.status import FAILED
from collective.gongwen.conversion.status import QUEUED
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.status import is_current_job
from collective.gongwen.conversion.status import mark_converting
from collective.gongwen.conversion.store import BadResult
from collective.gongwen.conversion.store import store_failure
from collective.gongwen.conversion.store import store_result
from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.jobs.endpoint import WorkerEndpoint

STATE_MESSAGES = {
    None: _("conversion_state_none", default="未转换"),
    QUEUED: _("conversion_state_queued", default="排队中"),
    CONVERTING: _("conversion_state_converting", default="转换中"),
    DONE: _("conversion_state_done", default="已完成（${pages} 页）"),
}

# Reasons that say the file has no preview by its type, not that something went wrong.
NOT_FAILURES = ("unsupported_type",)


def status_message(status):
    """The Chinese words for a file's conversion ``status`` (failures with their reason)."""
    state = status.get("state")
    if state == FAILED:
        reason = reason_message(status.get("reason"), status.get("mapping"))
        if status.get("reason") in NOT_FAILURES:
            return reason  # a type with no preview (e.g. the 归档记录's XML) is not a failure
        return _("conversion_state_failed", default="失败：${reason}", mapping={"reason": reason})
    message = STATE_MESSAGES.get(state, STATE_MESSAGES[None])
    return _(message, default=message.default, mapping={"pages": status.get("pages") or 0})


def conversion_options(obj):
    """What the tools need to know about ``obj``: file name, sizes, image format, OCR language."""
    settings = GlobalSettings(api.portal.get())
    return {
        "filename": obj.file.filename or "file",
        "sizes": [
            ["large", settings.large_size],
            ["normal", settings.normal_size],
            ["small", settings.thumb_size],
        ],
        "format": settings.pdf_image_format,
        "ocr": settings.ocr,
        "detect_text": settings.detect_text,
        "language": IOCRLanguage(obj).getLanguage(),
    }


class ConversionEndpoint(WorkerEndpoint):
    """A worker endpoint of a file's conversion job (``jobs.endpoint``)."""

    def is_current(self, obj, job_id):
        """True while ``obj`` waits for job ``job_id``, its current conversion."""
        return is_current_job(obj, job_id)


class ClaimJob(ConversionEndpoint):
    """A worker starts the job: the file is now converting; here is what to do."""

    def handle(self, obj):
        mark_converting(obj)
        reindex_state(obj)
        return self.answer(
            200,
            filename=obj.file.filename or "file",
            size=obj.file.getSize(),
            options=conversion_options(obj),
            limits=preflight.DEFAULT_LIMITS,
        )


class JobSource(ConversionEndpoint):
    """The file itself, streamed from its blob."""

    def handle(self, obj):
        response = self.request.response
        response.setHeader("Content-Type", "application/octet-stream")
        response.setHeader("Content-Length", str(obj.file.getSize()))
        return filestream_iterator(obj.file._blob.committed(), "rb")


class JobResult(ConversionEndpoint):
    """The worker's outcome: the converted pages, or why there are none (filed once per job)."""

    files_result = True

    def handle(self, obj):
        form = self.request.form
        if form.get("state") == "done":
            try:
                result = store_result(obj, form["result"], int(form.get("pages", 0)))
            except (BadResult, KeyError, ValueError) as error:
                store_failure(obj, "tool_failed", {"detail": f"bad result: {error}"})
                reindex_state(obj)
                return self.answer(400, error="bad result")
            reindex_state(obj)
            return self.answer(200, result=result)
        try:
            mapping = json.loads(form.get("mapping") or "{}")
        except ValueError:
            mapping = {}
        if form.get("reason") == "retries_exhausted":
            mapping["attempts"] = conversion_status(obj).get("attempts", 0)
        store_failure(obj, form.get("reason") or "tool_failed", mapping)
        reindex_state(obj)
        return self.answer(200, result="failure")


class Reconvert(PostAction):
    """A manager's 重新转换 of one file (after a fix, or a failure); back where it was asked."""

    def outcome(self):
        queue_conversion(self.context, force=True)
        return (
            _(
                "conversion_requeued",
                default="已重新排队转换：${title}",
                mapping={"title": self.context.Title()},
            ),
            INFO,
        )

    def next_url(self):
        target = self.request.get("came_from") or self.request.getHeader("Referer")
        if not target or not target.startswith(api.portal.get().absolute_url()):
            target = self.context.absolute_url()
        return target


class ConversionStatus(BrowserView):
    """JSON of the conversion status of a document's files (or of one file), for polling."""

    def __call__(self):
        if IGongwenDocument.providedBy(self.context):
            files = [
                item for item in self.context.objectValues() if IGongwenAttachment.providedBy(item)
            ]
        else:
            files = [self.context]
        entries = []
        for item in files:
            status = conversion_status(item)
            entries.append(
                {
                    "uid": item.UID(),
                    "id": item.getId(),
                    "title": item.Title(),
                    "state": status.get("state"),
                    "pages": status.get("pages"),
                    "message": translate(status_message(status), context=self.request),
                }
            )
        self.request.response.setHeader("Content-Type", "application/json")
        self.request.response.setHeader("Cache-Control", "no-store")
        pending = any(entry["state"] in (QUEUED, CONVERTING) for entry in entries)
        return json.dumps({"files": entries, "pending": pending}, ensure_ascii=False)
