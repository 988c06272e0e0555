"""网站设置 → 审计日志 (``@@gongwen-audit-log``, R-U1): the 安全审计员 filters the audit log and
exports what the filter selects (``?format=csv`` streamed, ``?format=xlsx``).

Thin: the form is read by ``audit.query.read`` (bounded, Chinese refusals), the entries come
from ``AuditStore.search``/``iterate``, the files from ``audit.export``; every export is
itself an ``audit_export`` entry (``audit.record.record_now``).
"""

import datetime
import urllib.parse

from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.audit import entries as audit_entries
from collective.gongwen.audit import export
from collective.gongwen.audit import query
from collective.gongwen.audit import record
from collective.gongwen.audit import settings
from collective.gongwen.audit import store
from collective.gongwen.audit.browser import common
from collective.gongwen.interfaces import IGongwenPageView

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def find_documents(title):
    """UIDs of the 公文 whose 标题 contains ``title`` (at most ``TITLE_MATCHES + 1``)."""
    catalog = api.portal.get_tool("portal_catalog")
    words = " ".join(f'"{word}"' for word in title.replace('"', " ").split())
    if not words:
        return []
    try:
        brains = catalog.unrestrictedSearchResults(
            Title=words, object_provides="collective.gongwen.interfaces.IGongwenDocument"
        )[: query.TITLE_MATCHES + 1]
    except Exception:  # the ZCTextIndex refuses some queries (operators only …)
        return []
    return [brain.UID for brain in brains]


@implementer(IGongwenPageView)
class AuditLogView(BrowserView):
    def __call__(self):
        self.query = query.read(self.request.form, find_documents)
        self.errors = [translate(error, context=self.request) for error in self.query.errors]
        self.entries, self.total = [], 0
        audit = record.audit_store()
        self.emergency_total = audit.search(store.Filters(flag=query.EMERGENCY), 0, 0)[1]
        if self.query.ok:
            offset = (self.query.page - 1) * query.PAGE_SIZE
            found, self.total = audit.search(
                self.query.filters, offset, query.PAGE_SIZE, count_limit=query.EXPORT_LIMIT + 1
            )
            self.entries = common.rows(self.request, found)
            wanted = self.request.form.get("format")
            if wanted in FORMATS:
                if self.total > query.EXPORT_LIMIT:
                    self.errors.append(
                        translate(
                            _(
                                "audit_export_too_many",
                                default="所选记录超过 ${limit} 条，无法导出，请缩小查询范围。",
                                mapping={"limit": query.EXPORT_LIMIT},
                            ),
                            context=self.request,
                        )
                    )
                else:
                    return self.export(audit, wanted)
        return self.index()

    @property
    def retention_months(self):
        return settings.retention_months()

    export_limit = query.EXPORT_LIMIT

    @property
    def more_than_limit(self):
        return self.total > query.EXPORT_LIMIT

    @property
    def pages(self):
        return max(1, min(-(-self.total // query.PAGE_SIZE), query.MAX_PAGE))

    @property
    def action_options(self):
        chosen = set(self.query.values["action"])
        return [
            {
                "id": action,
                "title": translate(title, context=self.request),
                "selected": action in chosen,
            }
            for action, title in query.ACTIONS.items()
        ]

    def url(self, **changes):
        """This page with the filter's values and ``changes`` (``format="csv"``: an export)."""
        base = f"{api.portal.get().absolute_url()}/@@gongwen-audit-log"
        wanted = changes.pop("format", None)
        pairs = query.query_string(self.query.values, **changes)
        if wanted in FORMATS:
            pairs.append(("format", wanted))
        return f"{base}?{urllib.parse.urlencode(pairs)}" if pairs else base

    def export(self, audit, wanted):
        """The filtered entries as a CSV (streamed) or XLSX file; an ``audit_export`` entry."""
        heading = [translate(title, context=self.request) for _id, title in query.COLUMNS]
        conditions = "; ".join(
            f"{name}={value}" for name, value in query.query_string(self.query.values, page=None)
        )
        record.record_now(
            audit_entries.AUDIT_EXPORT,
            summary=audit_entries.summary(
                "", f"导出 {wanted.upper()}：{self.total} 条；条件：{conditions or '全部'}"
            ),
            request=self.request,
        )
        found = audit.iterate(self.query.filters, query.EXPORT_LIMIT)
        cells = (common.export_cells(self.request, entry) for entry in found)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        response = self.request.response
        response.setHeader("Content-Type", FORMATS[wanted])
        response.setHeader(
            "Content-Disposition", f'attachment; filename="audit-log-{stamp}.{wanted}"'
        )
        response.setHeader("Cache-Control", "no-store")
        if wanted == "xlsx":
            return export.xlsx_bytes(heading, cells)
        for chunk in export.csv_chunks(heading, cells):
            response.write(chunk)
        return b""
