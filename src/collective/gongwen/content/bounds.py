"""R-SEC5 bounds: how long, how many and how large any value a person types may be.

Plain Python, no Zope. This module owns the limits (``FIELD_BOUNDS`` per
field name, the defaults per kind of field, the configurable ones' defaults)
and the checks: each ``*_problem`` function takes a value, its limit and the
label people know the field by, and returns a ``rules.Problem`` — the Chinese
message naming the limit, e.g. 「标题不能超过 200 字（现为 1,000,000 字）。」 —
or None. Characters are counted, not bytes; a rich-text body is measured
as its text, with a generous cap on its HTML besides.

Every path uses these functions: the field constraints of our schemas and of
公文设置 (``content/bounding.py``, so z3c.form and plone.restapi), the 办理
opinions and reasons (``routing``, ``incoming``, ``exchange``), the
``@workflow`` comment and the exchange package's metadata.
"""

import datetime
import html
import math
import re
from dataclasses import dataclass

from collective.gongwen.content.rules import Problem

_ = Problem

# GB/T 9704-2012 5.2.2: 22 lines of 28 characters on a page.
CHARS_PER_PAGE = 22 * 28
# The raw HTML of a body may be this many times its text limit (tables, styles).
HTML_FACTOR = 32
# The smallest HTML cap, whatever the text limit: short bodies may carry tables.
MIN_HTML_CHARS = 256 * 1024

# 公文设置 defaults (org/settings.py): the limits bureaus may differ on.
DEFAULT_TITLE_MAX = 200
DEFAULT_OPINION_MAX = 3000
DEFAULT_BODY_MAX_PAGES = 100

# Free-typed dates: from the founding of the PRC to 2100.
FIRST_YEAR = 1949
LAST_YEAR = 2100


@dataclass(frozen=True)
class Text:
    """A text of at most ``max_chars`` characters; ``setting`` names a 公文设置 record."""

    max_chars: int
    setting: str = ""


@dataclass(frozen=True)
class Code(Text):
    """A code of letters and digits only (全宗号, 机构(问题)代码), at most ``max_chars``."""


@dataclass(frozen=True)
class Items:
    """A list of at most ``max_items`` entries, each at most ``item_max_chars`` characters."""

    max_items: int
    item_max_chars: int = 200


@dataclass(frozen=True)
class Number:
    """An integer from ``minimum`` to ``maximum``."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class Body:
    """A rich-text body of at most ``body_max_pages`` (公文设置) pages of text."""


@dataclass(frozen=True)
class Year:
    """A date whose year lies from ``FIRST_YEAR`` to ``LAST_YEAR``."""


TITLE = Text(DEFAULT_TITLE_MAX, setting="title_max_chars")
OPINION = Text(DEFAULT_OPINION_MAX, setting="opinion_max_chars")
ORGAN = Text(100)  # 机关、单位、部门、人的名称
PHRASES = Items(30, 100)  # 常用意见: a person's own, a unit's (steps/phrases.py)
CODE = Text(50)  # 字号、代字、期限……
SUMMARY = Text(2000)  # 摘要、附注
# A comment the system composes may put an organ's name and 「：」 before a reason.
COMPOSED_PREFIX_MAX = ORGAN.max_chars + 1

# The bounds of the fields of our types and of 公文设置, by field name.
FIELD_BOUNDS = {
    # 发文、收文、附件、通知公告、工作动态、单位、部门
    "title": TITLE,
    "description": SUMMARY,
    "remarks": SUMMARY,
    "text": Body(),
    "main_recipients": Items(100, ORGAN.max_chars),
    "cc_recipients": Items(100, ORGAN.max_chars),
    "attachment_note": Items(100, DEFAULT_TITLE_MAX),
    "attendees": Items(200, ORGAN.max_chars),
    "absent": Items(200, ORGAN.max_chars),
    "observers": Items(200, ORGAN.max_chars),
    "reading_leaders": Items(50, ORGAN.max_chars),
    "handling_departments": Items(50, ORGAN.max_chars),
    "copy_number": Text(10),
    "secrecy_period": Text(20),
    "agency_code": Text(20),
    "source_number": CODE,
    "receipt_number": CODE,
    "issue_number": CODE,
    # 全宗号 and 机构(问题)代码 go into the 档号 (DA/T 22-2015): letters and digits only
    "fonds_number": Code(20),
    "organ_code": Code(20),
    "signer_title": Text(50),
    "signer": ORGAN,
    "drafter": ORGAN,
    "source_organ": ORGAN,
    "signing_organ": ORGAN,
    "printing_organ": ORGAN,
    "issuer_mark": ORGAN,
    "proposal": OPINION,
    "changeNote": Text(500),
    "remind_note": Text(500),  # 催办说明
    "common_opinions": PHRASES,  # 单位常用意见
    "copies": Number(1, 9999),
    "seal_diameter": Number(30, 50),
    "step_days_normal": Number(0, 60),
    "step_days_urgent": Number(0, 60),
    "step_days_very_urgent": Number(0, 60),
    # 公文设置
    "upload_max_mb": Number(1, 2048),
    "news_stale_days": Number(1, 3650),
    "email_reminder_hour": Number(0, 23),
    "title_max_chars": Number(20, 1000),
    "opinion_max_chars": Number(200, 50000),
    "body_max_pages": Number(1, 1000),
    "font_body": ORGAN,
    "font_title": ORGAN,
    "font_fangsong": ORGAN,
    "font_kaiti": ORGAN,
}

# A field not named above is bounded by its kind.
DEFAULT_TEXT_LINE = Text(200)
DEFAULT_TEXT = Text(5000)
DEFAULT_ITEMS = Items(100, 200)
DEFAULT_NUMBER = Number(0, 1_000_000)
YEAR = Year()


def count(number):
    """``number`` as people read it: ``1,000,000``; astronomically large ones as 约 10^N."""
    number = int(number)
    if abs(number) >= 10**15:
        # log10, not str(): Python refuses to print ints over 4,300 digits
        exponent = int(math.log10(abs(number)) + 1e-9)
        return f"{'-' if number < 0 else ''}约 10^{exponent}"
    return f"{number:,}"


def text_length(value):
    """Characters (code points) of ``value``; None counts 0."""
    return len(value or "")


def text_problem(value, max_chars, label):
    """「${field}不能超过 N 字（现为 M 字）。」 when ``value`` is longer than ``max_chars``."""
    length = text_length(value)
    if length <= max_chars:
        return None
    return _(
        "bound_text_too_long",
        default="${field}不能超过 ${limit} 字（现为 ${count} 字）。",
        mapping={"field": label, "limit": count(max_chars), "count": count(length)},
    )


def items_problem(values, max_items, item_max_chars, label):
    """Too many entries, or the first entry that is too long, as a Problem; else None."""
    values = list(values or ())
    if len(values) > max_items:
        return _(
            "bound_too_many_items",
            default="${field}不能超过 ${limit} 项（现为 ${count} 项）。",
            mapping={"field": label, "limit": count(max_items), "count": count(len(values))},
        )
    for index, value in enumerate(values, start=1):
        length = text_length(value if isinstance(value, str) else str(value))
        if length > item_max_chars:
            return _(
                "bound_item_too_long",
                default="${field}第 ${index} 项不能超过 ${limit} 字（现为 ${count} 字）。",
                mapping={
                    "field": label,
                    "index": str(index),
                    "limit": count(item_max_chars),
                    "count": count(length),
                },
            )
    return None


def number_problem(value, minimum, maximum, label):
    """「${field}应在 A 至 B 之间（现为 V）。」 for an integer out of range; else None."""
    if value is None or isinstance(value, bool) or minimum <= value <= maximum:
        return None
    return _(
        "bound_number_out_of_range",
        default="${field}应在 ${min} 至 ${max} 之间（现为 ${value}）。",
        mapping={
            "field": label,
            "min": count(minimum),
            "max": count(maximum),
            "value": count(value),
        },
    )


def year_problem(value, label, first_year=FIRST_YEAR, last_year=LAST_YEAR):
    """A date (or datetime) outside ``first_year``–``last_year`` as a Problem; else None."""
    if not isinstance(value, datetime.date) or first_year <= value.year <= last_year:
        return None
    return _(
        "bound_year_out_of_range",
        default="${field}的年份应在 ${first} 至 ${last} 之间（现为 ${year} 年）。",
        mapping={
            "field": label,
            "first": str(first_year),
            "last": str(last_year),
            "year": str(value.year),
        },
    )


_CODE = re.compile(r"^[0-9A-Za-z]*$")


def code_problem(value, max_chars, label):
    """A code longer than ``max_chars`` or with other characters than letters and digits."""
    problem = text_problem(value, max_chars, label)
    if problem is not None or _CODE.match(value or ""):
        return problem
    return _(
        "bound_code_characters",
        default="${field}只能由英文字母和数字组成（现为「${value}」）。",
        mapping={"field": label, "value": value[:max_chars]},
    )


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def body_text(raw_html):
    """The text people read in an HTML body: no tags, entities decoded, no whitespace."""
    return _SPACE.sub("", html.unescape(_TAG.sub("", raw_html or "")))


def body_max_chars(max_pages):
    """The characters ``max_pages`` typeset pages hold (GB/T 9704: 22 × 28 a page)."""
    return max_pages * CHARS_PER_PAGE


def body_max_html(max_pages):
    """The cap on a body's raw HTML: generous, so markup bloat cannot bypass the text limit."""
    return max(MIN_HTML_CHARS, body_max_chars(max_pages) * HTML_FACTOR)


def body_problem(raw_html, max_pages, label):
    """A body over ``max_pages`` pages of text, or with bloated HTML, as a Problem; else None."""
    raw = raw_html or ""
    html_limit = body_max_html(max_pages)
    if len(raw) > html_limit:
        return _(
            "bound_body_html_too_long",
            default="${field}的 HTML 代码不能超过 ${limit} 个字符（现为 ${count} 个），"
            "请删去多余的格式后再保存。",
            mapping={"field": label, "limit": count(html_limit), "count": count(len(raw))},
        )
    length = len(body_text(raw))
    limit = body_max_chars(max_pages)
    if length <= limit:
        return None
    return _(
        "bound_body_too_long",
        default="${field}不能超过 ${limit} 字（约 ${pages} 页）（现为 ${count} 字）。",
        mapping={
            "field": label,
            "limit": count(limit),
            "pages": count(max_pages),
            "count": count(length),
        },
    )


@dataclass(frozen=True)
class Limits:
    """The configurable limits in force (公文设置); the defaults when not configured."""

    title_max_chars: int = DEFAULT_TITLE_MAX
    opinion_max_chars: int = DEFAULT_OPINION_MAX
    body_max_pages: int = DEFAULT_BODY_MAX_PAGES

    def chars(self, bound):
        """The character limit of the ``Text`` bound ``bound`` under these limits."""
        return getattr(self, bound.setting, bound.max_chars) if bound.setting else bound.max_chars


DEFAULT_LIMITS = Limits()


def bound_problem(bound, value, label, limits=DEFAULT_LIMITS):
    """The problem of ``value`` against ``bound`` (a Code, Text, Items, Number, Body or Year)."""
    if isinstance(bound, Code):
        return code_problem(value if isinstance(value, str) else "", bound.max_chars, label)
    if isinstance(bound, Text):
        return text_problem(value if isinstance(value, str) else "", limits.chars(bound), label)
    if isinstance(bound, Items):
        return items_problem(value, bound.max_items, bound.item_max_chars, label)
    if isinstance(bound, Number):
        return number_problem(value, bound.minimum, bound.maximum, label)
    if isinstance(bound, Body):
        return body_problem(value, limits.body_max_pages, label)
    if isinstance(bound, Year):
        return year_problem(value, label)
    raise TypeError(f"not a bound: {bound!r}")


def opinion_problem(text, limits=DEFAULT_LIMITS, label="意见"):
    """An opinion, reason or note longer than 公文设置's opinion limit, as a Problem; else None."""
    return text_problem(text, limits.opinion_max_chars, label)
