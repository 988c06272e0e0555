"""The written rules of 归档 (DA/T 22-2015) in plain Python: 档号, 保管期限 and expiry.

No Zope import here (only the message factory).

* 档号 (DA/T 22-2015 §8): 全宗号-门类代码·年度-保管期限代码-机构(问题)代码-件号,
  e.g. 「118-WS·2026-D10-BGS-0007」. 门类代码 is WS (文书); 保管期限代码 is Y (永久),
  D30 (定期30年) or D10 (定期10年); 件号 has four digits and is gapless within its group
  (全宗号, 年度, 保管期限, 机构(问题)).
* 保管期限 runs from 1 January of the year after the 年度 (DA/T 22-2015 §7.2): an item of
  2015 kept 定期10年 is due for appraisal (到期鉴定) on 2026-01-01. 永久 never expires.

Errors are ``ArchiveError``: a ``ValueError`` whose text is the Chinese message and which
carries the translatable message (``.message``).
"""

import datetime
import re
from string import Template

from collective.gongwen import _

CATEGORY = "WS"  # 门类代码: 文书

PERMANENT = "permanent"
YEARS_30 = "30_years"
YEARS_10 = "10_years"
# token → (保管期限代码, years kept; None = 永久), in the vocabulary's order (content.vocabularies)
RETENTIONS = {PERMANENT: ("Y", None), YEARS_30: ("D30", 30), YEARS_10: ("D10", 10)}

MIN_YEAR = 1949
MAX_YEAR = 2999
ITEM_DIGITS = 4
MAX_ITEM_NUMBER = 10**ITEM_DIGITS - 1
CODE_MAX_LENGTH = 20  # 全宗号 and 机构(问题)代码

# 全宗号 and 机构(问题)代码: letters, digits; no separator of the 档号 itself.
_CODE = re.compile(r"^[0-9A-Za-z]+$")
_ARCHIVAL_CODE = re.compile(
    r"^(?P<fonds>[0-9A-Za-z]+)-(?P<category>[A-Z]+)·(?P<year>[0-9]{4})-"
    r"(?P<retention>Y|D30|D10)-(?P<organ>[0-9A-Za-z]+)-(?P<item>[0-9]{4})$"
)


class ArchiveError(ValueError):
    """归档 data that cannot be used, or a step that is refused (Chinese message)."""

    def __init__(self, message):
        self.message = message
        self.msgid = str(message)
        self.mapping = dict(getattr(message, "mapping", None) or {})
        default = getattr(message, "default", None) or str(message)
        super().__init__(Template(default).safe_substitute(self.mapping))


def check_code(value, label):
    """Return the stripped 全宗号 or 机构(问题)代码 ``value``; ``ArchiveError`` if unusable.

    ``label`` names the field in the message (e.g. 「全宗号」).
    """
    value = (value or "").strip()
    if not value:
        raise ArchiveError(
            _("archive_code_missing", default="请填写${label}。", mapping={"label": label})
        )
    if len(value) > CODE_MAX_LENGTH or not _CODE.match(value):
        raise ArchiveError(
            _(
                "archive_code_invalid",
                default="${label}只能由字母和数字组成，不超过 ${limit} 个字符。",
                mapping={"label": label, "limit": CODE_MAX_LENGTH},
            )
        )
    return value


def check_year(year):
    """Return ``year`` (年度) as an int; ``ArchiveError`` if it is not a year 1949–2999."""
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not MIN_YEAR <= value <= MAX_YEAR:
        raise ArchiveError(
            _(
                "archive_year_invalid",
                default="年度应为 ${low}–${high} 之间的四位年份。",
                mapping={"low": MIN_YEAR, "high": MAX_YEAR},
            )
        )
    return value


def check_retention(token):
    """Return the 保管期限 ``token``; ``ArchiveError`` unless it is 永久, 定期30年 or 定期10年."""
    if token not in RETENTIONS:
        raise ArchiveError(
            _("archive_retention_invalid", default="保管期限只能是永久、定期30年或定期10年。")
        )
    return token


def check_item_number(n):
    """Return 件号 ``n`` as an int 1–9999; ``ArchiveError`` otherwise."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_ITEM_NUMBER:
        raise ArchiveError(
            _(
                "archive_item_number_invalid",
                default="件号应为 1–${limit} 之间的整数。",
                mapping={"limit": MAX_ITEM_NUMBER},
            )
        )
    return n


def retention_code(token):
    """The 保管期限代码 of ``token``: Y, D30 or D10."""
    return RETENTIONS[check_retention(token)][0]


def format_archival_code(fonds, year, retention, organ, item_number, category=CATEGORY):
    """The 档号, e.g. ``format_archival_code("118", 2026, "10_years", "BGS", 7)`` is
    「118-WS·2026-D10-BGS-0007」."""
    fonds = check_code(fonds, "全宗号")
    organ = check_code(organ, "机构(问题)代码")
    year = check_year(year)
    n = check_item_number(item_number)
    return f"{fonds}-{category}·{year}-{retention_code(retention)}-{organ}-{n:0{ITEM_DIGITS}d}"


def parse_archival_code(text):
    """The parts of a 档号 as a dict (fonds, category, year, retention, organ, item_number);
    None if ``text`` is not one."""
    found = _ARCHIVAL_CODE.match((text or "").strip())
    if found is None:
        return None
    by_code = {code: token for token, (code, _years) in RETENTIONS.items()}
    return {
        "fonds": found["fonds"],
        "category": found["category"],
        "year": int(found["year"]),
        "retention": by_code[found["retention"]],
        "organ": found["organ"],
        "item_number": int(found["item"]),
    }


def group_key(fonds, year, retention, organ):
    """The group whose 件号 are one gapless series: (全宗号, 年度, 保管期限, 机构(问题))."""
    return (
        check_code(fonds, "全宗号"),
        check_year(year),
        check_retention(retention),
        check_code(organ, "机构(问题)代码"),
    )


def expiry_date(year, retention):
    """The day an item of ``year`` kept for ``retention`` becomes due for appraisal; None for 永久.

    The term runs from 1 January of the year after the 年度: 2015 + 定期10年 → 2026-01-01.
    """
    years = RETENTIONS[check_retention(retention)][1]
    if years is None:
        return None
    return datetime.date(check_year(year) + years + 1, 1, 1)


def is_expired(year, retention, today):
    """True if the term of an item of ``year`` kept for ``retention`` has ended by ``today``."""
    due = expiry_date(year, retention)
    return due is not None and today >= due
