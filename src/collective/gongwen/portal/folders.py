"""What a unit's 发文/收文/档案 folders list, as catalog queries (R-P3).

Thin glue between ``listing_rules`` (the filters and the queries they make)
and the portal catalog. Every query runs with the current user's rights, so
a listing shows only what the user may see (R-SEC1); no document is loaded.
"""

import datetime

from plone import api

from collective.gongwen.content.document_search import search_documents
from collective.gongwen.portal import listing_rules
from collective.gongwen.steps.todo import brain_deadline


def folder_path(folder):
    """The folder's physical path as the catalog's ``path`` query wants it."""
    return "/".join(folder.getPhysicalPath())


def folder_states(portal_types):
    """The state ids of the workflows of ``portal_types``, in workflow order, once each."""
    workflow = api.portal.get_tool("portal_workflow")
    states = []
    for portal_type in portal_types:
        for workflow_id in workflow.getChainForPortalType(portal_type):
            definition = workflow.get(workflow_id)
            if definition is None:
                continue
            states += [state for state in definition.states.objectIds() if state not in states]
    return states


def overdue_entries(query, today, states=()):
    """The entries of ``query`` that are open and past their 办理时限, newest first
    (``states``: the workflows' states, ``listing_rules.open_query``)."""
    found = {}
    for overdue_query in listing_rules.overdue_queries(_unsorted(query), today, states):
        for brain in search_documents(**overdue_query):
            found.setdefault(brain.getRID(), brain)
    entries = [
        brain
        for brain in found.values()
        if listing_rules.is_overdue(brain_deadline(brain), brain.review_state, today)
    ]
    entries.sort(key=lambda brain: brain.created, reverse=True)
    return entries


def folder_entries(folder, portal_types, filters, start=0, today=None):
    """The folder's documents matching ``filters``, for a page starting at ``start``.

    A lazy sequence as long as the whole result whose page from ``start`` is
    sorted (the catalog sorts only what it must); a list for 超期.
    """
    today = today or datetime.date.today()
    query = listing_rules.listing_query(folder_path(folder), portal_types, filters)
    if filters.overdue:
        return overdue_entries(query, today, folder_states(portal_types))
    return search_documents(**query, b_start=start, b_size=listing_rules.PAGE_SIZE)


def _unsorted(query):
    return {key: value for key, value in query.items() if key not in ("sort_on", "sort_order")}


def folder_counts(folder, portal_types, today=None):
    """``{"open": n, "overdue": m}``: the folder's documents in progress and overdue that the user
    may see (the unit menu's numbers, on every front page: two catalog counts and the overdue
    entries, whatever the folder holds). A 发文 or 收文 folder's documents are its own items
    (it takes no folders): the path index's depth 1 is one lookup, where a whole subtree
    intersects a set per level of the path."""
    today = today or datetime.date.today()
    query = _unsorted(
        listing_rules.listing_query(folder_path(folder), portal_types, listing_rules.Filters())
    )
    query["path"] = {"query": query["path"], "depth": 1}
    states = folder_states(portal_types)
    return {
        "open": len(search_documents(**listing_rules.open_query(query, states))),
        "overdue": len(overdue_entries(query, today, states)),
    }


def first_year(folder, portal_types):
    """The year of the oldest document in the folder the user may see; None if empty."""
    query = listing_rules.listing_query(folder_path(folder), portal_types, listing_rules.Filters())
    query.update(sort_order="ascending", sort_limit=1)
    brains = search_documents(**query)
    return brains[0].created.year() if len(brains) else None
