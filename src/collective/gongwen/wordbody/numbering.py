"""Heading levels and numbering labels of a Word 正文 (R-D6): what level a paragraph is and
what label Word shows before it. Plain Python; no Zope.

Headings. A paragraph is a heading when its style (through ``basedOn``) or its own
properties give an outline level (Word's 标题 1–4 / Heading 1–4), or when its text — with its
numbering label — begins with one of the four numbers of GB/T 9704-2012 7.3.3 (「一、」,
「（一）」, 「1.」, 「（1）」) and is short (a heading line, not a paragraph that happens to
start with a number). The level is the one that number says (一、 → 1, （一） → 2, 1. → 3,
（1） → 4), else the outline level (capped at 4): in a 公文 the number, not the style, tells
the level (``heading_level_of_text``; ``Styles`` reads ``styles.xml``: outline level, list and
alignment through ``basedOn``).

Numbering labels are computed as Word does (``Numbering`` on ``numbering.xml``): the abstract
list and level of the paragraph (its own ``numPr`` or its style's), counters per list (per
``w:num`` when it overrides a start value), lower levels restarting after a higher one
(``lvlRestart``), the level text with ``%1``…``%9`` in each level's number format
(``format_number``: chineseCounting 「一」, decimal, ideographTraditional 「甲」, …; all decimal
under ``isLgl``).
"""

import re
from dataclasses import dataclass

from collective.gongwen.wordbody.package import as_int
from collective.gongwen.wordbody.package import is_on
from collective.gongwen.wordbody.package import val
from collective.gongwen.wordbody.package import w

MAX_LEVEL = 4

# GB/T 9704-2012 7.3.3: the four levels of numbers in a 公文's text.
CHINESE_NUMBER = "〇零一二三四五六七八九十百千两"
HEADING_PATTERNS = (
    (1, re.compile(rf"^[{CHINESE_NUMBER}]+、")),
    (2, re.compile(rf"^[（(][{CHINESE_NUMBER}]+[）)]")),
    (3, re.compile(r"^[0-9０-９]+[.．、](?![0-9０-９])")),
    (4, re.compile(r"^[（(][0-9０-９]+[）)]")),
)
HEADING_MAX_CHARS = 60  # longer than a heading line: a paragraph that starts with a number


def heading_level_of_text(value):
    """The GB/T 9704 heading level (1–4) the start of ``value`` says, or 0."""
    value = (value or "").lstrip(" \u3000\t")
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(value):
            return level
    return 0


class Styles:
    """Paragraph (and numbering) styles: outline level, numbering, alignment, through
    ``basedOn``."""

    def __init__(self, root):
        self.styles = {}
        self.default = None
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId")) or ""
            self.styles[style_id] = style  # numbering styles too: lists link to them
            paragraph = style.get(w("type")) in (None, "paragraph")
            if paragraph and style.get(w("default")) in ("1", "true", "on"):
                self.default = style_id

    def _chain(self, style_id):
        seen = set()
        style_id = style_id or self.default
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = val(self.styles[style_id].find(w("basedOn")))

    def outline_level(self, style_id):
        """The heading level (1–9) the style gives, or 0."""
        for style in self._chain(style_id):
            outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if outline is not None:
                value = as_int(val(outline), 9)
                return value + 1 if value < 9 else 0
            name = (val(style.find(w("name"))) or "").lower().replace(" ", "")
            match = re.fullmatch(r"(?:heading|标题)([1-9])", name) or re.fullmatch(
                r"heading([1-9])", (style.get(w("styleId")) or "").lower()
            )
            if match:
                return int(match.group(1))
        return 0

    def numbering(self, style_id):
        """(numId, ilvl) the style gives, or None."""
        for style in self._chain(style_id):
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                num_id = val(num_pr.find(w("numId")))
                return num_id, as_int(val(num_pr.find(w("ilvl"))), 0)
        return None

    def align(self, style_id):
        for style in self._chain(style_id):
            jc = style.find(f"{w('pPr')}/{w('jc')}")
            if jc is not None:
                return val(jc)
        return None


@dataclass
class Level:
    """One level of a list: number format, level text, start, restart, legal numbering."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None
    legal: bool = False


class Numbering:
    """Numbering labels, computed paragraph by paragraph as Word counts them."""

    def __init__(self, root, styles):
        self.abstract = {}
        self.nums = {}
        self.counters = {}
        self.alias = {}  # a list defined by a numbering style → the style's list
        if root is None:
            return
        links = {}
        for abstract in root.iter(w("abstractNum")):
            key = abstract.get(w("abstractNumId"))
            self.abstract[key] = {
                as_int(lvl.get(w("ilvl")), 0): self._level(lvl) for lvl in abstract.iter(w("lvl"))
            }
            link = val(abstract.find(w("numStyleLink")))
            if link:
                links[key] = link
        for num in root.iter(w("num")):
            abstract_id = val(num.find(w("abstractNumId")))
            starts = {}
            for override in num.iter(w("lvlOverride")):
                ilvl = as_int(override.get(w("ilvl")), 0)
                start = override.find(w("startOverride"))
                if start is not None:
                    starts[ilvl] = as_int(val(start), 1)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    starts.setdefault(ilvl, self._level(lvl).start)
            self.nums[num.get(w("numId"))] = (abstract_id, starts)
        # A list defined by a numbering style: its levels are those of the style's list.
        for key, link in links.items():
            found = styles.numbering(link)
            target = self.nums.get(found[0], (None, {}))[0] if found else None
            if target in self.abstract and target != key:
                self.abstract[key] = self.abstract[target]
                self.alias[key] = target

    @staticmethod
    def _level(lvl):
        restart = lvl.find(w("lvlRestart"))
        return Level(
            fmt=val(lvl.find(w("numFmt"))) or "decimal",
            text=val(lvl.find(w("lvlText"))) or "",
            start=as_int(val(lvl.find(w("start"))), 1),
            restart=as_int(val(restart), 0) if restart is not None else None,
            legal=is_on(lvl.find(w("isLgl"))),
        )

    def label(self, num_id, ilvl):
        """The label of the next paragraph of list ``num_id`` at level ``ilvl``; counts it."""
        if num_id in (None, "0") or num_id not in self.nums:
            return ""
        abstract_id, starts = self.nums[num_id]
        abstract_id = self.alias.get(abstract_id, abstract_id)
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        key = ("num", num_id) if starts else ("abstract", abstract_id)
        counters = self.counters.setdefault(key, {})

        def start_of(level):
            return starts.get(level, levels[level].start if level in levels else 1)

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [level for level in counters if level > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl + 1 <= restart):
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "none":
            return ""

        def number(match):
            referenced = int(match.group(1)) - 1
            value = counters.get(referenced, start_of(referenced))
            fmt = levels[referenced].fmt if referenced in levels else "decimal"
            if level.legal and referenced != ilvl:
                fmt = "decimal"
            return format_number(value, fmt)

        if level.fmt == "bullet":
            return level.text
        return re.sub(r"%([1-9])", number, level.text)


DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def chinese_count(value, digits=DIGITS, units="十百千万", zero="零"):
    """``value`` in Chinese counting: 一, 十, 十一, 二十, 一百零五, 一千零一."""
    if value <= 0:
        return digits[0]
    if value >= 100_000:
        return str(value)
    parts = []
    text = str(value)
    length = len(text)
    skipped = False
    for position, digit in enumerate(text):
        place = length - position - 1
        number = int(digit)
        if number == 0:
            skipped = True
            continue
        if skipped and parts:
            parts.append(zero)
        skipped = False
        unit = units[place - 1] if place else ""
        if not (number == 1 and place == 1 and position == 0 and digits is DIGITS):
            parts.append(digits[number])
        parts.append(unit)
    return "".join(parts)


def format_number(value, fmt):
    """``value`` written in the OOXML number format ``fmt`` (decimal when unknown)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return chinese_count(value)
    if fmt in ("chineseLegalSimplified",):
        return chinese_count(value, LEGAL_DIGITS, "拾佰仟万")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(DIGITS[int(digit)] for digit in str(value))
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return EARTHLY_BRANCHES[(value - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return CIRCLED[value - 1]
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return PARENTHESISED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(digit)) for digit in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(value)


def _roman(value):
    if not 0 < value < 4000:
        return str(value)
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out += numeral
            value -= number
    return out
