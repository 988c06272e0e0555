"""R-A1: the viewer's search box finds Chinese in pdftotext and OCR text (viewer/search.py)."""

import pytest

from collective.gongwen.viewer.search import matching_pages
from collective.gongwen.viewer.search import search_key

# OCR output as some tesseract versions write it: spaces between Chinese characters.
OCR_PAGE = (
    "关 于 做 好 黄 河 防 汛 工 作 的 通 知\n"
    "各 部 门 ：\n"
    "为 切 实 做 好 今 年 防 汛 工 作 ， 确 保 2024 年 安 全 度 汛"
)
# pdftotext output: a phrase broken by the end of a line.
PDF_PAGE = "为切实做好今年防汛工作，确保黄河长\n垣段安全度汛，现将有关事项通知如下。"
ENGLISH_PAGE = "Notice on Flood\nControl along the Yellow River (GB/T 9704)"


@pytest.mark.parametrize(
    "query",
    ["防汛工作", "黄河防汛", "防 汛 工 作", "各部门：", "确保2024年", "确保 2024 年"],
)
def test_r_a1_search_finds_chinese_in_ocr_text(query):
    assert matching_pages([OCR_PAGE], query) == [1]


def test_r_a1_search_finds_a_phrase_across_a_line_break():
    assert matching_pages([PDF_PAGE], "长垣段") == [1]


@pytest.mark.parametrize("query", ["flood control", "FLOOD  CONTROL", "yellow river", "gb/t 9704"])
def test_r_a1_search_ignores_latin_case_and_spacing(query):
    assert matching_pages([ENGLISH_PAGE], query) == [1]


def test_r_a1_search_keeps_latin_words_apart():
    assert matching_pages([ENGLISH_PAGE], "floodcontrol") == []


def test_r_a1_search_folds_full_width_letters_and_digits():
    assert matching_pages(["执行ＧＢ／Ｔ ９７０４标准"], "GB/T 9704") == [1]
    assert matching_pages(["确保2024年安全度汛"], "２０２４年") == [1]


def test_r_a1_search_lists_every_matching_page_in_order():
    pages = [PDF_PAGE, ENGLISH_PAGE, "", OCR_PAGE]
    assert matching_pages(pages, "防汛") == [1, 4]
    assert matching_pages(pages, "通知") == [1, 4]
    assert matching_pages(pages, "River") == [2]


@pytest.mark.parametrize("query", ["", "   ", "\n", None])
def test_r_a1_search_without_a_query_finds_nothing(query):
    assert matching_pages([OCR_PAGE], query) == []


def test_r_a1_search_misses_what_is_not_there():
    assert matching_pages([OCR_PAGE, PDF_PAGE], "抗旱") == []


def test_r_a1_search_key_drops_only_spaces_next_to_chinese():
    assert search_key("关 于\n做 好  A 区  Flood\tControl") == "关于做好a区flood control"
