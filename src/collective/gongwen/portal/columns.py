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
    return _latest(query, limit)


def notices(within=None, limit=8):
    """The latest published 通知公告 (R-P1, R-P2)."""
    query = {"portal_type": "gongwen_notice", "review_state": PUBLISHED}
    if within is not None:
        query["path"] = _path(within)
    return _latest(query, limit)


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
    """The latest published 工作动态 of ``department`` (R-P1, 第五条)."""
    return _latest(
        {"portal_type": "gongwen_news", "review_state": PUBLISHED, "path": _path(department)},
        limit,
    )


def news_by_department(units, limit=3):
    """``[(unit, department, brains)]`` for the departments of ``units``, in their order."""
    return [
        (unit, department, department_news(department, limit))
        for unit in units
        for department in unit_departments(unit)
    ]


def _latest(query, limit, sort_on="effective"):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(sort_on=sort_on, sort_order="descending", sort_limit=limit, **query)[:limit]
