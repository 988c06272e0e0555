"""One shape for the POST actions of a document page (``PostAction``).

Refuse anything but a POST (405), check the page's CSRF token (plone.protect,
403 without it), do one thing, show its Chinese status message, and go back
to the document at the panel it came from. The document page shows the
message in that panel, where the person is looking (``MESSAGES_ANCHOR``; the
panel is remembered in a short-lived cookie, ``message_place``), not only in
Plone's bar at the top. The 文件 panel's actions, 办理
(发文 and 收文), 已阅, 催办, 收回, 重新排版 and 重新转换 are such views; each
says only what it does (``outcome``) and, where it differs, where it goes back
to (``anchor``, ``next_url``) and what else it shows (``also_shown``).
"""

from Acquisition import aq_inner
from plone import api
from plone.protect.authenticator import check as check_authenticator
from Products.Five.browser import BrowserView
from zExceptions import MethodNotAllowed

INFO = "info"
ERROR = "error"

# The id of the document page's messages, shown in the panel the action came from.
MESSAGES_ANCHOR = "gongwen-messages"
# Which panel that is, for the next page of the document (``keep_place``/``message_place``).
MESSAGE_PLACE_COOKIE = "gongwen_message_place"


def keep_place(request, document, place):
    """Remember ``place`` (a panel's id) for the messages of the next page of ``document``."""
    request.other[MESSAGE_PLACE_COOKIE] = place
    request.response.setCookie(
        MESSAGE_PLACE_COOKIE, place, path=document.absolute_url_path(), max_age=300
    )


def message_place(request, document, places, default):
    """The panel of ``places`` the last action's messages belong to (and forget it), else
    ``default``."""
    place = request.other.get(MESSAGE_PLACE_COOKIE) or request.cookies.get(MESSAGE_PLACE_COOKIE)
    if request.cookies.get(MESSAGE_PLACE_COOKIE):
        request.response.expireCookie(MESSAGE_PLACE_COOKIE, path=document.absolute_url_path())
    return place if place in places else default


class PostAction(BrowserView):
    """A CSRF-checked POST: ``outcome()`` → its message shown → back to the document."""

    anchor = ""  # the panel of the document page to come back to

    @property
    def document(self):
        """The document acted on (the context; a file's view says its document)."""
        return aq_inner(self.context)

    def __call__(self):
        if self.request.method != "POST":
            raise MethodNotAllowed("POST only")
        check_authenticator(self.request)
        message, kind = self.outcome()
        for text, text_kind in ((message, kind), *self.also_shown(kind)):
            api.portal.show_message(text, request=self.request, type=text_kind)
        if self.anchor:
            keep_place(self.request, self.document, self.anchor)
        return self.respond()

    def outcome(self):
        """Do the one thing; return ``(message, "info" or "error")``."""
        raise NotImplementedError

    def also_shown(self, kind):
        """More ``(message, kind)`` pairs to show after the outcome's (none by default)."""
        return ()

    def next_url(self):
        """The document page, at its messages (shown in the ``anchor`` panel)."""
        url = self.document.absolute_url()
        return f"{url}#{MESSAGES_ANCHOR}" if self.anchor else url

    def respond(self):
        """The answer: a redirect to ``next_url()``."""
        self.request.response.redirect(self.next_url())
        return ""
