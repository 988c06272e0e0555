"""Plone's ``@@iconresolver`` with the icon's text in the page's language.

Plone's templates pass an icon's text in English (用户和用户组's 「Inherited from Group」
on a role held through a group) and its ``tag`` puts it in the SVG's ``<title>`` as is.
Here the text is translated in the ``plone`` domain first (locales/zh_CN plone.po); a
text without a translation — or already Chinese — stays as it is. An icon's markup is
made once per request (a list draws the same few icons on every row; finding each is a
resource traversal).
"""

from Products.CMFPlone.browser.icons import IconsView
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

PloneMessage = MessageFactory("plone")
TAGS_KEY = "collective.gongwen.portal.icon_tags"


class TranslatedIconsView(IconsView):
    def tag(self, name, tag_class="", tag_alt=""):
        tags = self.request.other.setdefault(TAGS_KEY, {})
        key = (name, tag_class, tag_alt)
        if key not in tags:
            if tag_alt:
                tag_alt = translate(PloneMessage(tag_alt), context=self.request)
            tags[key] = super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
        return tags[key]
