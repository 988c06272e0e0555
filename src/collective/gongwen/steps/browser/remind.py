"""``@@gongwen-remind``: 催办 of a 发文's or 收文's current step (R-O12, R-I5); and
``@@gongwen-remind-form``, its form, for the document page.

A POST (CSRF-checked) with an optional ``note`` (bounded). Who may 催办 and
when is ``steps.deadlines.remind``'s to decide (each type's adapter: the
office and the drafter for 发文, the secretaries for 收文); the view shows its
refusal or what was done as a Chinese status message, back at the document's
「办理」 panel. ``@@gongwen-remind-form`` renders the form when the user may
催办 the document now, nothing otherwise; ``@@gongwen-remind-records`` the
document's 催办记录 (nothing when there are none).
"""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.content.bounding import text_refusal
from collective.gongwen.content.bounds import FIELD_BOUNDS
from collective.gongwen.content.posting import PostAction
from collective.gongwen.steps import deadlines
from collective.gongwen.steps import titles
from collective.gongwen.steps.rules import StepError


def holders_text(holders):
    """The holders' names, joined with 「、」."""
    return "、".join(titles.principal_name(holder) for holder in holders)


class Remind(PostAction):
    """催办 the current step's holders; message; back to the document."""

    anchor = "gongwen-routing"

    def outcome(self):
        return self.remind(self.document)

    def remind(self, document):
        """Return ``(message, "info" or "error")``."""
        if api.user.is_anonymous():
            return deadlines.remind_refused(document, None).message, "error"
        note = self.request.form.get("note")
        note = note.strip() if isinstance(note, str) else ""
        label = _("label_remind_note_short", default="催办说明")
        refusal = text_refusal(note, FIELD_BOUNDS["remind_note"], label)
        if refusal is not None:  # R-SEC5
            return refusal, "error"
        try:
            record = deadlines.remind(document, note)
        except StepError as refused:
            return refused.message, "error"
        step_title = titles.step_title(record["step"], self.request, document.portal_type)
        return (
            _(
                "remind_done",
                default="已催办：${step}（${holders}）。",
                mapping={
                    "step": step_title,
                    "holders": holders_text(record["holders"])
                    or translate(_("remind_nobody", default="无办理人"), context=self.request),
                },
            ),
            "info",
        )


class RemindForm(BrowserView):
    """The 催办 form of the document page: only for someone who may 催办 it now."""

    template = ViewPageTemplateFile("remind_form.pt")

    def __call__(self):
        if api.user.is_anonymous():
            return ""
        if deadlines.remind_refused(self.context, api.user.get_current().getId()) is not None:
            return ""
        return self.template()


class RemindRecords(BrowserView):
    """The document's 催办记录: when, who, whom, and the note; nothing without any."""

    template = ViewPageTemplateFile("remind_records.pt")

    def __call__(self):
        self.rows = self.record_rows()
        return self.template() if self.rows else ""

    def record_rows(self):
        return [
            {
                "time": times.minute_text(record["time"]),
                "iso": times.iso_text(record["time"]),
                "actor": titles.principal_name(record["actor"]),
                "holders": holders_text(record.get("holders") or ()),
                "note": record.get("note") or "",
            }
            for record in deadlines.reminders(self.context)
        ]
