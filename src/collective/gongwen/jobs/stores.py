"""Site-level BTrees beside the documents, for job records and results (R-RUN1).

A job's records (``coalesce``) and what it made are kept in a BTree on the
site, keyed by the document, not on the document itself: a worker's claim
or result then never writes the object the user's next action writes (a
BTree merges writes to different keys).
"""

from BTrees.OOBTree import OOBTree
from plone import api

from collective.gongwen.content.annotations import annotation


def site_btree(key, create=True):
    """The site's BTree under annotation ``key`` (None if there is none and not ``create``)."""
    return annotation(api.portal.get(), key, OOBTree if create else None)
