"""The written form of 文号 (发文字号) and 收文编号, in plain Python (R-O8, R-I1).

No Zope import here (only the message factory): these functions take and
return strings and integers.

* 文号 (GB/T 9704-2012 7.2.4): 机关代字〔年份〕序号号 — 「长河〔2026〕7号」.
  The year is bracketed with 六角括号 〔〕; the number has no 第 and no
  leading zeros.
* 收文编号: 机关代字收〔年份〕序号号 — 「长河收〔2026〕15号」. We put the
  receiving unit's 机关代字 in front so that a 收文编号 is unique on the
  whole portal (several units share one catalog and one search box) and says
  which unit registered the document when it is printed on a 收文处理笺; the
  「收」 tells it apart from the unit's own 文号 at a glance. The series
  behind it is one per unit and year (``series``), not per 代字.

Errors are ``NumberingError``: a ``ValueError`` whose text is the Chinese
message and which carries the translatable message (``.message``).
"""

import re
from string import Template

from collective.gongwen import _
from collective.gongwen.content import times

ISSUE = "issue"  # 文号 (发文字号)
RECEIPT = "receipt"  # 收文编号
KINDS = (ISSUE, RECEIPT)
# 件号 of archived items (DA/T 22-2015): one series per 归档 group; the archive formats the
# 档号 it goes into (``series.take_item_number``), so it is not among the ``KINDS`` above.
ITEM = "item"

RECEIPT_MARK = "收"
MIN_YEAR = 1949
MAX_YEAR = 2999
CODE_MAX_LENGTH = 20  # the unit schema's max_length for 机关代字

# Characters that would make a 文号 unreadable or unparseable if they were in
# a 代字: the year's brackets (and their look-alikes), whitespace, digits.
_FORBIDDEN_IN_CODE = re.compile(r"[〔〕\[\]【】（）()［］\s0-9０-９]")
_NUMBER = r"([1-9][0-9]*)"
_YEAR = r"([0-9]{4})"
_ISSUE_PATTERN = re.compile(rf"^(.+?)〔{_YEAR}〕{_NUMBER}号$")
_RECEIPT_PATTERN = re.compile(rf"^(.+?){RECEIPT_MARK}〔{_YEAR}〕{_NUMBER}号$")


class NumberingError(ValueError):
    """A number cannot be formatted, issued or voided (Chinese message)."""

    def __init__(self, message):
        self.message = message
        self.msgid = str(message)
        self.mapping = dict(message.mapping or {})
        super().__init__(Template(message.default).safe_substitute(self.mapping))


def check_agency_code(code):
    """Return the stripped 机关代字 ``code``, or raise ``NumberingError``.

    A 代字 is 1–20 characters without brackets, whitespace or digits, and
    does not end with 「收」 (that would read as a 收文编号).
    """
    code = (code or "").strip()
    if not code:
        raise NumberingError(
            _(
                "error_numbering_no_agency_code",
                default="本单位尚未设置机关代字，无法编号。请先在单位设置中填写机关代字。",
            )
        )
    if (
        len(code) > CODE_MAX_LENGTH
        or _FORBIDDEN_IN_CODE.search(code)
        or code.endswith(RECEIPT_MARK)
    ):
        raise NumberingError(
            _(
                "error_numbering_bad_agency_code",
                default="机关代字「${code}」不能用于编号：代字不超过20个字，不含括号、空格或数字，且不以「收」结尾。",
                mapping={"code": code},
            )
        )
    return code


def check_year(year):
    """Return ``year`` if it is a plausible four-digit year, else raise ``NumberingError``."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise NumberingError(
            _(
                "error_numbering_bad_year",
                default="年份「${year}」不是有效的年份。",
                mapping={"year": str(year)},
            )
        )
    return year


def check_sequence(n):
    """Return ``n`` if it is a positive integer (a 序号), else raise ``NumberingError``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise NumberingError(
            _(
                "error_numbering_bad_sequence",
                default="序号「${n}」不是正整数。",
                mapping={"n": str(n)},
            )
        )
    return n


def format_issue_number(agency_code, year, n):
    """The 文号 「长河〔2026〕7号」 for 代字 ``agency_code``, ``year`` and 序号 ``n``."""
    code = check_agency_code(agency_code)
    return f"{code}〔{check_year(year)}〕{check_sequence(n)}号"


def format_receipt_number(agency_code, year, n):
    """The 收文编号 「长河收〔2026〕15号」 of the unit with 代字 ``agency_code``."""
    code = check_agency_code(agency_code)
    return f"{code}{RECEIPT_MARK}〔{check_year(year)}〕{check_sequence(n)}号"


def _parse(pattern, text):
    match = pattern.match((text or "").strip()) if isinstance(text, str) else None
    if match is None:
        return None
    code, year, n = match.group(1), int(match.group(2)), int(match.group(3))
    try:
        check_agency_code(code)
        check_year(year)
    except NumberingError:
        return None
    return code, year, n


def parse_issue_number(text):
    """``(代字, year, n)`` of a canonical 文号 such as 「长河〔2026〕7号」, else None.

    Strict: 〔〕 only, no 第, no leading zeros — exactly what
    ``format_issue_number`` writes, so parse and format round-trip. A
    收文编号 is not a 文号 (its 代字 would end with 「收」) and gives None.
    """
    return _parse(_ISSUE_PATTERN, text)


def parse_receipt_number(text):
    """``(代字, year, n)`` of a canonical 收文编号 such as 「长河收〔2026〕15号」, else None."""
    return _parse(_RECEIPT_PATTERN, text)


def parse_number(text):
    """``(kind, 代字, year, n)`` of a 文号 or 收文编号, else None."""
    parsed = parse_receipt_number(text)
    if parsed is not None:
        return (RECEIPT, *parsed)
    parsed = parse_issue_number(text)
    if parsed is not None:
        return (ISSUE, *parsed)
    return None


def format_number(kind, agency_code, year, n):
    """The 文号 (``kind`` ``"issue"``) or 收文编号 (``"receipt"``) for these parts."""
    if kind == ISSUE:
        return format_issue_number(agency_code, year, n)
    if kind == RECEIPT:
        return format_receipt_number(agency_code, year, n)
    raise ValueError(f"unknown numbering kind {kind!r}")


def now():
    """The current time in the portal's zone (timezone-aware, R-RUN2)."""
    return times.now()


def numbering_year(moment=None):
    """The year (in the portal's zone) of a number taken at ``moment`` (aware; default now).

    The bureau's calendar: a number taken at 00:30 on 1 January Beijing time
    belongs to the new year even though it is still 31 December in UTC.
    """
    moment = moment or now()
    if moment.tzinfo is None:
        raise ValueError("numbering_year needs a timezone-aware datetime")
    return moment.astimezone(times.zone()).year
