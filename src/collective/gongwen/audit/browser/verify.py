"""审计日志校验 (``@@gongwen-audit-verify``, R-U1): the last verification of the store, its
checkpoints, and a button that queues a new one on the workers (``audit.tasks.verify_store``):
a big store takes minutes, never in the request. Asking is an ``audit_verify`` entry.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.audit import chain
from collective.gongwen.audit import entries as audit_entries
from collective.gongwen.audit import query
from collective.gongwen.audit import record
from collective.gongwen.audit import store
from collective.gongwen.audit import tasks
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.steps.titles import user_full_name

CHECKPOINTS_SHOWN = 20


@implementer(IGongwenPageView)
class AuditVerifyView(BrowserView):
    def __call__(self):
        self.path = record.store_path()
        self.message = ""
        if self.request.method == "POST" and "form.verify" in self.request.form:
            CheckAuthenticator(self.request)
            self.queue()
        return self.index()

    def queue(self):
        user = api.user.get_current().getId()
        asked_at = store.utc_time()
        tasks.write_status(self.path, state="queued", requested_by=user, requested_at=asked_at)
        after_commit(
            tasks.verify_store,
            ("audit-verify", self.path),
            {"path": self.path, "requested_by": user, "requested_at": asked_at},
        )
        record.record(
            audit_entries.AUDIT_VERIFY,
            summary=audit_entries.summary("", "请求校验审计日志"),
            request=self.request,
        )
        self.message = translate(
            _("audit_verify_queued", default="已交后台校验，完成后结果显示在本页（刷新查看）。"),
            context=self.request,
        )

    @property
    def status(self):
        status = tasks.read_status(self.path)
        if not status:
            return None
        shown = dict(status)
        for name in ("requested_at", "started_at", "finished_at"):
            shown[name + "_text"] = query.time_text({"time": status.get(name, "")})
        asked_by = status.get("requested_by", "")
        shown["requested_by_name"] = user_full_name(asked_by) or asked_by
        if status.get("state") == "done" and not status.get("ok"):
            message = Message(
                status.get("msgid", ""),
                domain="collective.gongwen",
                default=status.get("default", ""),
                mapping=status.get("mapping") or {},
            )
            shown["problem"] = translate(message, context=self.request) if message else ""
            if shown["problem"] == status.get("msgid"):
                shown["problem"] = status.get("english", "")
        return shown

    @property
    def checkpoints(self):
        """The newest checkpoints (the store signs one every hour)."""
        rows = record.audit_store().checkpoints(CHECKPOINTS_SHOWN)
        return [
            {
                **row,
                "time_text": query.time_text(row),
                "algorithm": chain.ALGORITHM_NAMES.get(row["algorithm"], row["algorithm"]),
            }
            for row in rows
        ]

    @property
    def entry_count(self):
        return record.audit_store().count()
