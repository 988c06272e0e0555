"""The one normal form of a 文号, 收文编号, 来文字号 or 档号, however it was typed (R-S1).

Plain Python, no Zope import. Every comparison of numbers goes through ``number_key``:
the search's catalog index (``search.indexers.number_keys``), its lookup
(``search.lookup.find_by_number``) and full-text splitter (``search.splitter``), and
the 登记 check that a 来文 is not registered twice (``incoming.registration``). It lives
here, below both, so that there is one normal form.

People type 「长河〔2026〕4号」 as 「长河[2026]4号」, 「长河（2026）第4号」, 「长河【２０２６】
004号」 or 「长河2026 4号」; a 档号 「118-WS·2026-D10-BGS-0007」 as 「118-ws-2026-d10-bgs-7」.
The key keeps what identifies the number and drops the rest:

* NFKC (full-width letters, digits and brackets become half-width), case folded;
* the text is cut into runs of letters (汉字 or Latin) and runs of digits; whatever
  stands between them (brackets of any kind, spaces, 「-」 「·」 …) only separates;
  letter runs that only a separator parts are one run (「长河 收」 is 「长河收」);
* 「第」 before a number and 「号」 after the last one are dropped, and so are
  leading zeros (「第004号」 is 4);
* the runs are joined with 「/」: 「长河/2026/4」, 「长河收/2026/7」, 「118/ws/2026/d/10/bgs/7」.

``looks_like_number`` says whether a query is a whole number of one of these
shapes (so the search page can look it up exactly); ``numbers_in_text`` finds the
bracketed numbers and 档号 inside running text (for the full-text index).
"""

import re
import unicodedata

MAX_LENGTH = 100  # longer text is no number
SEPARATOR = "/"

_RUNS = re.compile(r"[0-9]+|[^\W\d_]+")
_ORDINAL = "第"
_NUMBER_MARK = "号"
# What may stand between the parts of a number typed in a search box (after NFKC).
_BETWEEN = re.compile(r"^[\s\[\]()〔〕【】〈〉《》<>{}「」\-—–‐‑‒―−·・•‧.．_/\\:：,，、]*$")
# What stands before the first digit: letters (spaced or not), then separators.
_HEAD = re.compile(r"^[^\W\d_]*(\s+[^\W\d_]+)*[^\w]*[0-9]")
_YEAR = re.compile(r"^(19[4-9][0-9]|2[0-9]{3})$")
_KEY_SHAPES = (
    # 文号 / 收文编号 / 来文字号: 代字 (letters), 年份, 序号
    re.compile(r"^[^\W\d_]{1,20}/(?P<year>[0-9]{4})/[0-9]{1,6}$"),
    # 档号: 全宗号-WS·年度-保管期限代码-机构(问题)代码-件号 (codes may mix letters and digits)
    # (letter runs join across separators: 「Y-BGS」 is the one part 「ybgs」)
    re.compile(
        r"^([0-9a-z]+/){0,3}[0-9]+/ws/(?P<year>[0-9]{4})/(y[a-z]*|d/[0-9]{1,3})"
        r"(/[0-9a-z]+){0,4}/[0-9]{1,4}$"
    ),
)
# A bracketed number inside running text: 代字 (the letters before it; where it starts
# is unknown in running text), 〔年份〕, optional 第, 序号, 号.
_BRACKETED_IN_TEXT = re.compile(
    r"(?P<code>[^\W\d_]{1,20})\s*[\[(〔【〈<［（]\s*(?P<year>[0-9]{4})\s*[\])〕】〉>］）]"
    r"\s*第?\s*(?P<n>[0-9]{1,6})\s*号"
)
_ARCHIVAL_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Za-z]{1,20}\s*-\s*WS\s*[·・.•‧-]\s*[0-9]{4}\s*-\s*"
    r"(?:Y|D30|D10)\s*-\s*[0-9A-Za-z]{1,20}\s*-\s*[0-9]{1,4}(?![0-9])",
    re.IGNORECASE,
)
# How many letters before a bracketed number in running text are tried as its 代字.
MAX_CODE_IN_TEXT = 8


def normal_text(text):
    """``text`` in NFKC, case folded; '' for None."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def _runs(text):
    """The letter and digit runs of normalised ``text`` and whether a separator came before
    each: ``[(run, separated), …]``."""
    runs = []
    end = 0
    for found in _RUNS.finditer(text):
        runs.append((found.group(), found.start() > end))
        end = found.end()
    return runs


def _parts(text):
    """The parts of the key of normalised ``text`` (see the module docstring)."""
    parts = []
    for run, _separated in _runs(text):
        if parts and not run.isdigit() and not parts[-1].isdigit():
            parts[-1] += run  # letter runs parted only by a separator are one
        else:
            parts.append(run)
    cleaned = []
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if part.isdigit():
            cleaned.append(str(int(part)))
            continue
        if following.isdigit() and part.endswith(_ORDINAL):
            part = part[: -len(_ORDINAL)]  # 「第4」, 「〕第4」
        if index == len(parts) - 1 and cleaned and cleaned[-1].isdigit():
            part = part.removeprefix(_NUMBER_MARK)  # 「4号」 at the end
        if part:
            cleaned.append(part)
    return cleaned


def number_key(text):
    """The normal form of the number ``text``, e.g. 「长河/2026/4」; None if it has no letter
    or digit, or is longer than ``MAX_LENGTH``.

    Any text gets a key; whether it *is* a number is ``looks_like_number``'s question.
    """
    if not text or len(text) > MAX_LENGTH:
        return None
    parts = _parts(normal_text(text))
    return SEPARATOR.join(parts) if parts else None


def looks_like_number(text):
    """True if ``text`` is one whole 文号/收文编号/来文字号 (代字, 4-digit year, 序号) or 档号,
    however bracketed, spaced or wide — and nothing else."""
    if not text or len(text) > MAX_LENGTH:
        return False
    normal = normal_text(text).strip()
    if not _BETWEEN.match(_RUNS.sub(" ", normal)):
        return False
    # Before the first digit only the 代字 (or 全宗号): 「通知（长河〔2026〕4号）」 is no number.
    head = _HEAD.match(normal)
    if head is None:
        return False
    key = number_key(normal)
    if key is None:
        return False
    for shape in _KEY_SHAPES:
        found = shape.match(key)
        if found is not None:
            year = found.groupdict().get("year")
            return year is None or bool(_YEAR.match(year))
    return False


def numbers_in_text(text):
    """The keys of the numbers written inside running ``text`` (a set).

    A bracketed number 「……长河〔2026〕4号……」 gives one key per possible 代字 (the last
    1 to ``MAX_CODE_IN_TEXT`` letters before the bracket: 「河/2026/4」, 「长河/2026/4」, …),
    since where the 代字 starts is not marked; a 档号 gives its key.
    """
    normal = normal_text(text)
    keys = set()
    for found in _BRACKETED_IN_TEXT.finditer(normal):
        code = found["code"]
        tail = f"{SEPARATOR}{int(found['year'])}{SEPARATOR}{int(found['n'])}"
        for length in range(1, min(len(code), MAX_CODE_IN_TEXT) + 1):
            keys.add(code[-length:] + tail)
    for found in _ARCHIVAL_IN_TEXT.finditer(normal):
        key = number_key(found.group())
        if key:
            keys.add(key)
    return keys
