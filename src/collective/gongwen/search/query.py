"""What a person asks the search page (R-S1): the request parameters read and bounded into a
``Search``, and the ``Search`` as catalog queries. Plain Python, no Zope.

This module owns the parameters (``q`` text, ``number`` lookups, the facets' values, a date
range, ``sort``, ``page`` and ``size``), their bounds and the Chinese refusals
(``SearchError``: the page answers 400 with the message, never 500), the facets — which
parameter filters which catalog index, OR within a facet, AND between facets — and the links
that add or take off one value. ``search.results`` runs the queries; ``search.facets`` counts.
"""

import dataclasses
import datetime
import re
import urllib.parse
from string import Template

from collective.gongwen import _
from collective.gongwen.content import bounds
from collective.gongwen.content.rules import Problem
from collective.gongwen.content.vocabularies import DIRECTIONS
from collective.gongwen.content.vocabularies import DOC_KINDS
from collective.gongwen.content.vocabularies import RETENTIONS
from collective.gongwen.content.vocabularies import URGENCIES

DOCUMENT_TYPES = ("gongwen_outgoing", "gongwen_incoming")

TEXT_MAX = 100  # characters of the search text
VALUE_MAX = 100  # characters of one facet value (来文机关)
VALUES_MAX = 10  # values chosen in one facet
PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
PAGE_MAX = 500  # pages beyond are refused: narrow the search instead
EXPORT_MAX = 5000  # rows of one CSV export

RELEVANCE = "relevance"
NEWEST = "newest"
OLDEST = "oldest"
SORTS = {
    RELEVANCE: _("search_sort_relevance", default="相关度"),
    NEWEST: _("search_sort_newest", default="日期（新→旧）"),
    OLDEST: _("search_sort_oldest", default="日期（旧→新）"),
}

_UID = re.compile(r"^[0-9a-f]{32}$")
_STATE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class SearchError(ValueError):
    """A parameter that cannot be searched with; its text is the Chinese message.

    ``message`` is the translatable message (an i18n message; a ``bounds`` problem becomes one).
    """

    def __init__(self, message):
        if isinstance(message, Problem):
            message = _(message.msgid, default=message.default, mapping=message.mapping)
        self.message = message
        mapping = {key: str(value) for key, value in (message.mapping or {}).items()}
        super().__init__(Template(message.default).safe_substitute(mapping))


@dataclasses.dataclass(frozen=True)
class Facet:
    """One facet: request ``parameter``, catalog ``index``, its label and how a value reads."""

    name: str
    index: str
    label: object  # i18n message
    kind: str  # "token", "uid", "state", "year", "text"
    tokens: tuple = ()

    def read(self, value):
        """The catalog value of text ``value``; ``SearchError`` if it cannot be one."""
        label = self.label.default
        if self.kind == "year":
            try:
                year = int(value)
            except ValueError:
                year = None
            if year is None or not bounds.FIRST_YEAR <= year <= bounds.LAST_YEAR:
                raise SearchError(
                    _(
                        "search_bad_year",
                        default="年度应为 ${first} 至 ${last} 之间的年份。",
                        mapping={"first": bounds.FIRST_YEAR, "last": bounds.LAST_YEAR},
                    )
                )
            return year
        known = {
            "token": lambda: value in self.tokens,
            "uid": lambda: bool(_UID.match(value)),
            "state": lambda: bool(_STATE.match(value)),
        }.get(self.kind, lambda: True)
        if not known():
            raise SearchError(
                _("search_bad_value", default="${field}没有这一项。", mapping={"field": label})
            )
        problem = bounds.text_problem(value, VALUE_MAX, label)
        if problem:
            raise SearchError(problem)
        return value


def _tokens(terms):
    return tuple(token for token, _title in terms)


# The facets in the page's order (R-S1 and issue 18: year, 文种, unit, department, state,
# 紧急程度, 保管期限, 行文方向, 来文机关).
FACETS = (
    Facet("year", "gongwen_year", _("search_facet_year", default="年度"), "year"),
    Facet("kind", "doc_kind", _("search_facet_kind", default="文种"), "token", _tokens(DOC_KINDS)),
    Facet("unit", "gongwen_unit", _("search_facet_unit", default="单位"), "uid"),
    Facet("department", "gongwen_departments", _("search_facet_department", default="部门"), "uid"),
    Facet("state", "review_state", _("search_facet_state", default="状态"), "state"),
    Facet(
        "urgency",
        "urgency",
        _("search_facet_urgency", default="紧急程度"),
        "token",
        _tokens(URGENCIES),
    ),
    Facet(
        "retention",
        "retention",
        _("search_facet_retention", default="保管期限"),
        "token",
        _tokens(RETENTIONS),
    ),
    Facet(
        "direction",
        "direction",
        _("search_facet_direction", default="行文方向"),
        "token",
        _tokens(DIRECTIONS),
    ),
    Facet("organ", "source_organ", _("search_facet_organ", default="来文机关"), "text"),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}

TEXT_LABEL = _("search_field_text", default="检索词")
START_LABEL = _("search_field_start", default="起始日期")
END_LABEL = _("search_field_end", default="截止日期")


@dataclasses.dataclass(frozen=True)
class Search:
    """A read request: text, chosen facet values (name → tuple), dates, sort and page."""

    text: str = ""
    filters: dict = dataclasses.field(default_factory=dict)
    start: datetime.date | None = None
    end: datetime.date | None = None
    sort: str = RELEVANCE
    page: int = 1
    size: int = PAGE_SIZE

    @property
    def b_start(self):
        """Index of the page's first result."""
        return (self.page - 1) * self.size

    def active(self):
        """True when anything narrows the search (text, a facet value or a date)."""
        return bool(self.text or any(self.filters.values()) or self.start or self.end)

    def sort_on_date(self):
        """True when the results are ordered by date (asked for, or no text to rank by)."""
        return self.sort != RELEVANCE or not self.text


def _values(form, name):
    """The parameter ``name`` of ``form`` as a list of stripped texts (repeated or not)."""
    value = form.get(name)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        value = [value]
    texts = []
    for item in value:
        if not isinstance(item, str):
            raise SearchError(_("search_bad_parameter", default="检索条件格式不正确。"))
        item = item.strip()
        if item:
            texts.append(item)
    return texts


def _one(form, name):
    values = _values(form, name)
    if len(values) > 1:
        raise SearchError(_("search_bad_parameter", default="检索条件格式不正确。"))
    return values[0] if values else ""


def _day(text, label):
    if not text:
        return None
    match = _DAY.match(text)
    day = None
    if match and len(text) <= 10:
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            day = None
    if day is None:
        raise SearchError(
            _(
                "search_bad_date",
                default="${field}应为日期，如 2026-01-05。",
                mapping={"field": label.default},
            )
        )
    problem = bounds.year_problem(day, label.default)
    if problem:
        raise SearchError(problem)
    return day


def _number(text, label, minimum, maximum, default):
    if not text:
        return default
    if len(text) > 9 or not (text.isascii() and text.isdigit()):
        raise SearchError(
            _("search_bad_number", default="${field}应为整数。", mapping={"field": label.default})
        )
    problem = bounds.number_problem(int(text), minimum, maximum, label.default)
    if problem:
        raise SearchError(problem)
    return int(text)


PAGE_LABEL = _("search_field_page", default="页码")
SIZE_LABEL = _("search_field_size", default="每页条数")


def read(form):
    """The ``Search`` of request ``form`` (a mapping of texts or lists of texts).

    Raises ``SearchError`` (Chinese message) for any value out of bounds or malformed.
    """
    text = " ".join(_one(form, "q").split())
    problem = bounds.text_problem(text, TEXT_MAX, TEXT_LABEL.default)
    if problem:
        raise SearchError(problem)
    filters = {}
    for facet in FACETS:
        values = list(dict.fromkeys(_values(form, facet.name)))
        problem = bounds.items_problem(values, VALUES_MAX, VALUE_MAX, facet.label.default)
        if problem:
            raise SearchError(problem)
        if values:
            filters[facet.name] = tuple(facet.read(value) for value in values)
    start = _day(_one(form, "start"), START_LABEL)
    end = _day(_one(form, "end"), END_LABEL)
    if start and end and start > end:
        raise SearchError(_("search_dates_reversed", default="起始日期不能晚于截止日期。"))
    sort = _one(form, "sort") or RELEVANCE
    if sort not in SORTS:
        raise SearchError(_("search_bad_sort", default="没有这种排序方式。"))
    return Search(
        text=text,
        filters=filters,
        start=start,
        end=end,
        sort=sort,
        page=_number(_one(form, "page"), PAGE_LABEL, 1, PAGE_MAX, 1),
        size=_number(_one(form, "size"), SIZE_LABEL, 1, PAGE_SIZE_MAX, PAGE_SIZE),
    )


def facet_query(facet, values):
    """The catalog query of one facet's chosen ``values`` (any of them: a list is OR for the
    field and keyword indexes)."""
    return {facet.index: list(values)}


def filter_queries(search):
    """``{facet name: catalog query}`` of the facets ``search`` narrows by."""
    return {
        name: facet_query(FACETS_BY_NAME[name], values)
        for name, values in search.filters.items()
        if values
    }


def base_query(search, path=None):
    """The catalog query of what every result is: a 公文, in ``path`` if given, in the dates.

    Dates are the 拟稿/登记 day (``created``), both ends included, in the portal's zone
    (``DateTime`` reads ``YYYY/MM/DD`` as local time).
    """
    query = {"portal_type": list(DOCUMENT_TYPES)}
    if path:
        query["path"] = path
    if search.start or search.end:
        low = f"{search.start or datetime.date(bounds.FIRST_YEAR, 1, 1):%Y/%m/%d} 00:00:00"
        high = f"{search.end or datetime.date(bounds.LAST_YEAR, 12, 31):%Y/%m/%d} 23:59:59"
        query["created"] = {"query": (low, high), "range": "min:max"}
    return query


def form_pairs(search, **changes):
    """The query-string pairs of ``search`` with ``changes`` (name → value; None drops it).

    Page 1, the default sort and size are left out. Facet values are given as tuples.
    """
    values = {
        "q": search.text,
        **{facet.name: search.filters.get(facet.name, ()) for facet in FACETS},
        "start": f"{search.start:%Y-%m-%d}" if search.start else "",
        "end": f"{search.end:%Y-%m-%d}" if search.end else "",
        "sort": search.sort if search.sort != RELEVANCE else "",
        "size": search.size if search.size != PAGE_SIZE else "",
        "page": search.page if search.page != 1 else "",
    }
    values.update(changes)
    pairs = []
    for name, value in values.items():
        if value is None or value == "" or value == ():
            continue
        for item in value if isinstance(value, tuple | list) else (value,):
            pairs.append((name, str(item)))
    return pairs


def query_string(search, **changes):
    """``form_pairs`` as a URL query string (without ``?``)."""
    return urllib.parse.urlencode(form_pairs(search, **changes))


def with_value(search, name, value):
    """The query string of ``search`` with ``value`` added to facet ``name`` (page 1)."""
    chosen = search.filters.get(name, ())
    values = chosen if value in chosen else (*chosen, value)
    return query_string(search, **{name: values, "page": None})


def without_value(search, name, value):
    """The query string of ``search`` without ``value`` in facet ``name`` (page 1)."""
    values = tuple(item for item in search.filters.get(name, ()) if item != value)
    return query_string(search, **{name: values, "page": None})
