"""Plone's ``@@iconresolver`` with the icon's text in the page's language.

Plone's templates pass an icon's text in English (用户和用户组's 「Inherited from Group」
on a role held through a group) and its ``tag`` puts it in the SVG's ``<title>`` as is.
Here the text is translated in the ``plone`` domain first (locales/zh_CN plone.po); a
text without a translation — or already Chinese — stays as it is.
"""

from Products.CMFPlone.browser.icons import IconsView
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

PloneMessage = MessageFactory("plone")


class TranslatedIconsView(IconsView):
    def tag(self, name, tag_class="", tag_alt=""):
        if tag_alt:
            tag_alt = translate(PloneMessage(tag_alt), context=self.request)
        return super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
