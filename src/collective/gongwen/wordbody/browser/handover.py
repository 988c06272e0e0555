"""``@@gongwen-body-handover-note``: above the 办理 buttons, the warning to whoever still has
the Word 正文 checked out (R-D6, ``wordbody.handover``).

Rendered by name in the 发文's 办理 panel (``routing/browser/panel.pt``), as the 清稿 button
is: 「您签出的正文尚未签入：请先签入修改后的正文，否则转交后签出作废。」 with a link to the
正文 panel's 签入. Empty for everyone else; for a 发文 with a Word 正文, an empty place the
page's script (``body-wait.js``) fills after 签出编辑, without reloading the page.
"""

from Acquisition import aq_inner
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.wordbody import handover

WARNING = _(
    "body_handover_warning",
    default="您签出的正文尚未签入：请先签入修改后的正文，否则转交后签出作废。",
)


class HandoverNote(BrowserView):
    """The warning when the user holds an open check-out of the 正文; its (empty) place for a
    发文 with a Word 正文; "" without one."""

    def __call__(self):
        document = aq_inner(self.context)
        if not body.has_word_body(document):
            return ""
        user_id = None if api.user.is_anonymous() else api.user.get_current().getId()
        self.lock = handover.open_check_out(document, user_id)
        return self.index()

    def refresh_url(self):
        """This note alone, put in place of the shown one after 签出编辑."""
        return f"{aq_inner(self.context).absolute_url()}/@@gongwen-body-handover-note"

    def warning(self):
        return translate(WARNING, context=self.request)

    def checkin_url(self):
        return f"{aq_inner(self.context).absolute_url()}#gongwen-body"
