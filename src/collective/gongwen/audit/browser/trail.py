"""A document's own 审计记录 (R-U1), below its body: the newest ``LIMIT`` entries of its UID and
how many there are, to whoever may see the document. Client addresses are personal data about
staff: only those who may read the audit log (the 安全审计员) see them here.
"""

from AccessControl import getSecurityManager
from plone.app.layout.viewlets import ViewletBase

from collective.gongwen.audit import record
from collective.gongwen.audit import store
from collective.gongwen.audit.browser import common

LIMIT = 200
VIEW_AUDIT_LOG = "collective.gongwen: View audit log"


class AuditTrailViewlet(ViewletBase):
    def update(self):
        super().update()
        uid = self.context.UID()
        found, self.total = record.audit_store().search(store.Filters(object_uids=(uid,)), 0, LIMIT)
        self.entries = common.rows(self.request, found)
        self.show_addresses = bool(
            getSecurityManager().checkPermission(VIEW_AUDIT_LOG, self.context)
        )
        self.limit = LIMIT
