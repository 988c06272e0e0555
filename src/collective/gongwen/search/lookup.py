"""Exact lookup of a 发文/收文 by its 文号, 收文编号, 来文字号 or 档号, however typed (R-S1).

One catalog query on the ``number_keys`` index (``indexers.number_keys``) with the key of
the text (``numbering.keys.number_key``): no full text, no object loaded.
"""

from plone import api

from collective.gongwen.numbering.keys import number_key

INDEX = "number_keys"


def find_by_number(text, unrestricted=False):
    """The catalog entries of the documents whose number is ``text`` (any spelling).

    Only what the current user may see, unless ``unrestricted`` (for code acting for the
    system, never for a page). Empty for text with no key, and on a site whose catalog has
    no ``number_keys`` index yet (a query on a missing index would match everything).
    """
    key = number_key(text)
    if key is None:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        return []
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    return list(search({INDEX: key}))
