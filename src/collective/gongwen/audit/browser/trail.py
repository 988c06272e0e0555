"""A document's own 审计记录 (R-U1), to whoever may see the document: below its body the newest
``VIEWLET_LIMIT`` entries of its UID and how many there are, the rest page by page on
``@@gongwen-audit-trail``. Every page view of a document adds an entry, so the section on the
document page stays short: it is rendered on each view. Client addresses are personal data
about staff: only those who may read the audit log (the 安全审计员) see them here.
"""

import math

from AccessControl import getSecurityManager
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.audit import query
from collective.gongwen.audit import record
from collective.gongwen.audit import store
from collective.gongwen.audit.browser import common

VIEWLET_LIMIT = 20
VIEW_AUDIT_LOG = "collective.gongwen: View audit log"


class TrailMixin:
    """Reads a page of the context's entries for the shared table (``templates/trail_table.pt``)."""

    table = ViewPageTemplateFile("templates/trail_table.pt")

    def read(self, offset, limit):
        found, self.total = record.audit_store().search(
            store.Filters(object_uids=(self.context.UID(),)), offset, limit
        )
        self.entries = common.rows(self.request, found, self.context)
        self.show_addresses = bool(
            getSecurityManager().checkPermission(VIEW_AUDIT_LOG, self.context)
        )


class AuditTrailViewlet(TrailMixin, ViewletBase):
    def update(self):
        super().update()
        self.read(0, VIEWLET_LIMIT)
        self.limit = VIEWLET_LIMIT
        self.all_url = f"{self.context.absolute_url()}/@@gongwen-audit-trail"


class AuditTrailPage(TrailMixin, BrowserView):
    """All of a document's entries, ``query.PAGE_SIZE`` a page, newest first."""

    def __call__(self):
        self.page = page_number(self.request.form.get("page"))
        self.read((self.page - 1) * query.PAGE_SIZE, query.PAGE_SIZE)
        self.pages = max(1, math.ceil(self.total / query.PAGE_SIZE))
        if self.page > self.pages:  # past the end (or hostile): the last page
            self.page = self.pages
            self.read((self.page - 1) * query.PAGE_SIZE, query.PAGE_SIZE)
        return self.index()

    def url(self, page):
        return f"{self.context.absolute_url()}/@@gongwen-audit-trail?page={page}"


def page_number(value):
    """A page number from the request: 1 for anything that is not one (bounded by MAX_PAGE)."""
    try:
        page = int(str(value)[:8])
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), query.MAX_PAGE)
