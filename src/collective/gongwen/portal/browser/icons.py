"""Plone's ``@@iconresolver`` with the icon's text in the page's language, each icon's markup
made once per process.

Plone's templates pass an icon's text in English (用户和用户组's 「Inherited from Group」
on a role held through a group) and its ``tag`` puts it in the SVG's ``<title>`` as is.
Here the text is translated in the ``plone`` domain first (locales/zh_CN plone.po); a
text without a translation — or already Chinese — stays as it is.

Plone finds, reads and parses an icon's SVG file on every ``tag`` call: a page with the
toolbar and a list draws dozens, a tenth of an instance's time under load. The markup
depends only on the file the registry names for the icon (``plone.icon.<name>``: read on
every call, so a changed record takes effect at once), the CSS class and the text; SVG
icons are files on disk (Plone's ``tag`` refuses icons stored in the database), which
change with a new release, that is with a restart. Other icons (an ``<img>`` with the
site's URL) are not kept.
"""

from Products.CMFPlone.browser.icons import IconsView
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

PloneMessage = MessageFactory("plone")
KEPT_TAGS = 2000  # (file, class, text) triples: a site uses a few hundred
_tags = {}


class TranslatedIconsView(IconsView):
    def tag(self, name, tag_class="", tag_alt=""):
        if tag_alt:
            tag_alt = translate(PloneMessage(tag_alt), context=self.request)
        icon = self.lookup(name)
        if not icon.endswith(".svg"):
            return super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
        key = (icon, tag_class, tag_alt)
        markup = _tags.get(key)
        if markup is None:
            markup = super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
            if len(_tags) < KEPT_TAGS:
                _tags[key] = markup
        return markup
