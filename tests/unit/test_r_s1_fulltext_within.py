"""R-S1 at 100,000 documents: the full text searched among what the user may see only
(``search.fulltext.search_within``) finds exactly what a search of every document finds
among them, each with the same score — words, prefixes, phrases, AND, OR, NOT, rare words
(postings kept in a dict) and common ones (in a BTree), on a real Okapi index and lexicon
with the site's splitter."""

import random

import pytest
from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from plone.base.utils import munge_search_term
from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer
from Products.ZCTextIndex.Lexicon import Lexicon
from Products.ZCTextIndex.OkapiIndex import OkapiIndex
from Products.ZCTextIndex.QueryParser import QueryParser

from collective.gongwen.search.fulltext import search_within
from collective.gongwen.search.splitter import GongwenSplitter

SENTENCES = (
    "对堤防、涵闸、险工进行全面检查，发现隐患及时处理。",
    "汛期实行24小时值班和领导带班制度，值班人员不得擅离职守。",
    "已储备编织袋、铅丝网片和石料，满足防汛抢险需要。",
    "加强水利工程建设质量监督，严格执行工程验收制度。",
    "差旅费报销须附行程单和发票，住宿费按标准执行。",
    "冬季黄河封河期间，加强防凌值守和冰情观测。",
)
DOCUMENTS = 300


class TextIndex:
    """What ``search_within`` reads of a ZCTextIndex: its lexicon and inner index."""

    def __init__(self):
        self.lexicon = Lexicon(GongwenSplitter(), I18NNormalizer())
        self.index = OkapiIndex(self.lexicon)

    def getLexicon(self):
        return self.lexicon


@pytest.fixture(scope="module")
def text_index():
    rng = random.Random(18)
    made = TextIndex()
    for docid in range(1, DOCUMENTS + 1):
        text = "".join(rng.sample(SENTENCES, 3))
        if docid % 60 == 0:
            text += f"长河〔2026〕{docid}号 王庄村"  # rare: five documents
        made.index.index_doc(docid, text)
    return made


def whole_search(text_index, query):
    tree = QueryParser(text_index.getLexicon()).parseQuery(query)
    return tree.executeQuery(text_index.index)


def subsets():
    rng = random.Random(7)
    everything = list(range(1, DOCUMENTS + 1))
    return {
        "none": IISet(),
        "one": IISet([60]),
        "a tenth": IITreeSet(rng.sample(everything, DOCUMENTS // 10)),
        "half": IISet(rng.sample(everything, DOCUMENTS // 2)),
        "all": IITreeSet(everything),
    }


@pytest.mark.parametrize(
    "typed",
    (
        "堤防",
        "防汛 值班",
        '"已储备编织袋"',
        '"汛期实行24小时值班"',
        "王庄村",
        "长河〔2026〕120号",
        "堤防 -报销",
        "冰情 OR 报销",
        "没有的词",
    ),
)
@pytest.mark.parametrize("subset", sorted(subsets()))
def test_r_s1_search_within_is_the_whole_search_cut_to_the_documents(text_index, typed, subset):
    docids = subsets()[subset]
    query = munge_search_term(typed)
    whole = whole_search(text_index, query)
    within = search_within(text_index, query, docids)
    expected = {docid: score for docid, score in whole.items() if docid in docids}
    assert dict(within.items()) == expected
    if subset == "all":
        assert len(expected) == len(whole)


def test_r_s1_search_within_cuts_before_scoring(text_index):
    """Words held by many documents are scored only for the subset (idf still from all)."""
    query = munge_search_term("堤防")
    assert len(whole_search(text_index, query)) > 100
    within = search_within(text_index, query, IISet([1, 2, 3, 60]))
    assert 0 < len(within) <= 4
