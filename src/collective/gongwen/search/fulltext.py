"""The full-text index searched among given documents only, each scored as by a whole search
(R-S1, issue 18's 100,000 documents).

Plone's Okapi index scores, in Python, every document that holds a query word before the
search page keeps those the user may see: a word in a third of 100,000 documents is 33,000
scores, a phrase of five 汉字 bigrams five times that. ``search_within(index, query,
docids)`` runs the same parsed query (ZCTextIndex's parser and parse tree, its index's own
``search``, ``search_glob``, ``search_phrase`` and scoring code) over ``docids`` alone:
each word's postings are first cut to ``docids`` (BTrees, in C) while the word's weight
(idf) is still reckoned from all the documents that hold it. A document's score is thus
the one the whole search gives it, and the result is the whole search's result ∩ ``docids``.
"""

from BTrees.IIBTree import IIBucket
from BTrees.IIBTree import weightedIntersection
from Products.ZCTextIndex.QueryParser import QueryParser


class _Postings:
    """One word's postings (``{docid: weight}``) seen within ``docids``: the items of those
    documents only, the length of them all (what the word's idf is reckoned from)."""

    __slots__ = ("_length", "_within")

    def __init__(self, postings, docids):
        self._length = len(postings)
        if isinstance(postings, dict):  # a rare word's few postings (the index's DICT_CUTOFF)
            kept = [(docid, weight) for docid, weight in postings.items() if docid in docids]
            self._within = IIBucket(kept)
        else:
            self._within = weightedIntersection(postings, docids, 1, 0)[1]  # values kept

    def __len__(self):
        return self._length

    def items(self):
        return self._within.items()

    def keys(self):
        return self._within.keys()

    def values(self):
        return self._within.values()


class _WordInfo:
    """An index's ``_wordinfo`` (``{wid: postings}``) with each word's postings cut to
    ``docids``."""

    def __init__(self, wordinfo, docids):
        self._wordinfo = wordinfo
        self._docids = docids

    def __getitem__(self, wid):
        return _Postings(self._wordinfo[wid], self._docids)

    def has_key(self, wid):
        return wid in self._wordinfo

    __contains__ = has_key


class _Within:
    """A ZCTextIndex's inner index (Okapi or cosine) whose searches see ``docids`` only: its
    own search and scoring methods run on this object, which answers ``_wordinfo`` with the
    cut postings and everything else (lexicon, document lengths and words, constants) from
    the index."""

    def __init__(self, index, docids):
        self._index = index
        self._wordinfo = _WordInfo(index._wordinfo, docids)
        self._docwords = index._docwords  # read once a phrase's hit: not through __getattr__

    def __getattr__(self, name):
        return getattr(self._index, name)

    def _own(self, name):
        return getattr(type(self._index), name).__get__(self)

    def search(self, term):
        return self._own("search")(term)

    def search_glob(self, pattern):
        return self._own("search_glob")(pattern)

    def search_phrase(self, phrase):
        return self._own("search_phrase")(phrase)

    def _search_wids(self, wids):
        return self._own("_search_wids")(wids)

    def _remove_oov_wids(self, wids):
        return self._own("_remove_oov_wids")(wids)


def search_within(text_index, query, docids):
    """The scored ids (``{docid: score}``) of ``docids`` whose text matches ``query`` in the
    ZCTextIndex ``text_index`` — the index's own query syntax; None for a query of stop words
    alone (as the index answers). Raises the parser's ``ParseError``/``QueryError``."""
    tree = QueryParser(text_index.getLexicon()).parseQuery(query)
    return tree.executeQuery(_Within(text_index.index, docids))
