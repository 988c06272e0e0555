"""The 归档 form of one finished document and the 归档章 on an archived one's page (R-R1).

Thin: ``@@gongwen-archive`` shows the 归档章 fields ``filing.proposed_fields`` proposes,
editable; its CSRF-checked POST checks them (``filing.check_fields``) and who may
(``filing.archive_refusal``), then starts the ``archive`` job for this one document
(``pipeline.start_archive``) — 四性检测 runs in a worker, which archives it through
``filing.archive_document`` — and goes to the job's progress page. The viewlet shows the
归档章 (档号 …) of an archived document; the 办理 panels link to the form.
"""

from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.archive import filing
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import rules
from collective.gongwen.archive.browser.jobstatus import job_url
from collective.gongwen.archive.record import archive_info
from collective.gongwen.content import times
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.steps import titles

# Characters of a typed value kept for showing it back in the form.
SHOWN_MAX = 200


def form_value(value):
    """A posted value as text, cut for showing it back; "" for a list, a file …"""
    return value[:SHOWN_MAX] if isinstance(value, str) else ""


def retention_choices(request):
    """``(token, title)`` of the 保管期限, 永久 first."""
    return [(token, title_of("retention", token)) for token in rules.RETENTIONS]


class ArchiveForm(BrowserView):
    """``@@gongwen-archive``: the proposed 归档章, editable; submit starts the 归档 job."""

    def __call__(self):
        document = self.context
        self.user_id = api.user.get_current().getId()
        self.error = None
        self.values = filing.proposed_fields(document)
        refused = filing.archive_refusal(document, self.user_id)
        self.refusal = translate(refused.message, context=self.request) if refused else None
        if self.request.method == "POST":
            check_authenticator(self.request)
            self.values = {
                name: form_value(self.request.form.get(name)) for name in filing.FORM_FIELDS
            }
            if refused is not None:
                self.request.response.setStatus(403)
                return self.index()
            try:
                fields = filing.check_fields(document, self.values)
                job_id = pipeline.start_archive(
                    find_unit(document),
                    self.user_id,
                    year=fields["year"],
                    uids=[document.UID()],
                    fields={document.UID(): fields},
                )
            except rules.ArchiveError as error:
                self.error = translate(error.message, context=self.request)
                self.request.response.setStatus(400)
                return self.index()
            api.portal.show_message(
                _("archive_job_started", default="已提交归档，正在进行四性检测。"),
                request=self.request,
            )
            self.request.response.redirect(self.job_url(job_id))
            return ""
        return self.index()

    def job_url(self, job_id):
        return job_url(find_unit(self.context)["archive"], job_id)

    def retentions(self):
        return [
            {
                "token": token,
                "title": translate(title, context=self.request),
                "selected": token == self.values.get("retention"),
            }
            for token, title in retention_choices(self.request)
        ]

    def state_title(self):
        state = api.content.get_state(obj=self.context, default="")
        return titles.step_title(state, self.request, self.context.portal_type)


class ArchiveStampViewlet(ViewletBase):
    """The 归档章 of an archived document (the 办理 panel links finished ones to the form)."""

    def update(self):
        super().update()
        self.info = archive_info(self.context)

    def rows(self):
        """``(label, value)`` of the 归档章, in DA/T 22-2015's order."""
        info = self.info
        return [
            (_("archive_label_fonds", default="全宗号"), info["fonds_number"]),
            (_("archive_label_year", default="年度"), str(info["year"])),
            (
                _("archive_label_retention", default="保管期限"),
                title_of("retention", info["retention"]),
            ),
            (
                _("archive_label_organ", default="机构(问题)"),
                f"{info['organ_title']}（{info['organ_code']}）",
            ),
            (_("archive_label_item_number", default="件号"), f"{info['item_number']:04d}"),
            (
                _("archive_label_archived_at", default="归档时间"),
                times.minute_text(info["archived_at"]),
            ),
            (
                _("archive_label_archived_by", default="归档人"),
                titles.principal_name(info["archived_by"]),
            ),
        ]
