"""The language a translation is made in, chosen once per set of languages (issue 21).

Every translated string — each ``i18n:translate`` of a template, each ``translate()`` —
asks zope.i18n's negotiator which of its domain's languages (about 60 in Plone's domains)
the reader prefers, and the negotiator normalises all of them again each time: a 我的待办
of 100 rows translates over a thousand strings, and a fifth of its time went there. This
negotiator gives the same answer by the same rules (zope.i18n's ``Negotiator``), remembering
it for each pair of the domain's languages and the reader's preferences.
"""

from functools import lru_cache

from zope.i18n.interfaces import INegotiator
from zope.i18n.interfaces import IUserPreferredLanguages
from zope.i18n.negotiator import Negotiator
from zope.i18n.negotiator import normalize_langs
from zope.interface import implementer


@lru_cache(maxsize=512)
def choose(languages, preferred):
    """zope.i18n's choice among ``languages`` for a reader who prefers ``preferred`` (tuples):
    the first preferred one available, or its generic form ('zh' for 'zh-tw'); else None."""
    available = normalize_langs(languages)
    for language in preferred:
        if language in available:
            return available[language]
        parts = language.split("-")
        if len(parts) > 1 and parts[0] in available:
            return available[parts[0]]
    return None


@implementer(INegotiator)
class RememberingNegotiator(Negotiator):
    """zope.i18n's negotiator, each choice made once per process."""

    def getLanguage(self, langs, env):
        preferred = IUserPreferredLanguages(env).getPreferredLanguages()
        return choose(tuple(langs), tuple(preferred))


negotiator = RememberingNegotiator()
