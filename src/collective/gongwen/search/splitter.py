"""The word splitter of the site's full-text lexicon (``plone_lexicon``): Chinese bigrams,
with numbers as one word (R-S1).

Plone's own 「Unicode Whitespace splitter」 (Products.CMFPlone.UnicodeSplitter) cuts runs
of 汉字 into overlapping bigrams (「防汛检查」 → 防汛 汛检 检查 查) and everything else at
non-word characters. Measured on ``bench/search_quality.py`` (50 queries over a corpus of
official texts) bigrams beat jieba's words on recall at the same precision, so they stay.
Two things are changed, both on the query side and the indexing side alike:

* A query's word is cut the way the text was. Plone cuts a query one ``\\w+`` word at a
  time and leaves out the single last character of each word's last run of 汉字
  (「长河〔2026〕4号」 → 长河 2026 4 号, where the text gave 长河 河 2026 4 号), so a phrase
  across punctuation never matches: that is why 「长河〔2026〕4号」 and 「长河[2026]4号」 found
  nothing and only 「长河2026 4号」 (one word) did. Here only the query's very last run
  is cut short (Plone's prefix search: 「防汛」 finds 「防汛抗旱」).
* Numbers are words: the text adds the key (``keys.number_key``) of every 文号, 收文编号,
  来文字号 or 档号 written in it (``keys.numbers_in_text``) after its other words, and a
  query word that is a whole number (``keys.looks_like_number``) is its key alone, so
  「长河（2026）第4号」 finds 「长河〔2026〕4号」 and not 「长河〔2026〕14号」.

``use_gongwen_splitter`` puts it into ``plone_lexicon`` in code, not in catalog.xml:
GenericSetup compares lexicon elements by identity, so a catalog.xml naming the lexicon
would empty its vocabulary at every later import of any catalog.xml.
"""

import contextlib
import unicodedata

from Products.CMFPlone.UnicodeSplitter.config import pattern
from Products.CMFPlone.UnicodeSplitter.config import pattern_g
from Products.CMFPlone.UnicodeSplitter.config import rx_all
from Products.CMFPlone.UnicodeSplitter.config import rx_U
from Products.CMFPlone.UnicodeSplitter.config import rxGlob_U
from Products.CMFPlone.UnicodeSplitter.splitter import Splitter
from Products.CMFPlone.UnicodeSplitter.splitter import bigram
from Products.ZCTextIndex.PipelineFactory import element_factory

from collective.gongwen.numbering.keys import looks_like_number
from collective.gongwen.numbering.keys import number_key
from collective.gongwen.numbering.keys import numbers_in_text

SPLITTER_GROUP = "Word Splitter"
SPLITTER_NAME = "Gongwen Chinese splitter"
LEXICON = "plone_lexicon"
# The indexes that use ``LEXICON`` in a Plone site: reindexed after the splitter changes.
LEXICON_INDEXES = ("SearchableText", "Title", "Description")
_GLOB = "*?"


def text_words(text):
    """The words ``text`` is indexed under: bigrams of 汉字 runs (the last character of a run
    too), other runs whole, then the keys of the numbers in it."""
    normalized = unicodedata.normalize("NFKC", text)
    words = []
    for word in rx_U.findall(normalized):
        for run in (found.group() for found in pattern.finditer(word)):
            words.extend(bigram(run, 0) if rx_all.match(run[0]) else (run,))
    words.extend(sorted(numbers_in_text(normalized)))
    return words


def query_words(text):
    """The words of one query word ``text`` (it may end with a glob ``*``).

    A whole number is its key. Otherwise the runs are cut as ``text_words`` cuts them,
    except the last run of 汉字 of the whole query, which loses its single last character
    (or, alone, becomes a prefix 「汛*」) as in Plone's splitter.
    """
    plain = text.strip(_GLOB + '"')
    if looks_like_number(plain):
        return [number_key(plain)]
    normalized = unicodedata.normalize("NFKC", text)
    runs = [
        found.group()
        for word in rxGlob_U.findall(normalized)
        for found in pattern_g.finditer(word)
        if found.group() not in _GLOB
    ]
    words = []
    for index, run in enumerate(runs):
        if not rx_all.match(run[0]):
            words.append(run)
        elif index < len(runs) - 1:
            words.extend(bigram(run, 0))
        elif len(run) == 1:
            words.append(run + "*")
        else:
            words.extend(bigram(run, 1))
    return words


class GongwenSplitter(Splitter):
    """Plone's CJK splitter with the query cut like the text and numbers as words."""

    def process(self, lst):
        """Indexing: the words of every text in ``lst``."""
        return [word for text in lst for word in text_words(_text(text))]

    def processGlob(self, lst):
        """Searching (once per query word): the words of every query word in ``lst``."""
        return [word for text in lst for word in query_words(_text(text))]

    # process_post_glob (Plone's, inherited): drops * and ?, keeps the words whole.


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


with contextlib.suppress(ValueError):  # already registered (module reloaded)
    element_factory.registerFactory(SPLITTER_GROUP, SPLITTER_NAME, GongwenSplitter)


def use_gongwen_splitter(catalog):
    """Make ``GongwenSplitter`` the splitter of the catalog's ``plone_lexicon``; True if it
    was not. The lexicon keeps its words (bigrams are cut as before); the caller reindexes
    ``LEXICON_INDEXES`` so the texts gain their number keys."""
    lexicon = getattr(catalog, LEXICON, None)
    if lexicon is None:
        return False
    pipeline = tuple(lexicon._pipeline)
    if any(isinstance(element, GongwenSplitter) for element in pipeline):
        return False
    splitter = element_factory.instantiate(SPLITTER_GROUP, SPLITTER_NAME)
    lexicon._pipeline = tuple(
        splitter if isinstance(element, Splitter) else element for element in pipeline
    )
    return True


def use_plone_splitter(catalog):
    """Put Plone's own splitter back into ``plone_lexicon`` (uninstall); True if it was not."""
    lexicon = getattr(catalog, LEXICON, None)
    if lexicon is None:
        return False
    pipeline = tuple(lexicon._pipeline)
    if not any(isinstance(element, GongwenSplitter) for element in pipeline):
        return False
    lexicon._pipeline = tuple(
        Splitter() if isinstance(element, GongwenSplitter) else element for element in pipeline
    )
    return True


def _reindex(catalog):
    indexes = [name for name in LEXICON_INDEXES if name in catalog.indexes()]
    if indexes:
        catalog.manage_reindexIndex(ids=indexes)


def install_splitter(catalog):
    """``use_gongwen_splitter`` and, if it changed the lexicon, reindex ``LEXICON_INDEXES``
    (every catalogued object is read: for install, and the upgrade of a site)."""
    if not use_gongwen_splitter(catalog):
        return False
    _reindex(catalog)
    return True


def uninstall_splitter(catalog):
    """``use_plone_splitter`` and, if it changed the lexicon, reindex ``LEXICON_INDEXES``."""
    if not use_plone_splitter(catalog):
        return False
    _reindex(catalog)
    return True
