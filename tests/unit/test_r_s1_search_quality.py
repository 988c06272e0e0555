"""R-S1: the segmentation measurement behind the lexicon's splitter (bench/search_quality.py):
50 judged queries over the fixed corpus, and the bigrams kept because they find more."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "search_quality.py"


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("search_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_r_s1_corpus_has_50_judged_queries(quality):
    documents, queries = quality.load()
    ids = {document["id"] for document in documents}
    assert len(queries) == 50
    assert len({one["query"] for one in queries}) == 50
    for one in queries:
        assert one["relevant"] and set(one["relevant"]) <= ids, one["query"]


def test_r_s1_bigrams_find_more_than_jieba_words(quality):
    documents, queries = quality.load()
    results = {method: quality.measure(method, documents, queries) for method in quality.METHODS}
    gongwen, jieba, plone = results["gongwen"], results["jieba"], results["plone"]
    assert gongwen["recall"] > jieba["recall"]
    assert gongwen["recall"] >= plone["recall"]
    assert gongwen["precision"] >= plone["precision"]
    # what bigrams pay for it: words inside other words (「河务局长垣段」 for 「局长」)
    assert ("局长", [], ["d23"]) in gongwen["wrong"]
