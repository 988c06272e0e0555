"""Catalog value ``conversion_state`` of a file: queued, converting, done, failed or none.

Files the viewer converted before conversions had a status of their own
count as done.
"""

from collective.documentviewer.settings import Settings
from plone.app.contenttypes.interfaces import IFile
from plone.indexer import indexer

from collective.gongwen.conversion.status import DONE
from collective.gongwen.conversion.status import conversion_status

NOT_CONVERTED = "none"


@indexer(IFile)
def conversion_state(obj):
    """The file's conversion state for the catalog."""
    state = conversion_status(obj)["state"]
    if state is None and Settings(obj).successfully_converted:
        return DONE
    return state or NOT_CONVERTED


def reindex_state(obj):
    """Update the catalog after the file's status changed."""
    obj.reindexObject(idxs=["conversion_state"])
