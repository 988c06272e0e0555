"""Highlighted snippets of a result's text (R-S1). Plain Python, no Zope.

``snippet(text, terms)`` cuts a window of a document's text around the first place a search
term occurs and returns it as HTML: everything escaped, each occurrence of a term inside
``<mark>``. Chinese is matched as typed (case-insensitive, full/half width alike); when no
term occurs as a whole — the full-text index matched its two-character pieces — the pieces
are marked instead.
"""

import html
import re
import unicodedata

WIDTH = 160  # characters of text in a snippet
BEFORE = 40  # characters shown before the first match
ELLIPSIS = "…"
OPERATORS = {"and", "or", "not"}
MAX_TERMS = 20

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SPACE = re.compile(r"\s+")


def terms_of(text):
    """The words of search ``text`` to mark: quotes, ``*`` and operators taken off, longest
    first, at most ``MAX_TERMS``."""
    words = []
    for word in (text or "").replace('"', " ").replace("*", " ").split():
        if word.lower() in OPERATORS or word in words:
            continue
        words.append(word)
    return sorted(words, key=len, reverse=True)[:MAX_TERMS]


def _pieces(term):
    """The two-character pieces of the Chinese runs of ``term`` (a one-character run itself)."""
    pieces = []
    for run in _CJK_RUN.findall(term):
        if len(run) == 1:
            pieces.append(run)
        pieces.extend(run[index : index + 2] for index in range(len(run) - 1))
    return pieces


def _folded(text):
    """``text`` compared: NFKC per character (so positions stay), case folded."""
    return "".join(
        folded if len(folded := unicodedata.normalize("NFKC", char).casefold()) == 1 else char
        for char in text
    )


def _spans(folded_text, terms):
    """Non-overlapping ``(start, end)`` of the terms in ``folded_text``, longest terms first."""
    taken = []
    for term in terms:
        needle = _folded(term)
        if not needle:
            continue
        start = folded_text.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(start < other_end and other_start < end for other_start, other_end in taken):
                taken.append((start, end))
            start = folded_text.find(needle, end)
    return sorted(taken)


def matches(text, terms):
    """The spans of ``terms`` in ``text``; of their Chinese pieces when no term occurs whole."""
    folded_text = _folded(text)
    spans = _spans(folded_text, terms)
    if not spans:
        pieces = [piece for term in terms for piece in _pieces(term)]
        spans = _spans(folded_text, sorted(set(pieces), key=len, reverse=True))
    return spans


def snippet(text, terms, width=WIDTH, matched_only=False):
    """The HTML snippet of ``text`` (whitespace collapsed) around the first match of ``terms``,
    matches in ``<mark>``; the start of the text when nothing matches (or '' if
    ``matched_only``); '' for no text."""
    text = _SPACE.sub(" ", text or "").strip()
    if not text:
        return ""
    spans = matches(text, terms)
    if not spans and matched_only:
        return ""
    first = spans[0][0] if spans else 0
    start = max(0, min(first - BEFORE, len(text) - width))
    end = min(len(text), start + width)
    parts = [ELLIPSIS] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(html.escape(text[position:span_start]))
        parts.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(html.escape(text[position:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts)
