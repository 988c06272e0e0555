"""The screens of R-R2: 到期鉴定, 销毁申请 (list, create, approve, execute), 销毁清册, 法律保全,
and the 法律保全 box on an archived document's page (beside its 归档章).

Thin views: they read the form (bounded), call one ``archive.disposal`` function, show its
Chinese message and come back to the page (POST-redirect-GET, CSRF-checked). Who may do
what is decided by ``disposal``; a refusal is shown as the message of its ``ArchiveError``.
"""

from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.archive import disposal
from collective.gongwen.archive import disposal_rules as rules
from collective.gongwen.archive import register
from collective.gongwen.archive import retention
from collective.gongwen.archive.browser.jobstatus import ProgressPage
from collective.gongwen.archive.browser.jobstatus import job_status
from collective.gongwen.archive.browser.jobstatus import job_url
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.rules import RETENTIONS
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.archive.rules import check_year
from collective.gongwen.audit.export import csv_chunks
from collective.gongwen.content import times
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.vocabularies import user_title

MAX_UIDS = rules.MAX_ITEMS
STATE_TITLES = {
    rules.PENDING: _("destruction_state_pending", default="待审批"),
    rules.APPROVED: _("destruction_state_approved", default="已批准，待执行"),
    rules.REJECTED: _("destruction_state_rejected", default="已驳回"),
    rules.EXECUTED: _("destruction_state_executed", default="已销毁"),
}


def retention_title(token):
    """The Chinese name of a 保管期限 token (the token itself if unknown)."""
    return title_of("retention", token) if token else ""


@implementer(IGongwenPageView)
class DisposalView(BrowserView):
    """What the four screens share: the unit, the user, bounded form values, POST handling."""

    def __call__(self):
        if self.request.method == "POST":
            check_authenticator(self.request)
            try:
                message = self.act()
            except ArchiveError as error:
                api.portal.show_message(error.message, request=self.request, type="error")
            else:
                api.portal.show_message(message, request=self.request, type="info")
            self.request.response.redirect(self.next_url())
            return ""
        self.check_reader()
        return self.index()

    def act(self):
        raise MethodNotAllowed("GET only")

    def check_reader(self):
        """Raise ``Forbidden`` unless the user may read this page (default: anyone let in)."""

    def next_url(self):
        return self.request.get("ACTUAL_URL") or self.context.absolute_url()

    @property
    def unit(self):
        return find_unit(self.context)

    @property
    def user_id(self):
        return api.user.get_current().getId()

    def text(self, name):
        value = self.request.form.get(name, "")
        return value if isinstance(value, str) else ""

    def year_filter(self):
        """The 年度 of ``?year=`` or None (blank or not a year)."""
        value = self.text("year").strip()
        if not value:
            return None
        try:
            return check_year(value)
        except ArchiveError:
            return None

    def uids(self):
        value = self.request.form.get("uids", [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list):
            return []
        return [u for u in value if isinstance(u, str) and len(u) <= 64][: MAX_UIDS + 1]

    def retention_options(self):
        return [(token, retention_title(token)) for token in RETENTIONS]

    def retention_title(self, token):
        return retention_title(token)

    def person(self, user_id):
        return user_title(user_id) if user_id else ""

    def time_text(self, iso):
        return times.minute_text(iso) if iso else ""

    def function_title(self, key):
        return disposal.function_title(key)

    def archive_folder(self):
        """The unit's 档案 folder, where the archive screens and job pages live."""
        return (self.unit.get("archive") if self.unit is not None else None) or self.context

    def base_url(self):
        return self.archive_folder().absolute_url()


class AppraisalView(DisposalView):
    """@@gongwen-appraisal: the unit's items whose 保管期限 has ended, and their 到期鉴定."""

    def rows(self):
        token = self.text("retention")
        token = token if token in RETENTIONS else None
        return disposal.due_items(self.unit, times.today(), self.year_filter(), token)

    def decision_text(self, row):
        last = row["last"]
        if not last:
            return translate(_("appraisal_none", default="未鉴定"), context=self.request)
        if last["decision"] == retention.DESTROY:
            return translate(_("appraisal_destroy", default="销毁"), context=self.request)
        return translate(_("appraisal_extend", default="延长保管"), context=self.request)

    def act(self):
        uids = self.uids()
        if not uids:
            raise ArchiveError(_("appraisal_choose_items", default="请选择要鉴定的档案。"))
        decision = self.text("decision")
        done = 0
        for uid in uids:
            document = disposal.find_item(self.unit, uid)
            disposal.appraise(
                document,
                decision,
                self.user_id,
                retention_token=self.text("new_retention") or None,
                years=self.text("years").strip() or None,
                note=self.text("note"),
            )
            done += 1
        return _("appraisal_saved", default="已鉴定 ${count} 件。", mapping={"count": done})


class DestructionView(ProgressPage, DisposalView):
    """@@gongwen-destruction: the unit's 销毁申请; one of them with ``?id=``; the actions."""

    def check_reader(self):
        if not disposal.may_read_register(self.unit, self.user_id):
            raise Forbidden("destruction requests: archivists and approvers only")

    def is_archivist(self):
        return disposal.is_archivist(self.unit, self.user_id)

    def current(self):
        found = disposal.get_request(self.text("id"))
        if found is not None and found["unit_uid"] != self.unit.UID():
            return None
        return found

    def requests(self):
        return disposal.requests_of(self.unit)

    def candidates(self):
        """Rows of the unit's items appraised 销毁 and in no open request."""
        busy = disposal.open_items(self.unit)
        return [
            row
            for row in disposal.due_items(self.unit, times.today())
            if row["marked"] and row["uid"] not in busy and not row["legal_hold"]
        ]

    def state_title(self, state):
        return STATE_TITLES.get(state, state)

    def held_uids(self, request):
        """Uids of the request's items now under legal hold (flagged in its table)."""
        if request["state"] not in (rules.PENDING, rules.APPROVED):
            return set()
        held = set()
        for item in request["items"]:
            document = disposal.find_item_or_none(self.unit, item["uid"])
            if document is not None and (archive_info(document) or {}).get("legal_hold"):
                held.add(item["uid"])
        return held

    def decision_rows(self, request):
        rows = []
        for key in request["required"]:
            decided = request["decisions"].get(key)
            rows.append({"function": self.function_title(key), "decided": decided})
        return rows

    def may_decide(self, request):
        return disposal.may_decide(request, self.user_id)

    def may_execute(self, request):
        return (
            request["state"] == rules.APPROVED
            and self.is_archivist()
            and not disposal.executing(request)
        )

    def job_url(self, job_id):
        return job_url(self.archive_folder(), job_id)

    def execution(self, request):
        """The request's 执行销毁 job as the page shows it (``jobstatus.job_status``, with
        ``running``), or None. Only the archivists follow it (its page is theirs)."""
        record = disposal.execution_job(request)
        if record is None:
            return None
        status = job_status(record, self.request, self.archive_folder())
        if not self.is_archivist():
            status["poll_url"] = ""
        return dict(status, running=not status["finished"])

    def next_url(self):
        if getattr(self, "_next", None):
            return self._next
        url = f"{self.base_url()}/@@gongwen-destruction"
        request_id = getattr(self, "_shown", None) or self.text("id")
        return f"{url}?id={request_id}" if request_id else url

    def act(self):
        form = self.request.form
        if "form.create" in form:
            created = disposal.create_request(
                self.unit, self.uids(), self.text("reason"), self.user_id
            )
            self._shown = created["id"]
            return _(
                "destruction_created",
                default="销毁申请 ${id} 已提交，等待审批。",
                mapping={"id": created["id"]},
            )
        if "form.decide" in form:
            decided = disposal.decide(
                self.text("id"), self.text("decision"), self.text("opinion"), self.user_id
            )
            return _(
                "destruction_decided",
                default="审批意见已记录；销毁申请现为「${state}」。",
                mapping={
                    "state": translate(self.state_title(decided["state"]), context=self.request)
                },
            )
        if "form.execute" in form:
            started = disposal.execute_request(self.text("id"), self.user_id)
            self._next = self.job_url(started["job_id"])
            return _(
                "destruction_started",
                default="销毁申请 ${id} 已开始执行：后台逐批销毁并记入销毁清册，本页显示进度。",
                mapping={"id": started["id"]},
            )
        raise ArchiveError(_("destruction_unknown_action", default="未知的操作。"))


class RegisterView(DisposalView):
    """@@gongwen-destruction-register: the unit's 销毁清册, read-only, by 年度; CSV export."""

    HEADING = (
        "序号",
        "档号",
        "题名",
        "文号",
        "年度",
        "保管期限",
        "销毁申请",
        "审批",
        "执行人",
        "销毁时间",
        "文件及校验值",
    )

    def check_reader(self):
        if not disposal.may_read_register(self.unit, self.user_id):
            raise Forbidden("destruction register: archivists and approvers only")

    def __call__(self):
        if self.request.method == "GET" and self.text("format") == "csv":
            self.check_reader()
            return self.csv()
        # A table of eight columns with opinions and digests: the page's whole width.
        self.request.set("disable_plone.leftcolumn", True)
        return super().__call__()

    def entries(self):
        return register.entries(self.unit.UID(), year=self.year_filter())

    def years(self):
        return register.years(self.unit.UID())

    def approval_lines(self, entry):
        """One line per approval: function, person, time, opinion."""
        return [
            f"{self.function_title(a['function'])} {self.person(a['by'])}"
            f"（{self.time_text(a['at'])}）：{a['opinion']}"
            for a in entry["approvals"]
        ]

    def approvals_text(self, entry):
        return "；".join(self.approval_lines(entry))

    def files_text(self, entry):
        return "；".join(
            f"{f.get('filename') or f.get('path')} SHA-256 {f.get('sha256')} SM3 {f.get('sm3')}"
            for f in entry["files"]
        )

    def csv_rows(self):
        for entry in self.entries():
            yield (
                str(entry["number"]),
                entry["archival_code"],
                entry["title"],
                entry.get("document_number") or "",
                str(entry.get("year") or ""),
                translate(self.retention_title(entry.get("retention")), context=self.request),
                f"{entry['request']['id']}：{entry['request']['reason']}",
                self.approvals_text(entry),
                self.person(entry["executed_by"]),
                self.time_text(entry["executed_at"]),
                self.files_text(entry),
            )

    def csv(self):
        response = self.request.response
        year = self.year_filter()
        name = f"destruction-register-{year or 'all'}.csv"
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", f'attachment; filename="{name}"')
        return b"".join(csv_chunks(self.HEADING, self.csv_rows()))


class LegalHoldView(DisposalView):
    """@@gongwen-legal-hold on an archived document: its hold, put or lifted with a reason."""

    def info(self):
        return archive_info(self.context) or {}

    def next_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-legal-hold"

    def act(self):
        reason = self.text("reason")
        if "form.put" in self.request.form:
            disposal.put_hold(self.context, reason, self.user_id)
            return _("legal_hold_put", default="已设置法律保全，该档案在解除前不能销毁。")
        if "form.lift" in self.request.form:
            disposal.lift_hold(self.context, reason, self.user_id)
            return _("legal_hold_lifted", default="已解除法律保全。")
        raise ArchiveError(_("destruction_unknown_action", default="未知的操作。"))


class LegalHoldViewlet(ViewletBase):
    """An archived document's 法律保全 on its page: in force (reason, by whom, since when) or
    none; the unit's archivists get the link to put or lift it (``@@gongwen-legal-hold``)."""

    index = ViewPageTemplateFile("legal_hold_viewlet.pt")

    def update(self):
        super().update()
        self.info = archive_info(self.context)
        self.hold = (self.info or {}).get("legal_hold")
        user_id = api.user.get_current().getId()
        unit = find_unit(self.context)
        self.may_change = bool(user_id) and disposal.is_archivist(unit, user_id)

    def available(self):
        return self.info is not None and (bool(self.hold) or self.may_change)

    def person(self, user_id):
        return user_title(user_id) if user_id else ""

    def time_text(self, iso):
        return times.minute_text(iso) if iso else ""

    def hold_url(self):
        return f"{self.context.absolute_url()}/@@gongwen-legal-hold"
