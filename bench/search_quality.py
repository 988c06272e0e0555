"""Chinese segmentation measured (R-S1): recall and precision of three ways to cut the text.

    .venv/bin/python bench/search_quality.py [--verbose]

The corpus (``bench/search_corpus/documents.json``: 55 official texts of a 河务局, title,
body and attachment text) and the 50 queries with the documents judged relevant to each
(``queries.json``, judged by meaning, not by the words: 「局长」 is not relevant to
「新乡河务局长垣段……」, 「水利」 not to 「淡水利用」) are fixed. Each method is a real
ZCTextIndex (lexicon + Okapi index, as ``portal_catalog``'s SearchableText) fed the same
texts; each query goes through Plone's search-box munging (``munge_search_term``: every
word a prefix, AND):

* ``plone``: Plone's 「Unicode Whitespace splitter」 (CJK bigrams), as the site had it;
* ``gongwen``: ``search.splitter.GongwenSplitter`` (the same bigrams, the query cut like
  the text, numbers as words), what the site uses now;
* ``jieba``: jieba 0.42.1 words (``cut_for_search`` for the text, ``cut`` for the query,
  each query word a prefix), the usual alternative.

Prints, per method, the mean recall and precision over the queries (a query that finds
nothing has precision 0), the F1 of the means, and the queries each gets wrong.
"""

import argparse
import json
import re
import sys
import time
from pathlib import Path

from plone.base.utils import munge_search_term
from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer
from Products.CMFPlone.UnicodeSplitter.splitter import Splitter
from Products.ZCTextIndex.Lexicon import Lexicon
from Products.ZCTextIndex.OkapiIndex import OkapiIndex
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.QueryParser import QueryParser

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src")]

from collective.gongwen.search.splitter import GongwenSplitter  # noqa: E402

CORPUS = HERE / "search_corpus"
_WORD = re.compile(r"\w")


class JiebaSplitter:
    """jieba's words: ``cut_for_search`` (words and their dictionary sub-words) for the
    text; a query word is cut with ``cut`` and each piece searched as a prefix."""

    def __init__(self):
        import jieba

        jieba.setLogLevel(60)
        self.jieba = jieba

    def _words(self, texts, cut):
        return [word for text in texts for word in cut(text) if _WORD.search(word)]

    def process(self, lst):
        return self._words(lst, self.jieba.cut_for_search)

    def processGlob(self, lst):
        words = self._words([text.strip("*?") for text in lst], self.jieba.cut)
        return [f"{word}*" for word in words]

    def process_post_glob(self, lst):
        return [text.replace("*", "").replace("?", "") for text in lst]


METHODS = {
    "plone": Splitter,
    "gongwen": GongwenSplitter,
    "jieba": JiebaSplitter,
}


def load():
    documents = json.loads((CORPUS / "documents.json").read_text("utf-8"))
    queries = json.loads((CORPUS / "queries.json").read_text("utf-8"))
    return documents, queries


def document_text(document):
    return " ".join(document[key] for key in ("title", "body", "attachment") if document[key])


def build(splitter, documents):
    """A ZCTextIndex of ``documents`` cut by ``splitter``; (index, parser, docid → id)."""
    lexicon = Lexicon(splitter, I18NNormalizer())
    index = OkapiIndex(lexicon)
    ids = {}
    for docid, document in enumerate(documents, 1):
        index.index_doc(docid, document_text(document))
        ids[docid] = document["id"]
    return index, QueryParser(lexicon), ids


def search(index, parser, ids, query):
    """The ids the search box's query ``query`` finds."""
    try:
        found = parser.parseQuery(munge_search_term(query)).executeQuery(index)
    except ParseError:
        return set()
    return {ids[docid] for docid in (found.keys() if found is not None else ())}


def measure(method, documents, queries):
    """Mean recall, mean precision and the misjudged queries of ``method``."""
    started = time.perf_counter()
    index, parser, ids = build(METHODS[method](), documents)
    built = time.perf_counter() - started
    recalls, precisions, wrong = [], [], []
    for one in queries:
        relevant = set(one["relevant"])
        found = search(index, parser, ids, one["query"])
        hits = found & relevant
        recalls.append(len(hits) / len(relevant))
        precisions.append(len(hits) / len(found) if found else 0.0)
        if found != relevant:
            wrong.append((one["query"], sorted(relevant - found), sorted(found - relevant)))
    recall = sum(recalls) / len(recalls)
    precision = sum(precisions) / len(precisions)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {
        "recall": recall,
        "precision": precision,
        "f1": f1,
        "words": len(index._lexicon._wids),
        "build_ms": built * 1000,
        "wrong": wrong,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every misjudged query")
    args = parser.parse_args(argv)
    documents, queries = load()
    print(f"corpus: {len(documents)} documents, {len(queries)} queries")
    print(f"{'method':<8} {'recall':>7} {'precision':>9} {'F1':>6} {'words':>6} {'wrong':>5}")
    results = {method: measure(method, documents, queries) for method in METHODS}
    for method, result in results.items():
        print(
            f"{method:<8} {result['recall']:7.3f} {result['precision']:9.3f} "
            f"{result['f1']:6.3f} {result['words']:6d} {len(result['wrong']):5d}"
        )
    for method, result in results.items():
        if not args.verbose:
            break
        print(f"\n{method}: queries not answered exactly (missed | extra)")
        for query, missed, extra in result["wrong"]:
            print(f"  {query}: {' '.join(missed) or '-'} | {' '.join(extra) or '-'}")
    return results


if __name__ == "__main__":
    main()
