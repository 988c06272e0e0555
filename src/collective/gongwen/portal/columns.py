"""What the front page's columns list, as catalog queries (no objects loaded)."""

from plone import api


def published_incoming(limit=10):
    """The latest published 收文 (R-I6): never a classified one (the index says so)."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(
        portal_type="gongwen_incoming",
        front_page=True,
        sort_on="effective",
        sort_order="descending",
        sort_limit=limit,
    )[:limit]
