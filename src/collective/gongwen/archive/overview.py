"""What the archivist's 档案管理 page counts and lists (R-R1, R-R2), from the catalog alone.

* ``unit_years``: the 年度 a unit has documents in (and this year), newest first;
* ``year_counts``: for one year, the finished documents not yet archived (发文 已发送,
  收文 办结), the archived ones by 保管期限, those whose term has ended (``rules.is_expired``)
  and those under a legal hold;
* ``archived_page``: a page of the year's archived items by 档号.

Every query runs with the current user's rights; no document is loaded.
"""

from plone import api

from collective.gongwen.archive import queries
from collective.gongwen.archive import rules
from collective.gongwen.archive.catalogue_store import index_value
from collective.gongwen.archive.queries import counted

# 发文 已发送, 收文 办结: waiting for 归档 (``queries.FINISHED``, the one list).
FINISHED_STATES = queries.FINISHED
PAGE_SIZE = 30


def _catalog():
    return api.portal.get_tool("portal_catalog")


def unit_years(unit, today):
    """The years ``unit`` has documents of (``gongwen_year``), this year included, newest first."""
    catalog = _catalog()
    years = {today.year}
    if "gongwen_year" in catalog.indexes():
        for year in catalog.uniqueValuesFor("gongwen_year"):
            if isinstance(year, int) and rules.MIN_YEAR <= year <= rules.MAX_YEAR:
                years.add(year)
    return sorted(
        (year for year in years if year == today.year or counted(unit, year, states=None)),
        reverse=True,
    )


def waiting_count(unit):
    """How many of ``unit``'s documents are finished and not yet archived (every year)."""
    return counted(unit, None, FINISHED_STATES)


def year_counts(unit, year, today):
    """The counts of ``unit``'s ``year``: ``finished``, ``archived``, ``by_retention``
    (token → n), ``expired``, ``on_hold``."""
    by_retention = {token: counted(unit, year, retention=token) for token in rules.RETENTIONS}
    return {
        "finished": counted(unit, year, FINISHED_STATES),
        "archived": counted(unit, year),
        "by_retention": by_retention,
        "expired": sum(
            count for token, count in by_retention.items() if rules.is_expired(year, token, today)
        ),
        "on_hold": counted(unit, year, legal_hold=True),
    }


def brain_value(name, brain):
    """The value catalog index ``name`` holds for ``brain`` (None without the index)."""
    return index_value(_catalog(), name, brain.getRID())


def archived_page(unit, year, start=0):
    """The catalog entries of ``unit``'s archived items of ``year`` by 档号, a page from
    ``start``."""
    narrowed = {"b_start": max(0, int(start)), "b_size": PAGE_SIZE}
    if "archival_code" in _catalog().indexes():
        narrowed.update(sort_on="archival_code")
    return queries.visible(unit, year, **narrowed)
