"""The one catalog query of a unit's 发文 and 收文: of a 年度, in some workflow states.

Every archive screen and job asks the same question — "the unit's documents of year Y in
states S" (finished and waiting for 归档, or archived) — and asks it here: ``unit_query``
builds it (indexes ``portal_type``, ``gongwen_unit``, ``gongwen_year``, ``review_state``,
plus whatever the caller narrows it by), ``unit_documents`` runs it whoever asks (the
workers' jobs, the catalogue, 移交, disposal), ``counted``/``visible`` with the current
user's rights (档案管理's counts and lists). The 年度 is ``search.indexers.gongwen_year``'s:
the 归档章's once archived, else the year proposed for 归档.
"""

from plone import api

from collective.gongwen.archive import authority

DOCUMENT_TYPES = (authority.OUTGOING_TYPE, authority.INCOMING_TYPE)
ARCHIVED = authority.ARCHIVED_STATE
# The states of a finished document waiting for 归档 (发文 已发送, 收文 办结): authority's.
FINISHED = tuple(sorted(set(authority.FINISHED_STATES.values())))


def _catalog():
    return api.portal.get_tool("portal_catalog")


def unit_query(unit, year=None, states=(ARCHIVED,), **narrowed):
    """The catalog query of ``unit``'s 发文 and 收文 of 年度 ``year`` (every year: None) in
    ``states`` (any state: None), narrowed by ``narrowed`` (more indexes, sorting, batching)."""
    query = {"portal_type": list(DOCUMENT_TYPES), "gongwen_unit": unit.UID()}
    if year is not None:
        query["gongwen_year"] = int(year)
    if states is not None:
        query["review_state"] = list(states)
    query.update(narrowed)
    return query


def unit_documents(unit, year=None, states=(ARCHIVED,), **narrowed):
    """The catalog entries of ``unit_query``, whoever asks (jobs, catalogue, 移交, disposal)."""
    return _catalog().unrestrictedSearchResults(**unit_query(unit, year, states, **narrowed))


def visible(unit, year=None, states=(ARCHIVED,), **narrowed):
    """The catalog entries of ``unit_query`` the current user may see."""
    return _catalog()(**unit_query(unit, year, states, **narrowed))


def counted(unit, year=None, states=(ARCHIVED,), **narrowed):
    """How many of ``visible``'s entries there are."""
    return len(visible(unit, year, states, **narrowed))
