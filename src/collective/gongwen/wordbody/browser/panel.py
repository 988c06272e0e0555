"""``@@gongwen-body-panel``: the Word 正文 in the 处理笺's 正文 section (``document.pt``).

For a 发文 with a Word 正文: its file name, 第N版, who saved it at which step and when, the
lock (「张三 签出编辑中（至 14:30）」), and the buttons the person may use — 下载, 签出编辑,
签入, 取消签出 — and the link to 版本记录. For a draft without 正文, to its drafter: the
「或上传 Word 或 WPS 正文」 form. Empty otherwise. What the person may do is
``wordbody.actions``' answer; the forms post to ``forms.py``.

Fetched by itself (``body-wait.js`` puts it in place of the shown one after 签出编辑, whose
answer is the file, and once an analysis lands), it shows the messages of the action that
came without a page (「已签出正文，文件已开始下载……」): nothing else on the 处理笺 — a
half-written 办理意见 — is disturbed.
"""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content import times
from collective.gongwen.content.browser.panel import human_size
from collective.gongwen.content.posting import message_place
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import progress

ACCEPT = ",".join(body.WORD_EXTENSIONS)
# The 处理笺's 正文 section, where the panel's actions' messages are shown.
BODY_PLACE = "gongwen-body"


def short_time(value):
    """``14:30`` today, else ``2026-12-07 14:30`` (the portal's zone)."""
    moment = times.in_zone(value)
    if moment is None:
        return ""
    if moment.date() == times.today():
        return moment.strftime("%H:%M")
    return times.minute_text(moment)


def analysis_text(record, request):
    """「修订 3 处 · 批注 1 条」, 「分析中…」 or 「分析失败：……」 of a version's record."""
    analysis = record.get("analysis")
    if analysis is None:
        message = _("body_analysis_pending", default="分析中…")
    elif analysis.get("state") == body.ANALYSIS_FAILED:
        message = _(
            "body_analysis_failed",
            default="分析失败：${reason}",
            mapping={"reason": analysis.get("reason") or ""},
        )
    else:
        message = _(
            "body_analysis_counts",
            default="修订 ${revisions} 处 · 批注 ${comments} 条",
            mapping={
                "revisions": analysis.get("revisions") or 0,
                "comments": analysis.get("comments") or 0,
            },
        )
    return translate(message, context=request)


def kind_title(record, request):
    """上传 / 签入 / 清稿."""
    title = body.KIND_TITLES.get(record.get("kind"))
    return translate(title, context=request) if title is not None else record.get("kind", "")


class BodyPanel(BrowserView):
    """The Word 正文 panel; "" when the 发文 has none and the person may not upload one."""

    def __call__(self):
        self.update()
        if not self.item and not self.may_upload:
            return ""
        return self.index()

    def update(self):
        document = self.context
        self.user_id = None if api.user.is_anonymous() else api.user.get_current().getId()
        self.item = body.body_item(document)
        self.may_upload = self.item is None and actions.may_upload(document, self.user_id)
        self.record = body.current_record(document) if self.item is not None else None
        self.may_edit = self.item is not None and actions.may_edit(document, self.user_id)
        self.lock = actions.effective_lock(document) if self.item is not None else None
        self.holds_lock = self.lock is not None and self.lock["holder"] == self.user_id
        self.locked_by_other = self.lock is not None and not self.holds_lock
        self.document_url = document.absolute_url()
        # 「分析中…」 until the worker posts it: the panel reloads itself (body-wait.js)
        self.analysing = self.record is not None and progress.analysing(document)
        self.messages = self._own_messages()

    def _own_messages(self):
        """The last action's messages when the panel is the page asked for (the document's
        page shows them itself, in its 正文 section)."""
        if aq_base(self.request.get("PUBLISHED")) is not aq_base(self):
            return []
        message_place(self.request, self.context, (BODY_PLACE,), BODY_PLACE)  # forget it
        return [
            {"text": message.message, "type": message.type}
            for message in IStatusMessage(self.request).show()
        ]

    def accept(self):
        """The file input's ``accept``: the Word/WPS/ODT extensions."""
        return ACCEPT

    def current(self):
        """The current version's facts, for the template; None without a Word 正文."""
        record = self.record
        if record is None:
            return None
        request = self.request
        return {
            "number": record["number"],
            "filename": record["filename"],
            "size": human_size(record["size"]),
            "actor": record["actor_name"],
            "step": record["step_title"],
            "kind": kind_title(record, request),
            "time": times.minute_text(record["time"]),
            "analysis": analysis_text(record, request),
            "download_url": f"{self.item.absolute_url()}/@@download/file",
        }

    def lock_text(self):
        """「张三 签出编辑中（至 14:30）」; for the holder 「您已签出编辑（至 14:30）…」."""
        lock = self.lock
        if lock is None:
            return ""
        until = short_time(lock["until"])
        if self.holds_lock:
            message = _(
                "body_lock_mine",
                default="您已签出编辑（至 ${until}）：在 Word 或 WPS 中修改后，请在此签入。",
                mapping={"until": until},
            )
        else:
            message = _(
                "body_lock_other",
                default="${name} 签出编辑中（至 ${until}）",
                mapping={"name": lock["holder_name"], "until": until},
            )
        return translate(message, context=self.request)

    def show_checkout(self):
        return self.may_edit and not self.locked_by_other

    def show_checkin(self):
        """签入 after 签出编辑: to the lock's holder (REST may check in without a lock)."""
        return self.may_edit and self.holds_lock

    def versions_url(self):
        return f"{self.document_url}/@@gongwen-body-versions"

    def progress_url(self):
        return f"{self.document_url}/@@gongwen-progress"

    def panel_url(self):
        """This panel alone, put in place of the shown one once the analysis is there."""
        return f"{self.document_url}/@@gongwen-body-panel"
