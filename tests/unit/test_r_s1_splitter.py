"""R-S1: the lexicon's splitter (``search.splitter``) on a ZCTextIndex of its own, queried as
Plone's search box queries (``munge_search_term``): numbers typed with any brackets find their
document, and Chinese text is still found by bigrams. Plone's own splitter, beside it, shows
why 「长河〔2026〕4号」 found nothing before."""

import pytest
from plone.base.utils import munge_search_term
from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer
from Products.CMFPlone.UnicodeSplitter.splitter import Splitter
from Products.ZCTextIndex.Lexicon import Lexicon
from Products.ZCTextIndex.OkapiIndex import OkapiIndex
from Products.ZCTextIndex.QueryParser import QueryParser

from collective.gongwen.search.splitter import GongwenSplitter
from collective.gongwen.search.splitter import query_words
from collective.gongwen.search.splitter import text_words

TEXTS = {
    1: "长河〔2026〕4号 关于做好汛前检查的通知 请各部门认真做好防汛抗旱工作。",
    2: "长河收〔2026〕7号 关于转发防汛工作要求的通知 新乡河务局 新河〔2026〕12号",
    3: "长河〔2026〕14号 关于堤防工程维修的报告 根据长河〔2025〕3号文件精神。",
}


def searcher(splitter):
    lexicon = Lexicon(splitter, I18NNormalizer())
    index = OkapiIndex(lexicon)
    for docid, text in TEXTS.items():
        index.index_doc(docid, text)
    parser = QueryParser(lexicon)

    def search(text):
        found = parser.parseQuery(munge_search_term(text)).executeQuery(index)
        return sorted(found.keys()) if found is not None else []

    return search


@pytest.fixture(scope="module")
def search():
    return searcher(GongwenSplitter())


@pytest.mark.parametrize(
    "text, expected",
    (
        ("长河〔2026〕4号", [1]),
        ("长河[2026]4号", [1]),
        ("长河【2026】第4号", [1]),
        ("长河（2026）004号", [1]),
        ("长河2026 4号", [1]),
        ('"长河〔2026〕4号"', [1]),
        ("长河收〔2026〕7号", [2]),
        ("长河收[2026]7号", [2]),
        ("新河[2026]12号", [2]),
        ("长河〔2026〕14号", [3]),
        ("长河[2025]3号", [3]),  # mentioned in the text
        ("长河〔2026〕9号", []),
    ),
)
def test_r_s1_numbers_are_found_however_bracketed(search, text, expected):
    assert search(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    (
        ("汛前检查", [1]),
        ("防汛", [1, 2]),
        ("防汛抗旱", [1]),
        ("汛", [1, 2]),  # one character: a prefix of the bigrams
        ("堤防 维修", [3]),
        ("新乡河务局", [2]),
        ("河务局新乡", []),
    ),
)
def test_r_s1_chinese_text_is_found_by_bigrams(search, text, expected):
    assert search(text) == expected


def test_r_s1_plone_splitter_misses_bracketed_numbers():
    """Before: the query's 「长河」 lost its last character, the text's had it."""
    plone = searcher(Splitter())
    assert plone("长河〔2026〕4号") == []
    assert plone("长河[2026]4号") == []
    assert plone("长河2026 4号") == [1]


def test_r_s1_query_is_cut_like_the_text():
    assert text_words("长河〔2026〕4号")[:5] == ["长河", "河", "2026", "4", "号"]
    assert "长河/2026/4" in text_words("长河〔2026〕4号")
    assert query_words("长河〔2026〕4号*") == ["长河/2026/4"]
    assert query_words("关于长河〔2026〕*") == ["关于", "于长", "长河", "河", "2026"]
    assert query_words("防汛检查*") == ["防汛", "汛检", "检查"]
    assert query_words("汛*") == ["汛*"]
