"""``@@gongwen-reminders``: the workers' periodic job has the portal send reminders (SPEC §15).

Called on the site root by ``schedule.request_reminders`` with a token of
the conversion secret, not by a user; the run is ``reminders.run_reminders``.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from collective.gongwen.jobs.endpoint import JsonAnswer
from collective.gongwen.notify.reminders import run_reminders
from collective.gongwen.notify.schedule import stamp_is_valid


class RunReminders(JsonAnswer):
    """POST with ``stamp`` and its token: send what is due, answer the counts as JSON."""

    def __call__(self):
        if self.request.method != "POST":
            return self.answer(405, error="POST only")
        stamp = self.request.form.get("stamp", "")
        if not stamp_is_valid(stamp, self.request.getHeader("X-Gongwen-Token")):
            return self.answer(403, error="bad token")
        # Authenticated by the token, not a browser session: no CSRF.
        alsoProvides(self.request, IDisableCSRFProtection)
        return self.answer(200, **run_reminders())
