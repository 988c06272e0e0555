"""The 正文 panel's POSTs: 上传正文, 签出编辑, 签入, 取消签出 (``content.posting.PostAction``).

Each calls its one function in ``wordbody.actions`` and shows the outcome, or the refusal's
Chinese reason, in the 正文 section of the 处理笺. 签出编辑 answers with the file itself
(a download named after the file, as the other downloads of a document) and the page's
script (``body-wait.js``) puts the 正文 panel, with the lock and the message, in place of the
shown one; refused, it goes back to the page like the others.
"""

import transaction
from plone import api
from plone.namedfile.utils import set_headers

from collective.gongwen import _
from collective.gongwen.content.body import BodyError
from collective.gongwen.content.browser.actions import upload_name
from collective.gongwen.content.browser.actions import uploads_in
from collective.gongwen.content.downloads import downloaded
from collective.gongwen.content.events import FILE
from collective.gongwen.content.files import stream_file
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody.browser.panel import BODY_PLACE
from collective.gongwen.wordbody.browser.panel import short_time


def _user_id():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


class BodyAction(PostAction):
    """A POST of the 正文 panel: its messages in the 正文 section."""

    anchor = BODY_PLACE

    def outcome(self):
        try:
            return self.act(_user_id())
        except BodyError as refused:
            transaction.doom()  # nothing of a refused action is kept
            return refused.message, ERROR

    def act(self, user_id):
        raise NotImplementedError

    def uploaded(self):
        """``(data, filename)`` of the form's file; None if none was chosen."""
        uploads = uploads_in(self.request.form.get("file"))
        if not uploads:
            return None
        return uploads[0].read(), upload_name(uploads[0])


def saved_message(record):
    return _(
        "body_saved",
        default="正文已保存为第 ${number} 版（${filename}）。",
        mapping={"number": record["number"], "filename": record["filename"]},
    )


def none_chosen():
    return _("body_file_none_chosen", default="请选择正文文件（Word、WPS 或 ODT 格式）。"), ERROR


class UploadBody(BodyAction):
    """``@@gongwen-body-upload``: the drafter's Word/WPS/ODT file, the 正文's first version."""

    def act(self, user_id):
        uploaded = self.uploaded()
        if uploaded is None:
            return none_chosen()
        record = actions.upload_body(self.document, *uploaded, user_id)
        return saved_message(record), INFO


class CheckIn(BodyAction):
    """``@@gongwen-body-checkin``: the edited file, a new version at the current step."""

    def act(self, user_id):
        uploaded = self.uploaded()
        if uploaded is None:
            return none_chosen()
        record = actions.check_in(self.document, *uploaded, user_id)
        return saved_message(record), INFO


class CancelCheckOut(BodyAction):
    """``@@gongwen-body-cancel``: the holder gives the lock up, no new version."""

    def act(self, user_id):
        actions.cancel_check_out(self.document, user_id)
        return _("body_checkout_cancelled", default="已取消签出，正文未修改。"), INFO


class CheckOut(BodyAction):
    """``@@gongwen-body-checkout``: the lock, and the current file as a download."""

    def outcome(self):
        self.item = None
        try:
            lock, self.item = actions.check_out(self.document, _user_id())
        except BodyError as refused:
            transaction.doom()
            return refused.message, ERROR
        return (
            _(
                "body_checked_out",
                default="已签出正文，文件已开始下载（签出至 ${until} 有效）。",
                mapping={"until": short_time(lock["until"])},
            ),
            INFO,
        )

    def respond(self):
        if self.item is None:
            return super().respond()
        file = self.item.file
        response = self.request.response
        # RFC 5987 (filename*=UTF-8''…): Chinese file names arrive intact.
        set_headers(file, response, filename=file.filename or "zhengwen.docx")
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "no-store")
        downloaded(self.document, FILE, self.item.getId(), self.item.Title(), item=self.item)
        return stream_file(file)
