"""A ``query.Search`` run against the catalog (R-S1): the permission-filtered result as document
ids, ranked, one page of catalog entries, and the id sets each facet counts over.

The result is built from one id set per index — what the user may see (the same filter as
Plone's ``searchResults``: the user's roles, groups and id, and the effective dates), the
document types and dates, the full text, each facet — intersected with BTrees, so each facet
is counted over the result without its own filter (OR within a facet, AND between them) and
nothing is loaded to count. The full text is searched among what the user may see only
(``fulltext.search_within``: the same scores, far fewer of them). A text that reads as a
文号/收文编号/档号 also finds its documents by exact lookup (``search.lookup.find_by_number``),
ranked first. Only the page's (at most ``query.PAGE_SIZE_MAX``) catalog entries are made.
"""

import dataclasses
import heapq
import operator

from AccessControl import getSecurityManager
from BTrees.IIBTree import IIBucket
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import weightedIntersection
from BTrees.IIBTree import weightedUnion
from DateTime import DateTime
from plone.base.utils import munge_search_term
from Products.CMFCore.indexing import processQueue
from Products.PluginIndexes.interfaces import IQueryIndex
from Products.ZCatalog.query import IndexQuery
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from ZTUtils.Lazy import LazyMap

from collective.gongwen.numbering.keys import looks_like_number
from collective.gongwen.search import query as search_query
from collective.gongwen.search.fulltext import search_within
from collective.gongwen.search.lookup import find_by_number

TEXT_INDEX = "SearchableText"
# The score an exact 文号/收文编号/档号 hit gets: above any full-text score.
EXACT_SCORE = 2**30


@dataclasses.dataclass
class Results:
    """What a search found: ``total``, the page's catalog entries, the exact hits' ids, and
    the ids each facet counts over (``facet_sets``)."""

    total: int
    brains: list
    exact: IISet
    facet_sets: dict
    ranked: object  # the result's ids (scored when there is text)


def _intersect(left, right):
    """``left`` ∩ ``right``, keeping the scores of a scored mapping; None stands for "all"."""
    if left is None:
        return right
    if right is None:
        return left
    if hasattr(left, "items") or hasattr(right, "items"):
        return weightedIntersection(left, right)[1]
    return intersection(left, right)


def _intersect_all(sets):
    result = None
    for one in sorted(sets, key=len):
        result = _intersect(result, one)
        if not result:
            return IISet()
    return result if result is not None else IISet()


def index_set(catalog, one_query):
    """The ids matching ``one_query`` (``{index: value}``, one index), as ZCatalog computes
    them for that index (a scored mapping for a text index); an empty set if none."""
    zcatalog = catalog._catalog
    made = zcatalog.make_query(one_query)
    ((name, _value),) = one_query.items()
    if name not in zcatalog.indexes:
        return IISet()  # a site not upgraded yet: nothing carries the value
    index = zcatalog.getIndex(name)
    if IQueryIndex.providedBy(index):
        index_query = IndexQuery(
            made, index.id, index.query_options, index.operators, index.useOperator
        )
        found = index.query_index(index_query) if index_query.keys is not None else None
    else:
        applied = index._apply_index(made)
        found = applied[0] if applied else None
    return found if found is not None else IISet()


def permission_sets(catalog, path=None):
    """The id sets of what the current user may see: Plone's ``searchResults`` filter."""
    user = getSecurityManager().getUser()
    sets = [index_set(catalog, {"allowedRolesAndUsers": catalog._listAllowedRolesAndUsers(user)})]
    if not catalog.allow_inactive({"path": path} if path else {}):
        sets.append(index_set(catalog, {"effectiveRange": DateTime()}))
    return sets


def text_set(catalog, text, within):
    """The scored ids of the documents of ``within`` whose full text matches ``text`` (Plone's
    munging: every word, each as a prefix), scored as by a search of all documents
    (``fulltext.search_within``: only ``within`` is scored); a text the query parser cannot
    read is read word by word as phrases."""
    index = catalog._catalog.getIndex(TEXT_INDEX)
    for attempt in (munge_search_term(text), _phrases(text)):
        if not attempt:
            continue
        try:
            found = search_within(index, attempt, within)
        except (ParseError, QueryError):
            continue
        return found if found is not None else IISet()
    return IISet()


def _phrases(text):
    words = text.replace('"', " ").split()
    return " AND ".join(f'"{word}"' for word in words)


def exact_set(text):
    """The ids of the documents (the user may see) whose 文号/收文编号/档号 is ``text``."""
    if not looks_like_number(text):
        return IISet()
    return IISet(brain.getRID() for brain in find_by_number(text))


def run(catalog, search, path=None):
    """``Results`` of ``search`` for the current user; within ``path`` if given."""
    processQueue()  # what this transaction changed is indexed first, as ``searchResults`` does
    base = _intersect_all(
        [
            *permission_sets(catalog, path),
            *(
                index_set(catalog, {name: value})
                for name, value in search_query.base_query(search, path).items()
            ),
        ]
    )
    exact = IISet()
    matched = base
    if search.text:
        exact = intersection(exact_set(search.text), base) or IISet()
        found = text_set(catalog, search.text, base)
        if exact:
            boost = IIBucket([(docid, EXACT_SCORE) for docid in exact])
            found = weightedUnion(found if hasattr(found, "items") else _scored(found), boost)[1]
        matched = found
    filters = {
        name: index_set(catalog, one) for name, one in search_query.filter_queries(search).items()
    }
    result = _intersect_all([matched, *filters.values()])
    facet_sets = {
        facet.name: _intersect_all(
            [matched, *(ids for name, ids in filters.items() if name != facet.name)]
        )
        if facet.name in filters
        else result
        for facet in search_query.FACETS
    }
    brains = list(page_of(catalog, search, result, search.b_start, search.size))
    return Results(len(result), brains, exact, facet_sets, result)


def _scored(ids):
    return IIBucket([(docid, 1) for docid in ids])


def page_of(catalog, search, result, start, size):
    """The catalog entries of ``result`` from ``start``, at most ``size``, in ``search``'s
    order: by relevance (exact hits first), else by the date (``created``), newest first
    unless asked otherwise. Lazy: an entry is made when it is read."""
    if not result or start >= len(result):
        return []
    zcatalog = catalog._catalog
    if search.sort_on_date() or not hasattr(result, "items"):
        return zcatalog.sortResults(
            result,
            zcatalog.getIndex("created"),
            reverse=search.sort != search_query.OLDEST,
            limit=start + size,
            merge=True,
            b_start=start,
            b_size=size,
        )
    best = heapq.nlargest(start + size, result.items(), key=operator.itemgetter(1))
    return LazyMap(zcatalog.__getitem__, [docid for docid, _score in best[start:]])
