"""R-S1: facet counts from the index maps and the result's ids alone (BTrees, no catalog)."""

import random

from BTrees.IIBTree import IIBucket
from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from BTrees.IOBTree import IOBTree
from BTrees.OOBTree import OOBTree

from collective.gongwen.search import facets


def field_index(values):
    """A FieldIndex's forward and reverse maps of ``{docid: value}``."""
    forward, reverse = OOBTree(), IOBTree()
    for docid, value in values.items():
        reverse[docid] = value
        forward.setdefault(value, IITreeSet()).insert(docid)
    return forward, reverse


def expected(values, docids):
    counts = {}
    for docid in docids:
        if docid in values:
            counts[values[docid]] = counts.get(values[docid], 0) + 1
    return counts


def test_r_s1_counts_both_ways_agree_with_counting_by_hand():
    rng = random.Random(18)
    values = {docid: rng.choice([2024, 2025, 2026]) for docid in range(20_000)}
    forward, reverse = field_index(values)
    big = IISet(rng.sample(range(25_000), 12_000))  # more than SMALL_RESULT: per value
    small = IISet(rng.sample(range(25_000), 500))  # walks the ids
    for docids in (big, small):
        assert facets.count_values(forward, reverse, len(forward), docids) == expected(
            values, docids
        )
    # many values: walks the ids even for a big result
    organs = {docid: f"机关{docid % 500}" for docid in range(20_000)}
    forward, reverse = field_index(organs)
    assert facets.count_values(forward, reverse, len(forward), big) == expected(organs, big)


def test_r_s1_keyword_values_and_scored_results():
    reverse = IOBTree({1: ["a", "b"], 2: ["b"], 3: ["c"]})
    forward = OOBTree({"a": IITreeSet([1]), "b": IITreeSet([1, 2]), "c": 3})
    scored = IIBucket({1: 10, 2: 5})
    assert facets.count_values(forward, reverse, 3, scored) == {"a": 1, "b": 2}
    assert facets.count_values(forward, reverse, 3, IISet()) == {}
    assert facets.count_values(forward, reverse, 3, None) == {}


def test_r_s1_walked_counts_of_keyword_sets_and_many_organs():
    """The walk over the result's ids (``_count_by_document``) counts each of a document's
    keywords (OOSet, list or tuple, as a KeywordIndex keeps them) and a field's one value."""
    from BTrees.OOBTree import OOSet

    rng = random.Random(7)
    keywords = {docid: OOSet(rng.sample("abcdef", rng.randint(1, 3))) for docid in range(3000)}
    keywords[3000] = ("a",)
    keywords[3001] = ["f", "a"]
    reverse = IOBTree(keywords)
    docids = IISet(rng.sample(range(3100), 1500))
    by_hand = {}
    for docid in docids:
        for value in keywords.get(docid, ()):
            by_hand[value] = by_hand.get(value, 0) + 1
    assert facets.count_values(OOBTree(), reverse, 6, docids) == by_hand
    organs = {docid: f"机关{docid % 300}" for docid in range(100_000)}
    forward, reverse = field_index(organs)
    everything = IITreeSet(range(100_000))
    assert facets.count_values(forward, reverse, len(forward), everything) == {
        f"机关{n}": 334 if n < 100 else 333 for n in range(300)
    }
