"""GB/T 9704-2012 (党政机关公文格式) as numbers and written forms; plain Python, no Zope.

Lengths are in millimetres unless the name says ``_pt``. The standard
measures the 版心 and the marks to the edge of the characters, i.e. to the
ideographic em box (the CJK fonts' design frame, from 0.12 em below to 0.88 em
above the baseline); ``layout`` places the text so that these edges land where
the standard says.
"""

import dataclasses
import functools
import itertools
import math
import re

from collective.gongwen.content.times import format_date  # noqa: F401 (the layouts' date)
from collective.gongwen.typeset.title_words import title_words

MM_PER_PT = 25.4 / 72

# 5.2.1 / 5.2.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
TOP_MARGIN = 37.0
LEFT_MARGIN = 28.0
TEXT_WIDTH = 156.0
TEXT_HEIGHT = 225.0
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH  # 26
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT  # 35
TEXT_BOTTOM = TOP_MARGIN + TEXT_HEIGHT  # 262

# 5.2.4: 22 lines of 28 characters of 3号 (16 pt) 仿宋 fill the 版心.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE  # ≈ 10.227 mm ≈ 28.99 pt
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # ≈ 5.571 mm

# Font sizes (号): 3号 body, 2号 title, 4号 page numbers and 版记.
BODY_SIZE_PT = 16.0
TITLE_SIZE_PT = 22.0
PAGE_NUMBER_SIZE_PT = 14.0
COLOPHON_SIZE_PT = 14.0

# 7.2: the 版头.
ISSUER_MARK_TOP = 35.0  # top edge of the 发文机关标志 below the 版心 top
ISSUER_MARK_MAX_HEIGHT = 22.0  # the mark may not be larger than 22 mm × 15 mm per character
ISSUER_MARK_MAX_WIDTH = 15.0
ISSUER_MARK_SIZE = 15.0  # default character size of the mark
ISSUE_NUMBER_BLANK_LINES = 2  # 文号 two blank lines below the mark
RULE_BELOW_ISSUE_NUMBER = 4.0  # the red rule 4 mm below the 文号
TITLE_BLANK_LINES = 2  # the title two blank lines below the red rule
RED = "#ff0000"

# 7.5: page numbers, the dash line 7 mm below the 版心, one character in.
PAGE_NUMBER_BELOW_TEXT = 7.0

# 7.4: the rules of the 版记.
COLOPHON_OUTER_RULE = 0.35
COLOPHON_INNER_RULE = 0.25

# The ideographic em box of CJK fonts: 0.88 em above, 0.12 em below the baseline.
IDEOGRAPHIC_ASCENT = 0.88


@dataclasses.dataclass(frozen=True)
class FontMetrics:
    """The line metrics (ascent, descent, in em) of the body font, as the layout engine uses them.

    They decide where a line's characters sit in its line box; the defaults
    are those of Noto Serif CJK (hhea 1.151 / 0.286).
    """

    ascent: float = 1.151
    descent: float = 0.286


@dataclasses.dataclass(frozen=True)
class Fonts:
    """CSS font-family lists (R-T3): the standard's fonts first, open CJK fonts as the fallback."""

    body: str = "FangSong, FangSong_GB2312, 'Noto Serif CJK SC', 'WenQuanYi Zen Hei'"
    title: str = "'FZXiaoBiaoSong-B05S', 'FZXiaoBiaoSong-B05', 'Noto Serif CJK SC'"
    heading: str = "SimHei, 'Noto Sans CJK SC', 'WenQuanYi Zen Hei'"
    kai: str = "KaiTi, KaiTi_GB2312, 'AR PL UKai CN', 'Noto Serif CJK SC'"
    page_number: str = "SimSun, 'Noto Serif CJK SC'"
    issuer_mark: str = "'FZXiaoBiaoSong-B05S', 'FZXiaoBiaoSong-B05', 'Noto Serif CJK SC'"
    metrics: FontMetrics = dataclasses.field(default_factory=FontMetrics)


def pt(mm):
    """Millimetres in points."""
    return mm / MM_PER_PT


def mm(points):
    """Points in millimetres."""
    return points * MM_PER_PT


def em_top_in_line(line_height, size, metrics=None):
    """Distance (mm) from the top of a line box to the top of its characters' em box.

    CSS splits the leading evenly above and below the font's ascent + descent;
    the baseline is then ``ascent`` below the top of that content area.
    ``line_height`` and ``size`` in mm.
    """
    metrics = metrics or FontMetrics()
    content = (metrics.ascent + metrics.descent) * size
    baseline = (line_height - content) / 2 + metrics.ascent * size
    return baseline - IDEOGRAPHIC_ASCENT * size


def baseline_in_line(line_height, size, metrics=None):
    """Distance (mm) from the top of a line box to its baseline."""
    return em_top_in_line(line_height, size, metrics) + IDEOGRAPHIC_ASCENT * size


def body_letter_spacing():
    """The letter spacing (mm) that makes 28 characters of 3号 fill the 156 mm line.

    16 pt is 5.644 mm, a little more than the 5.571 mm pitch: the spacing is
    slightly negative (less a hair, so that rounding never pushes the 28th
    character onto the next line).
    """
    return CHAR_PITCH - mm(BODY_SIZE_PT) - 0.005


def issuer_mark_size(mark, size=ISSUER_MARK_SIZE):
    """Character size (mm) of the 发文机关标志: ``size``, smaller if it would not fit the 版心."""
    width = text_width_chars(mark) or 1
    return min(size, ISSUER_MARK_MAX_WIDTH, TEXT_WIDTH / width)


def text_width_chars(text):
    """Width of ``text`` in full-width characters (ASCII counts half)."""
    return sum(0.5 if ord(c) < 0x80 else 1 for c in text or "")


_NUMBER_PREFIX = re.compile(r"^\s*(附件\s*[:：]?\s*)?\d+\s*[.．、,，]\s*")
_TRAILING_PUNCTUATION = re.compile(r"[\s。，、；：！？.,;:!?]+$")


def attachment_name(name):
    """An attachment name as the 附件说明 writes it: no number in front, no punctuation after."""
    name = _NUMBER_PREFIX.sub("", name or "")
    return _TRAILING_PUNCTUATION.sub("", name).strip()


def attachment_lines(names):
    """The 附件说明 (7.3.4): ``[(label, text)]``; ``附件：`` on the first item only.

    One attachment: ``附件：防汛物资清单``; several: ``附件：1. …``, ``2. …``,
    names without trailing punctuation.
    """
    clean = [attachment_name(n) for n in names or ()]
    clean = [n for n in clean if n]
    if not clean:
        return []
    if len(clean) == 1:
        return [("附件：", clean[0])]
    return [("附件：" if i == 1 else "", f"{i}. {n}") for i, n in enumerate(clean, 1)]


def secrecy_mark(classification_title, period=""):
    """密级和保密期限: ``机密★10年``, or the 密级 alone."""
    if not classification_title:
        return ""
    period = (period or "").strip()
    return f"{classification_title}★{period}" if period else classification_title


def copy_number_text(copy_number):
    """份号: six Arabic digits (``000001``) when it is a number, else as given."""
    value = (copy_number or "").strip()
    return value.zfill(6) if value.isdigit() else value


def header_marks(copy_number="", classification_title="", period="", urgency_title=""):
    """The lines top left of the 版头 (7.2.1–7.2.3): 份号, 密级和保密期限, 紧急程度.

    Only those that apply.

    Titles are the vocabulary titles; ``非密`` and ``普通`` do not print.
    """
    lines = []
    if copy_number_text(copy_number):
        lines.append(copy_number_text(copy_number))
    if classification_title and classification_title != "非密":
        lines.append(secrecy_mark(classification_title, period))
    if urgency_title and urgency_title != "普通":
        lines.append(urgency_title)
    return lines


def recipients_line(recipients):
    """主送机关: separated by 、, ending with a full-width colon."""
    names = [n.strip().rstrip("：:，,、") for n in recipients or () if n and n.strip()]
    return "、".join(names) + "：" if names else ""


def cc_line(recipients):
    """The 抄送 line of the 版记: ``抄送：A，B。``."""
    names = [n.strip().rstrip("。，,、") for n in recipients or () if n and n.strip()]
    return "抄送：" + "，".join(names) + "。" if names else ""


def default_printing_organ(unit_title):
    """印发机关 when none is given: the unit's office, 「长垣河务局办公室」."""
    title = (unit_title or "").strip()
    return f"{title}办公室" if title else ""


def page_number_text(number):
    """Page number with the dashes: ``— 1 —``."""
    return f"— {number} —"


def signature_offsets(organ, date_text):
    """Without a seal (7.3.5.2): 署名 右空二字, the date below starting two characters right.

    Returns ``(organ_right, date_left)`` in characters: the blank right of
    the 署名 and the date's start from the left of the 版心. A date longer than
    the 署名 is set 右空二字 and the 署名 moves left accordingly.
    """
    organ_w = text_width_chars(organ)
    date_w = text_width_chars(date_text)
    organ_right = 2.0
    date_left = CHARS_PER_LINE - organ_right - organ_w + 2
    if date_left + date_w > CHARS_PER_LINE - 2:
        date_left = CHARS_PER_LINE - 2 - date_w
        organ_right = CHARS_PER_LINE - date_left + 2 - organ_w
    return organ_right, date_left


# 7.3.5.1: with a seal, the 署名 and 成文日期 sit below the seal's centre and its
# top comes within one line of the text. The seal is the unit's electronic seal
# (42 mm is usual for a bureau's round seal); the pair of lines is set two blank
# lines below the text, the seal's centre this much above the pair's middle.
SEAL_DIAMETER = 42.0
SEALED_SIGNATURE_BLANK_LINES = 2
SEAL_ABOVE_PAIR_CENTRE = 3.0
SEALED_DATE_RIGHT = 4  # 成文日期 右空四字


def sealed_organ_centred(organ, date_text):
    """With a seal (7.3.5.1) the date is 右空四字 and the 署名 centred over it.

    False when the 署名 is too long for that: centred, it would pass the
    版心's right edge (it then ends on that edge).
    """
    room = SEALED_DATE_RIGHT + text_width_chars(date_text) / 2
    return text_width_chars(organ) / 2 <= room


def seal_top(diameter=SEAL_DIAMETER, line=LINE_PITCH, pair_centre=None):
    """Top of the seal below the last line of the text (mm); the standard wants it within one line.

    ``pair_centre``: the middle of the 署名 and date lines below the text's
    end (by default, two lines down plus one: the two blank lines and the
    署名's line).
    """
    if pair_centre is None:
        pair_centre = (SEALED_SIGNATURE_BLANK_LINES + 1) * line
    return pair_centre - SEAL_ABOVE_PAIR_CENTRE - diameter / 2


# 7.3.1: a title of more lines is set as a trapezoid or a diamond, the lines
# of even length, broken only between words (词意完整); 2号 gives 20 characters a line.
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH // mm(TITLE_SIZE_PT))
# What a title line may not be broken inside even between words: short quotations,
# 文号, dates, numbers and Latin words (a 《书名》 may break, between its words).
_UNBREAKABLE = re.compile(
    r"“[^”]*”|「[^」]*」|〔\d+〕\d*号?|\d+年\d*月?\d*日?|\d+[-—~～]\d+|[A-Za-z0-9.]+"
)
# Chinese line-breaking rules (禁则): no line starts with the first, none ends with the second.
NO_LINE_START = "、，。．：；！？）》」』”’〕］｝〉…—·%"
NO_LINE_END = "（《「『“‘〔［｛〈"
_CONJUNCTIONS = frozenset("和与及暨并或")
# What a break costs, against (line width − mean width)² in characters: a break
# after punctuation, a conjunction or 「的」, or before 「关于」 is free; before a
# conjunction or 「的」, or at a 《书名》's edge, nearly; between two other words
# more, inside a 《书名》 more still; inside a word only where no other break fits.
_FREE, _NEARLY_FREE, _BETWEEN_WORDS, _IN_BOOK_TITLE, _IN_WORD = 0.0, 0.5, 2.0, 3.0, 8.0


def title_lines(title, per_line=None):
    """The lines of a long title (7.3.1): fewest lines, as even as possible, broken between words.

    The words are jieba's (``title_words``); a line never ends inside a word,
    a quotation, a date, a number or a Latin word, nor breaks a 禁则, unless
    nothing else fits (a name longer than a line). Breaks are preferred before
    「关于」, after punctuation and conjunctions; the lines' lengths differ by as
    little as possible (梯形/菱形). A title that fits on one line is one line.
    ``layout`` sets these lines; the engine breaks one again only where its Latin
    letters are wider than the half character they are counted as.
    """
    title = (title or "").strip()
    per_line = per_line or TITLE_CHARS_PER_LINE
    if text_width_chars(title) <= per_line:
        return [title] if title else []
    costs = title_break_costs(title, per_line)
    count = math.ceil(text_width_chars(title) / per_line)
    while count <= len(title):
        best = _best_breaks(title, costs, count, per_line)
        if best is not None:
            return [title[a:b] for a, b in zip((0, *best), (*best, len(title)), strict=True)]
        count += 1
    return [title]


def title_break_costs(title, per_line=None):
    """Where a line of ``title`` may end, as ``{index: cost}`` (it ends before ``title[index]``)."""
    per_line = per_line or TITLE_CHARS_PER_LINE
    words = title_words(title)
    ends = list(itertools.accumulate(len(word) for word in words))
    protected = set()
    for match in _UNBREAKABLE.finditer(title):
        if text_width_chars(match.group()) <= per_line:
            protected.update(range(match.start() + 1, match.end()))
    in_book, depth = set(), 0
    for index, char in enumerate(title):
        depth += (char == "《") - (char == "》" and depth > 0)
        if depth and char != "《":
            in_book.add(index + 1)
    costs = {}
    for i, index in enumerate(ends[:-1]):
        before, after = words[i], words[i + 1]
        if index in protected or after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
            continue
        if before[-1] in "、，；：" or before in _CONJUNCTIONS or before == "的" or after == "关于":
            costs[index] = _FREE
        elif after in _CONJUNCTIONS or after == "的" or before[-1] == "》" or after[0] == "《":
            costs[index] = _NEARLY_FREE
        else:
            costs[index] = _IN_BOOK_TITLE if index in in_book else _BETWEEN_WORDS
    # Where words, quotations and 禁则 leave a stretch wider than a line (a long
    # name), the stretch has to break inside, anywhere.
    for start, end in itertools.pairwise((0, *sorted(costs), len(title))):
        if text_width_chars(title[start:end]) > per_line:
            costs.update(dict.fromkeys(range(start + 1, end), _IN_WORD))
    return costs


def _best_breaks(title, costs, count, per_line):
    """The ``count - 1`` break positions of least cost; None if none fit."""
    target = text_width_chars(title) / count
    ends = sorted(costs)

    @functools.cache
    def best_from(start, lines):
        # (cost, breaks) of setting title[start:] on ``lines`` lines, or None.
        if lines == 1:
            width = text_width_chars(title[start:])
            return None if width > per_line else ((width - target) ** 2, ())
        found = None
        for index in ends:
            if index <= start:
                continue
            width = text_width_chars(title[start:index])
            if width > per_line:
                break
            rest = best_from(index, lines - 1)
            if rest is None:
                continue
            cost = (width - target) ** 2 + costs[index] + rest[0]
            if found is None or cost < found[0]:
                found = (cost, (index, *rest[1]))
        return found

    best = best_from(0, count)
    return None if best is None else list(best[1])


# 10: the special formats, chosen by the ``format`` field of ``layout``.
FORMATS = ("document", "letter", "order", "minutes")
DOC_KIND_FORMATS = {"letter": "letter", "order": "order", "minutes": "minutes"}

# 10.1 信函格式: the mark's top edge 30 mm below the paper's top edge; a red double
# line (上粗下细) 4 mm below the mark and another (上细下粗) 20 mm above the paper's
# bottom edge, both 170 mm long and centred. The standard gives no thicknesses:
# these are the usual ones of 信函 letterheads.
LETTER_MARK_TOP = 30.0
LETTER_RULE_BELOW_MARK = 4.0
LETTER_BOTTOM_RULE_ABOVE_EDGE = 20.0
LETTER_RULE_LENGTH = 170.0
LETTER_RULE_THICK = 0.8
LETTER_RULE_THIN = 0.4
LETTER_RULE_GAP = 0.4
LETTER_MARKS_BELOW_RULE = 7 / 8  # × the 3号 character height, rule → first element's top
# …and a text line above the lower double line keeps at least the same distance
# to it: page 1 of a 信函 holds the lines that fit above that (23, not 22).
LETTER_TEXT_ABOVE_RULE = 7 / 8
# 10.2 命令(令)格式: the mark 20 mm below the 版心 top, 令号 two blank lines below
# it, the text two blank lines below the 令号; 签发人职务 + 签名章 two blank lines
# below the text 右空四字, the date one blank line below that 右空四字.
ORDER_MARK_TOP = 20.0
ORDER_TEXT_BLANK_LINES = 2
ORDER_SIGNATURE_BLANK_LINES = 2
ORDER_SIGNATURE_RIGHT = 4  # characters
ORDER_TITLE_GAP = 2  # characters between 签发人职务 and the 签名章 (name)
SIGNATURE_STAMP_LINES = 2  # height of the 签名章 image, the 职务 centred on it
# 10.3 纪要格式: the mark 35 mm below the 版心 top (as 7.2.4); 出席/请假/列席
# one blank line below the text, 左空二字.
ATTENDANCE_LABELS = (("attendees", "出席"), ("absent", "请假"), ("observers", "列席"))


def letter_first_page_lines(line=LINE_PITCH, size=None):
    """How many body lines page 1 of a 信函 holds above its lower double line (10.1)."""
    size = size if size is not None else mm(BODY_SIZE_PT)
    double = LETTER_RULE_THICK + LETTER_RULE_GAP + LETTER_RULE_THIN
    rule_top = PAGE_HEIGHT - LETTER_BOTTOM_RULE_ABOVE_EDGE - double
    lowest_bottom = rule_top - LETTER_TEXT_ABOVE_RULE * size
    return int((lowest_bottom - TOP_MARGIN - size) // line) + 1


def doc_kind_format(doc_kind):
    """The format (10) of a 文种 token: ``order`` / ``letter`` / ``minutes``, else ``document``."""
    return DOC_KIND_FORMATS.get(doc_kind or "", "document")


def organ_name(issuer_mark):
    """The 发文机关 of a 发文机关标志: the mark without its trailing 「文件」."""
    mark = (issuer_mark or "").strip()
    return mark[: -len("文件")] if mark.endswith("文件") and len(mark) > 2 else mark


def format_mark(fmt, issuer_mark):
    """The mark a format prints (10): the 机关 name (信函), + 「令」 (命令), + 「纪要」 (纪要).

    The 文件格式 keeps ``issuer_mark`` as it is; a mark already ending with the
    format's word is left alone.
    """
    name = organ_name(issuer_mark)
    if fmt == "letter":
        return name
    if fmt == "order":
        return name if name.endswith("令") else f"{name}令"
    if fmt == "minutes":
        return name if name.endswith("纪要") else f"{name}纪要"
    return (issuer_mark or "").strip()


def attendance_lines(attendees=(), absent=(), observers=()):
    """纪要 出席/请假/列席 (10.3): ``[(label, names)]``, names separated by 、, those given only."""
    lists = {"attendees": attendees, "absent": absent, "observers": observers}
    lines = []
    for key, label in ATTENDANCE_LABELS:
        names = [n.strip() for n in lists[key] or () if n and n.strip()]
        if names:
            lines.append((label, "、".join(names)))
    return lines
