"""``@@gongwen-body-changes?version=``: the tracked changes inside one version of a 发文's Word
正文, with their authors (R-D6, 痕迹保留).

The worker's analysis of that version (``content.body`` record ``analysis``) lists every
insertion and deletion the file holds — who, when, what — and counts its comments; until
it is there the page says 「正在分析…」 and reloads itself; a file the worker could not
read shows why. ``version`` is a CMFEditions version id of the 正文; anything else is
answered 400 with a Chinese message.
"""

from Acquisition import aq_inner

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content import times
from collective.gongwen.wordbody.browser.compare import BodyPage
from collective.gongwen.wordbody.browser.compare import version_heading
from collective.gongwen.wordbody.browser.compare import version_record

CHANGE_KINDS = {
    "ins": _("body_change_inserted", default="插入"),
    "del": _("body_change_deleted", default="删除"),
}
# What a change shows of its text (the analysis keeps the whole run).
MAX_CHANGE_TEXT = 2000


class BodyChanges(BodyPage):
    """The tracked changes of one version, with their authors."""

    head = None
    analysis = None

    def update(self):
        document = aq_inner(self.context)
        record = version_record(document, self.request.form, "version")
        self.head = version_heading(record, self.request)
        self.analysis = record.get("analysis")
        if self.analysis is None:
            self.wait()

    def failed(self):
        """The reason the worker could not read the file, or None."""
        analysis = self.analysis or {}
        if analysis.get("state") == body.ANALYSIS_FAILED:
            return analysis.get("reason") or ""
        return None

    def done(self):
        return (self.analysis or {}).get("state") == body.ANALYSIS_DONE

    def counts(self):
        analysis = self.analysis or {}
        return {
            "revisions": analysis.get("revisions") or 0,
            "comments": analysis.get("comments") or 0,
            "listed": len(analysis.get("changes") or ()),
        }

    def changes(self):
        """The changes as rows: 序号, 插入/删除, 修改人, 时间, 内容."""
        rows = []
        for index, change in enumerate((self.analysis or {}).get("changes") or (), 1):
            kind = change.get("kind")
            text = str(change.get("text") or "")
            rows.append(
                {
                    "index": index,
                    "kind": kind if kind in CHANGE_KINDS else "",
                    "kind_title": CHANGE_KINDS.get(kind, kind or ""),
                    "author": str(change.get("author") or ""),
                    "time": times.minute_text(change.get("date")) or str(change.get("date") or ""),
                    "text": text[:MAX_CHANGE_TEXT],
                }
            )
        return rows
