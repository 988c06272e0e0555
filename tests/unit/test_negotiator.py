"""Issue 21: the remembering negotiator chooses as zope.i18n's does (portal/negotiator.py)."""

import pytest
from zope.i18n.interfaces import IUserPreferredLanguages
from zope.i18n.negotiator import Negotiator
from zope.interface import implementer

from collective.gongwen.portal.negotiator import RememberingNegotiator
from collective.gongwen.portal.negotiator import choose

LANGUAGES = ["zh_CN", "en", "de", "zh_TW", "pt_BR", "pt"]


@implementer(IUserPreferredLanguages)
class Reader:
    def __init__(self, preferred):
        self.preferred = preferred

    def getPreferredLanguages(self):
        return self.preferred


@pytest.mark.parametrize(
    "preferred",
    [
        ["zh-cn"],
        ["zh-cn", "en"],
        ["zh-tw"],
        ["zh"],
        ["en-us", "de"],
        ["fr", "de"],
        ["pt-br"],
        ["pt-pt"],
        ["fr"],
        [],
    ],
)
def test_issue21_the_same_choice_as_zope_i18n(preferred):
    reader = Reader(preferred)
    expected = Negotiator().getLanguage(LANGUAGES, reader)
    assert RememberingNegotiator().getLanguage(LANGUAGES, reader) == expected
    assert RememberingNegotiator().getLanguage(list(LANGUAGES), reader) == expected  # again


def test_issue21_each_choice_is_made_once():
    choose.cache_clear()
    reader = Reader(["zh-cn", "en"])
    for _ in range(100):
        RememberingNegotiator().getLanguage(LANGUAGES, reader)
    info = choose.cache_info()
    assert (info.misses, info.hits) == (1, 99)
    # other languages or another reader's preferences are another choice
    assert RememberingNegotiator().getLanguage(["en", "de"], reader) == "en"
    assert RememberingNegotiator().getLanguage(LANGUAGES, Reader(["de"])) == "de"
    assert choose.cache_info().misses == 3
