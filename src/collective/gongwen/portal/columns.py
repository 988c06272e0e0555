"""What the front page's columns list, as catalog queries (no objects loaded).

Each takes the folder the page is for (the site, or a unit) as ``within``:
only what lies inside it. Classified documents never appear: they are
register-only and never published (R-P1).
"""

from plone import api

from collective.gongwen.org.units import unit_departments

PUBLISHED = "published"


def _path(within):
    return "/".join(within.getPhysicalPath())


def published_incoming(within=None, limit=10):
    """The latest published 收文 (R-I6): never a classified one (the index says so)."""
    query = {"portal_type": "gongwen_incoming", "front_page": True}
    if within is not None:
        query["path"] = _path(within)
    return _latest(query, limit)  # 收文 have no publication dates: all are in effect


def notices(within=None, limit=8):
    """The latest published 通知公告 (R-P1, R-P2)."""
    query = {"portal_type": "gongwen_notice", "review_state": PUBLISHED}
    if within is not None:
        query["path"] = _path(within)
    return _latest(query, limit, in_effect=True)


def awaiting_publication(within=None, limit=10):
    """通知公告 and 工作动态 submitted for publication that the user may see (R-P2).

    The workflow lets the unit's 编辑 (and the author) see a pending item,
    so the catalog's permission filter makes this the editor's review list.
    """
    query = {"portal_type": ["gongwen_notice", "gongwen_news"], "review_state": "pending"}
    if within is not None:
        query["path"] = _path(within)
    return _latest(query, limit, sort_on="modified")


def department_news(department, limit=3):
    """The latest published 工作动态 of ``department`` (R-P1, 第五条): its items, which it holds
    directly (the path index's depth 1 is one lookup; a whole subtree intersects a set per
    level of the path)."""
    query = {
        "portal_type": "gongwen_news",
        "review_state": PUBLISHED,
        "path": {"query": _path(department), "depth": 1},
    }
    return _latest(
        query,
        limit,
        in_effect=True,
    )


def news_by_department(units, limit=3):
    """``[(unit, department, brains)]`` for the departments of ``units``, in their order."""
    return [
        (unit, department, department_news(department, limit))
        for unit in units
        for department in unit_departments(unit)
    ]


def _latest(query, limit, sort_on="effective", in_effect=False):
    """The newest ``limit`` entries of ``query``; ``in_effect``: only those between their
    publication and expiry dates, for everyone (what is published now, also to an
    administrator, who may see the rest in the folders; and no per-path permission check on
    each of the front page's queries)."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(
        sort_on=sort_on,
        sort_order="descending",
        sort_limit=limit,
        show_inactive=not in_effect,
        **query,
    )[:limit]
