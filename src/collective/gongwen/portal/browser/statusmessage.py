"""Status messages without a 「Info:」/「Error:」 prefix: the message alone, in its colour and icon.

Plone's ``plone.globalstatusmessage`` puts a bold 「提示：」/「错误：」 (in English 「Info:」,
「Error:」) before every message, and the icon's hover title is the untranslated English.
Here the icon's title is the translated kind (for screen readers) and the text is the message.
"""

from plone.app.layout.viewlets.globalstatusmessage import GlobalStatusMessage
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class StatusMessages(GlobalStatusMessage):
    index = ViewPageTemplateFile("templates/statusmessage.pt")

    def kind(self, mtype):
        """The message kind's CSS classes, icon and translated name without its colon."""
        info = self.display_info_for_mtype(mtype)
        name = translate(info["msg"], context=self.request).rstrip(":：")
        return {"cssclass": info["cssclass"], "icon": info["icon"], "name": name}
