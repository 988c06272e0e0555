"""``@@gongwen-typeset``: the holder of 登记编号 or 审核发送 typesets the 正式文件 again;
``@@gongwen-slip``: the processing slip kept with the document, as a PDF download (R-T2).

A POST (CSRF-checked). Until the document is sent (R-T1) the print room or
the secretaries may make the PDF again, e.g. after a correction sent back
to the signer (R-O6); each time is a new version of the same file. The
request only asks for it: a worker typesets it (R-RUN1) while the document
page shows its progress, then the file or why there is none (``progress``).
"""

from urllib.parse import quote

from Acquisition import aq_inner
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.content.downloads import downloaded
from collective.gongwen.content.events import SLIP as SLIP_DOWNLOAD
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.kept_slips import SLIP_ID
from collective.gongwen.typeset.official import RETYPESET_STEPS
from collective.gongwen.typeset.official import typeset_official
from collective.gongwen.typeset.render_jobs import is_rendering
from collective.gongwen.typeset.render_jobs import queue_render
from collective.gongwen.typeset.rendered import refusal_message

ACT_ON_STEP = "collective.gongwen: Act on Step"


def may_retypeset(document):
    """True when the current user holds the step and the document is numbered but not sent."""
    return (
        api.content.get_state(obj=document, default=None) in RETYPESET_STEPS
        and bool(getattr(document, "issue_number", None))
        and api.user.has_permission(ACT_ON_STEP, obj=document)
    )


class RetypesetButton(BrowserView):
    """``@@gongwen-retypeset-button``: the 重新排版 form, which the 发文's 办理 panel includes by
    name; empty unless ``may_retypeset``."""

    def offered(self):
        return may_retypeset(aq_inner(self.context))


class Retypeset(PostAction):
    """Have the 正式文件 typeset again; a Chinese message; back to the document."""

    anchor = "gongwen-files"

    def outcome(self):
        document = self.document
        if not may_retypeset(document):
            return (
                _("typeset_refused", default="只有登记编号后、发送前的当前办理人可以重新排版。"),
                ERROR,
            )
        typeset_official(document)
        return (
            _(
                "typeset_queued",
                default="已开始重新排版，完成后正式文件将更新（原排版保存为历史版本）。",
            ),
            INFO,
        )


class SlipDownload(BrowserView):
    """``@@gongwen-slip``: the 发文稿纸 / 来文处理单 kept with the document, for its readers.

    Never rendered in the request (R-RUN1): the kept file is served as it is.
    While a newer one is being made, or none is kept yet, a render is asked
    for (if none is queued) and the document page says to come back; after a
    render over the caps (R-SEC5), the page says why.
    """

    def __call__(self):
        document = aq_inner(self.context)
        rendering, kept = is_rendering(document, SLIP), document.get(SLIP_ID)
        refusal = None if rendering else refusal_message(document, SLIP)
        if refusal is not None:
            return self.back(document, refusal, "error")
        if kept is None or rendering:
            if not rendering:
                # A GET that asks for the render: harmless, coalesced, for a reader only.
                alsoProvides(self.request, IDisableCSRFProtection)
                queue_render(document, SLIP)
            return self.back(
                document,
                _("slip_being_made", default="处理单正在生成，请稍后再试。"),
                "info",
            )
        response = self.request.response
        filename = kept.file.filename or "slip.pdf"
        downloaded(document, SLIP_DOWNLOAD, SLIP_ID, filename)
        response.setHeader("Content-Type", "application/pdf")
        # RFC 5987: the Chinese file name arrives intact
        response.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{quote(filename)}")
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "private, no-cache")
        return kept.file.data

    def back(self, document, message, kind):
        """``message`` shown on the document page, where the reader is sent back."""
        api.portal.show_message(message, request=self.request, type=kind)
        self.request.response.redirect(document.absolute_url())
        return ""
