"""清稿 on the 处理笺 (R-D6): the print room's button in the 办理 panel and its POST.

``@@gongwen-body-clean-button`` is rendered by name in the 发文's 办理 panel
(``routing/browser/panel.pt``), above 登记编号: for the holder of 文印室登记编号排版 while the
Word 正文 is not yet 清稿'd — the 清稿 button, or 「正文清稿中…」 while a worker does it
(the page reloads itself when it is done), or why it cannot be done yet. ``@@gongwen-body-
clean`` (POST, CSRF-checked) asks for it through ``wordbody.actions.request_clean``, the one
path; its message is shown in the 办理 panel.
"""

from Acquisition import aq_inner
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content.body import BodyError
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.wordbody import actions

# The 办理 panel, where the 清稿 button is and its messages are shown.
ROUTING_PLACE = "gongwen-routing"


def _user_id():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


class CleanButton(BrowserView):
    """The 清稿 button; empty unless the user holds a step at which 清稿 is done."""

    def __call__(self):
        document = aq_inner(self.context)
        user_id = _user_id()
        if not actions.offers_clean(document, user_id):
            return ""
        self.pending = actions.clean_pending(document)
        self.clean = body.is_clean(document)
        self.refusal = None if self.pending else actions.clean_refusal(document, user_id)
        self.failure = None if self.pending or self.clean else actions.clean_failure(document)
        record = body.current_record(document)
        self.current_number = record["number"] if record is not None else None
        # the version still being read: the page reloads once it is (body-wait.js)
        self.analysing = not self.pending and body.analysis_pending(record)
        return self.index()

    def refusal_text(self):
        """Why it cannot be done now (e.g. the version still being read), in Chinese."""
        if self.refusal is None:
            return ""
        return translate(self.refusal, context=self.request)

    def progress_url(self):
        return f"{aq_inner(self.context).absolute_url()}/@@gongwen-progress"


class RequestClean(PostAction):
    """``@@gongwen-body-clean``: have a worker 清稿 the Word 正文; back to the 办理 panel."""

    anchor = ROUTING_PLACE

    def outcome(self):
        try:
            queued = actions.request_clean(self.document, _user_id())
        except BodyError as refused:
            return refused.message, ERROR
        if not queued:
            return _("body_clean_already_pending", default="正文正在清稿，请稍候。"), INFO
        return (
            _(
                "body_clean_queued",
                default="已开始清稿（接受全部修订、删除批注），完成后生成第 ${number} 版，"
                "本页自动刷新。",
                mapping={"number": len(body.body_records(self.document)) + 1},
            ),
            INFO,
        )
