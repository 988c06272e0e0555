"""The viewer's search box (``dv-search.json``), made to find Chinese.

collective.documentviewer answers the search box from a repoze.catalog text
index whose lexicon splits on whitespace: a line of Chinese is one "word", so
a phrase inside it is never found, and OCR output that puts a space between
Chinese characters (some tesseract versions and settings do) turns every
character into a word. This view searches the page texts the viewer stored
(``viewer.text``) instead, with ``search_key`` making both sides comparable,
line breaks inside a phrase included. The answer keeps DV's shape
``{"results": [pages], "query": ...}`` so the viewer's JavaScript uses it
unchanged.
"""

import json
import re
import unicodedata
from html import escape

from Products.Five.browser import BrowserView

from collective.gongwen.viewer.text import viewer_page_texts

# Scripts written without spaces between words: CJK punctuation, kana,
# bopomofo, ideographs (with extension A and compatibility forms) and the
# full-width forms NFKC leaves alone.
UNSPACED = (
    "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
SPACE_BY_UNSPACED = re.compile(rf"\s+(?=[{UNSPACED}])|(?<=[{UNSPACED}])\s+")
SPACES = re.compile(r"\s+")


def search_key(text):
    """``text`` as the search compares it.

    NFKC folds full-width Latin and digits (ＧＢ２０２４ is GB2024), casefold
    ignores Latin case, whitespace next to a Chinese character is dropped (OCR
    spaces, line breaks inside a phrase) and any other run of whitespace is one
    space, because it still separates Latin words.
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return SPACES.sub(" ", SPACE_BY_UNSPACED.sub("", text)).strip()


def matching_pages(page_texts, query):
    """Page numbers (from 1) of the texts in ``page_texts`` that contain ``query``."""
    key = search_key(query)
    if not key:
        return []
    return [number for number, text in enumerate(page_texts, 1) if key in search_key(text)]


class ViewerSearch(BrowserView):
    """``dv-search.json`` for files on sites with collective.gongwen."""

    def __call__(self):
        query = self.request.form.get("q")
        if not isinstance(query, str):
            query = None
        results = matching_pages(viewer_page_texts(self.context), query) if query else []
        self.request.response.setHeader("Content-Type", "application/json")
        # The query goes back HTML-escaped, as DV's view sends it.
        return json.dumps({"results": results, "query": escape(query) if query else None})
