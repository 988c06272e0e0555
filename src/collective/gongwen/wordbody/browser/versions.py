"""``@@gongwen-body-versions``: the 版本记录 of a 发文's Word 正文 (R-D6).

Every version, newest first: 版本, 方式 (上传/签入/清稿), 修改人, 环节, 时间, 大小, and its
tracked changes and comments as the worker counted them (「分析中…」 until then, and the
page reloads itself once they are there: ``wordbody.progress``, ``body-wait.js``). Two
versions chosen with the radio pair go to 比较 (``@@gongwen-body-compare?a=&b=``); each
version links to its own 痕迹 (``@@gongwen-body-changes?version=``) and its download.
Whoever may see the document sees its versions (R-A2).
"""

from Products.Five.browser import BrowserView

from collective.gongwen.content import body
from collective.gongwen.content import times
from collective.gongwen.content.browser.panel import human_size
from collective.gongwen.wordbody.browser.panel import analysis_text
from collective.gongwen.wordbody.browser.panel import kind_title


class BodyVersions(BrowserView):
    """The versions table of the Word 正文."""

    def update(self):
        self.item = body.body_item(self.context)
        self.records = list(reversed(body.body_records(self.context))) if self.item else []

    def __call__(self):
        self.update()
        return self.index()

    def rows(self):
        request = self.request
        document_url = self.context.absolute_url()
        item_url = self.item.absolute_url() if self.item is not None else ""
        newest = self.records[0]["version"] if self.records else None
        second = self.records[1]["version"] if len(self.records) > 1 else None
        return [
            {
                "number": record["number"],
                "version": record["version"],
                "kind": kind_title(record, request),
                "actor": record["actor_name"],
                "step": record["step_title"],
                "time": times.minute_text(record["time"]),
                "size": human_size(record["size"]),
                "filename": record["filename"],
                "analysis": analysis_text(record, request),
                # 「分析中…」: the page reloads once the worker posts it (body-wait.js)
                "analysing": body.analysis_pending(record),
                "current": record["version"] == newest,
                "checked_a": record["version"] == second,
                "checked_b": record["version"] == newest,
                "download_url": f"{item_url}/@@gongwen-version-download/{record['version']}",
                "changes_url": f"{document_url}/@@gongwen-body-changes?version={record['version']}",
            }
            for record in self.records
        ]

    def compare_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-body-compare"

    def progress_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-progress"
