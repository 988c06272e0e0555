"""The rules of the unit folders' listings (发文/收文/档案, R-P3). Plain Python, no Zope.

What this module owns: which document types each folder lists, which states
are finished (a finished document is never overdue), how the filters in a
request (状态, 年度, 紧急程度, 超期) are read and checked, and the catalog
query they make. ``portal.folders`` runs the queries; the views show them.
"""

import datetime
from dataclasses import dataclass

from DateTime import DateTime

from collective.gongwen.content.vocabularies import URGENCIES
from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.routing import rules as routing_rules

OUTGOING_TYPE = "gongwen_outgoing"
INCOMING_TYPE = "gongwen_incoming"

# The unit's folders (org/sync.py) and the documents each lists.
FOLDER_TYPES = {
    "outgoing": (OUTGOING_TYPE,),
    "incoming": (INCOMING_TYPE,),
    "archive": (OUTGOING_TYPE, INCOMING_TYPE),
}

# States after which a document waits for nobody: 已发送, 结束, 已归档, 已作废 (R-O13; a
# 发文's and a 收文's, one state id).
FINISHED_STATES = tuple(
    dict.fromkeys(
        (
            routing_rules.SENT,
            incoming_rules.DONE,
            incoming_rules.ARCHIVED,
            routing_rules.VOIDED,
            incoming_rules.VOIDED,
        )
    )
)

URGENCY_TOKENS = tuple(token for token, _title in URGENCIES)
URGENT_TOKENS = ("urgent", "very_urgent")
PAGE_SIZE = 30
FIRST_YEAR = 1900


@dataclass(frozen=True)
class Filters:
    """What the person asked to see; empty values mean "all"."""

    state: str = ""
    year: int | None = None
    urgency: str = ""
    overdue: bool = False

    def active(self):
        """True when any filter narrows the listing."""
        return bool(self.state or self.year or self.urgency or self.overdue)


def folder_types(folder_id):
    """The document types the unit folder ``folder_id`` lists; () for another folder."""
    return FOLDER_TYPES.get(folder_id, ())


def is_finished(state):
    """True when a document in ``state`` has left every step (sent, done, archived)."""
    return state in FINISHED_STATES


def is_overdue(deadline, state, today):
    """True when a document still open in ``state`` is past its 办理时限 ``deadline`` (a date)."""
    return not is_finished(state) and incoming_rules.is_overdue(deadline, today)


def _one(value):
    """A form value that may come as a list (repeated parameter): its last item, as text."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else ""


def parse_year(value, today):
    """The ``year`` parameter as an int between 1900 and this year; None otherwise."""
    try:
        year = int(_one(value).strip())
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= today.year else None


def parse_filters(form, states, today):
    """``Filters`` from a request ``form``; unknown states, urgencies and years are ignored.

    ``states`` are the state ids the folder's documents can be in.
    """
    state = _one(form.get("state"))
    urgency = _one(form.get("urgency"))
    return Filters(
        state=state if state in states else "",
        year=parse_year(form.get("year"), today),
        urgency=urgency if urgency in URGENCY_TOKENS else "",
        overdue=_one(form.get("overdue")) in ("1", "on", "true"),
    )


def year_range(year):
    """The catalog range (DateTime min, max) covering the whole of ``year``."""
    return {
        "query": (DateTime(f"{year}/01/01 00:00:00"), DateTime(f"{year}/12/31 23:59:59")),
        "range": "min:max",
    }


def listing_query(path, portal_types, filters):
    """The catalog query for a folder at ``path`` listing ``portal_types``, newest first."""
    query = {
        "portal_type": list(portal_types),
        "path": path,
        "sort_on": "created",
        "sort_order": "descending",
    }
    if filters.state:
        query["review_state"] = filters.state
    if filters.year:
        query["created"] = year_range(filters.year)
    if filters.urgency:
        query["urgency"] = filters.urgency
    return query


def open_query(query, states=()):
    """``query`` narrowed to documents not finished (R-I5's 办理中): in those of ``states``
    (the workflows' states) that are open, else in any state but the finished ones (the
    index then unites every other state's documents: the finished are nearly all)."""
    state = query.get("review_state")
    if state and is_finished(state):
        return None
    narrowed = dict(query)
    if not state:
        open_states = [name for name in states if not is_finished(name)]
        narrowed["review_state"] = open_states or {"not": list(FINISHED_STATES)}
    return narrowed


def overdue_queries(query, today, states=()):
    """The two catalog queries whose union holds every overdue document of ``query``.

    A document's 办理时限 is its current step's deadline where it has one (收文,
    R-I5), else its own (``todo.brain_deadline``): one query per index, open
    documents due before ``today``. [] when ``query`` asks for a finished state.
    The caller keeps the entries ``is_overdue`` says are overdue. ``states``: as for
    ``open_query``.
    """
    narrowed = open_query(query, states)
    if narrowed is None:
        return []
    # Slashes: DateTime reads "YYYY-MM-DD hh:mm" as UTC, "YYYY/MM/DD hh:mm" in the portal's zone.
    yesterday = DateTime(f"{today - datetime.timedelta(days=1):%Y/%m/%d} 23:59:59")
    before = {"query": yesterday, "range": "max"}
    return [dict(narrowed, step_deadline=before), dict(narrowed, deadline=before)]


def available_years(first_year, today):
    """The years to choose from, this year first, back to ``first_year`` (at least this year)."""
    first = first_year if first_year and FIRST_YEAR <= first_year <= today.year else today.year
    return list(range(today.year, first - 1, -1))
