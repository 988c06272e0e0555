"""The 收文's original file (来文原件) lives among its files, not in a field.

The add/edit forms (and plone.restapi) store an uploaded original in the
``original_file`` field. Right after, this subscriber moves it into the
document's file of role 来文原件 (id ``original``), so the original is converted,
shown in the viewer, searchable and versioned like any file; uploading
again replaces that file's content and keeps the old one as a version.
"""

from Acquisition import aq_base
from plone import api
from zope.container.interfaces import IContainerModifiedEvent

from collective.gongwen import _
from collective.gongwen.content import files
from collective.gongwen.content.classified import is_classified_document


def move_original_into_files(document, event):
    """Move a file stored in ``original_file`` into the file ``original`` and clear the field."""
    if IContainerModifiedEvent.providedBy(event):
        return  # an item came or went: the field did not change
    original = getattr(aq_base(document), "original_file", None)
    if not original:
        return
    if is_classified_document(document):
        return  # classified.py refuses the whole change (R-D3); leave it the evidence
    # Cleared first: creating the file below modifies the document again.
    document.original_file = None
    data, filename = original.data, original.filename or "original"
    existing = files.original_of(document)
    # The person already passed the document's edit permission to store the
    # field; moving the file must not then fail halfway and lose it.
    with api.env.adopt_roles(["Manager"]):
        if existing is None:
            files.add_file(document, data, filename, role=files.ORIGINAL, id=files.ORIGINAL_ID)
        else:
            files.replace_file(
                existing,
                data,
                filename,
                comment=_("version_comment_original_replaced", default="替换来文原件"),
            )
