"""``@@gongwen-typeset``: the holder of 登记编号 or 审核发送 typesets the 正式文件 again;
``@@gongwen-slip``: the processing slip as it is now, as a PDF download (R-T2).

A POST (CSRF-checked). Until the document is sent (R-T1) the print room or
the secretaries may make the PDF again, e.g. after a correction sent back
to the signer (R-O6); each time is a new version of the same file. The
request only asks for it: a worker typesets it (R-RUN1) while the document
page shows its progress, then the file or why there is none (``progress``).
"""

from urllib.parse import quote

from Acquisition import aq_inner
from plone import api
from Products.Five.browser import BrowserView

from collective.gongwen import _
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.typeset.caps import RenderRefused
from collective.gongwen.typeset.kept_slips import current_slip
from collective.gongwen.typeset.official import RETYPESET_STEPS
from collective.gongwen.typeset.official import typeset_official

ACT_ON_STEP = "collective.gongwen: Act on Step"


def may_retypeset(document):
    """True when the current user holds the step and the document is numbered but not sent."""
    return (
        api.content.get_state(obj=document, default=None) in RETYPESET_STEPS
        and bool(getattr(document, "issue_number", None))
        and api.user.has_permission(ACT_ON_STEP, obj=document)
    )


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
    """``@@gongwen-slip``: the 发文稿纸 / 来文处理单 with every opinion so far, for its readers.

    Over the rendering caps (R-SEC5): the reason, back on the document page.
    """

    def __call__(self):
        document = aq_inner(self.context)
        try:
            data, filename = current_slip(document)
        except RenderRefused as error:
            api.portal.show_message(error.message, request=self.request, type="error")
            self.request.response.redirect(document.absolute_url())
            return ""
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        # RFC 5987: the Chinese file name arrives intact
        response.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{quote(filename)}")
        response.setHeader("X-Content-Type-Options", "nosniff")
        return data
