"""``@@gongwen-remind``: the secretaries' 催办 of a 收文's current step (R-I5).

A POST (CSRF-checked) with an optional ``note``; only the secretaries of the
document's unit may remind, and only while a step is open (not 办结 or
归档). The reminder is recorded by ``deadlines.remind``; refusals are
Chinese status messages. Back to the document's 「办理」 panel.
"""

from plone import api
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content.bounding import text_refusal
from collective.gongwen.content.bounds import FIELD_BOUNDS
from collective.gongwen.content.posting import PostAction
from collective.gongwen.incoming import deadlines
from collective.gongwen.incoming import rules
from collective.gongwen.org.units import is_secretary
from collective.gongwen.steps import titles


def open_step(document):
    """The document's current step while one is open, else None."""
    step = api.content.get_state(obj=document, default=None)
    if step in (None, rules.DONE, rules.ARCHIVED):
        return None
    return step


def holders_text(holders):
    """The holders' names, joined with 「、」."""
    return "、".join(titles.principal_name(holder) for holder in holders)


class Remind(PostAction):
    """Record a 催办 of the current step's holders; message; back to the document."""

    anchor = "gongwen-routing"

    def outcome(self):
        return self.remind(self.document)

    def remind(self, document):
        """Return ``(message, "info" or "error")``."""
        if api.user.is_anonymous() or not is_secretary(document, api.user.get_current().getId()):
            return (
                _("error_remind_not_secretary", default="只有本单位秘书可以催办。"),
                "error",
            )
        step = open_step(document)
        if step is None:
            return (
                _("error_remind_closed", default="该收文已办结，无需催办。"),
                "error",
            )
        note = self.request.form.get("note")
        note = note.strip() if isinstance(note, str) else ""
        label = _("label_remind_note_short", default="催办说明")
        refusal = text_refusal(note, FIELD_BOUNDS["remind_note"], label)
        if refusal is not None:  # R-SEC5
            return refusal, "error"
        record = deadlines.remind(document, note)
        step_title = titles.step_title(step, self.request, "gongwen_incoming")
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
