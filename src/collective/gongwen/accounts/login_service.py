"""REST ``@login`` (R-SEC3): plone.restapi's, answering a locked login in Chinese.

The lockout itself is the PAS plugin's (``plugin``); this only words the 401.
"""

from plone.restapi.services.auth.login import Login
from zope.i18n import translate

from collective.gongwen.accounts.plugin import LOCKED_MINUTES
from collective.gongwen.accounts.plugin import locked_message


class LockoutAwareLogin(Login):
    def reply(self):
        result = super().reply()
        minutes = self.request.other.get(LOCKED_MINUTES)
        if minutes and self.request.response.getStatus() == 401:
            message = translate(locked_message(minutes), context=self.request)
            return {"error": {"type": "Locked", "message": message}}
        return result
