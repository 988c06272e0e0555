"""The header's language links (简体中文 / English): the portal's languages only.

Plone's selector builds the information of every language it knows (about 600, each
looked up in the registry to see whether the portal offers it) on every page, to list two
(issue 21: a few milliseconds of every page). Same links, Plone's template.
"""

import os

from plone.app.i18n.locales.browser import selector
from plone.app.i18n.locales.browser.selector import LanguageSelector
from plone.i18n.locales.interfaces import IContentLanguageAvailability
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getUtility


class PortalLanguageSelector(LanguageSelector):
    """Plone's language selector, reading the portal's supported languages only."""

    index = ViewPageTemplateFile("languageselector.pt", _prefix=os.path.dirname(selector.__file__))

    def render(self):
        return self.index()

    def languages(self):
        if self.tool is None:
            return []
        current = self.tool.getLanguageBindings(self.request)[0]
        known = getUtility(IContentLanguageAvailability).getLanguages(
            combined=self.tool.use_combined_language_codes
        )
        return [
            {**known.get(code, {"name": code}), "code": code, "selected": code == current}
            for code in self.tool.getSupportedLanguages()
        ]
