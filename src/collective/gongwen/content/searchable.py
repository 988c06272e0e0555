"""R-A3: what a document's and an attachment's full text is, and keeping it current.

A document's SearchableText is its own text (title, numbers, organs, body,
附件说明, 附注) and the text of every attachment inside it, so a phrase that
occurs only in an attachment, even only in the OCR of a scanned page, finds
the document. An attachment's text is what the viewer extracted (pdftotext or
Chinese OCR) once converted — its ``IExtractedText`` adapter, registered by
viewer/ — else what Plone's transforms read from the file.
The subscribers reindex the document when an attachment comes, changes,
goes, or finishes converting.

The files the system makes of the document itself — the 正式文件 (the body
typeset), the kept 处理单 (its fields and opinions, R-T2) and the 归档记录 (its
归档章, history, opinions and audit trail, R-R1) — add nothing to its full text and do
not reindex it: each is found by its own text, and a worker filing one writes the file
item only, never the document's catalog record, which the user's next step writes
(issue 16: no ZODB conflict).
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.app.contenttypes.indexers import SearchableText_file
from zope.interface import Attribute
from zope.interface import Interface

from collective.gongwen.content.files import RECORD
from collective.gongwen.content.files import SLIP
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import role_of
from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenDocument

# The document's own fields that carry text people search for.
DOCUMENT_TEXT_FIELDS = (
    "issue_number",
    "receipt_number",
    "source_organ",
    "source_number",
    "main_recipients",
    "cc_recipients",
    "attachment_note",
    "signing_organ",
    "remarks",
    "printing_organ",
)


class IExtractedText(Interface):
    """An attachment's text as a converter extracted it (adapter; viewer/ registers one)."""

    text = Attribute("The pages' text in page order; '' when not (yet) converted")


def html_text(document):
    """The body (RichText) of ``document`` as plain text; '' without a body."""
    body = getattr(aq_base(document), "text", None)
    if not getattr(body, "raw", None):
        return ""
    transforms = api.portal.get_tool("portal_transforms")
    data = transforms.convertTo("text/plain", body.raw, mimetype=body.mimeType or "text/html")
    return data.getData() if data is not None else ""


def field_texts(document):
    """The text of ``DOCUMENT_TEXT_FIELDS`` (lists joined), skipping empty ones.

    Read on the document itself: a field a type has not (a 收文's 主送机关) is not acquired from
    the folders above, and is not looked for along them (issue 21: a search page's snippets).
    """
    texts = []
    own = aq_base(document)
    for name in DOCUMENT_TEXT_FIELDS:
        value = getattr(own, name, None)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value if item)
        if value:
            texts.append(str(value))
    return texts


def attachment_text(attachment):
    """Title and file text of ``attachment``: the viewer's text, else Plone's transform."""
    extracted = IExtractedText(attachment, None)
    text = extracted.text if extracted is not None else ""
    if not text:
        text = SearchableText_file.callable(attachment) or ""
    return " ".join(part for part in (attachment.Title(), text) if part)


# The roles of the files made of the document itself (typeset body, kept slip, 归档记录).
MADE_OF_THE_DOCUMENT = (TYPESET, SLIP, RECORD)


def in_document_text(item):
    """True when file ``item``'s text is part of its document's full text (not made of it)."""
    return IGongwenAttachment.providedBy(item) and role_of(item) not in MADE_OF_THE_DOCUMENT


def document_text(document):
    """Everything a search should find ``document`` by (R-A3)."""
    parts = [document.Title(), *field_texts(document), html_text(document)]
    parts.extend(
        attachment_text(item) for item in document.objectValues() if in_document_text(item)
    )
    return " ".join(part for part in parts if part)


def reindex_document_of(attachment, event):
    """Reindex the full text of the document ``attachment`` is in (and the one it left).

    Not for a file made of the document (``in_document_text``): its text is not in it —
    unless an edit named other fields than its file (its role may have changed).
    """
    if not in_document_text(attachment) and _file_only(event):
        return
    # A move names both documents; add and remove name one; a modification none.
    parents = [getattr(event, "oldParent", None), getattr(event, "newParent", None)]
    if parents[0] is parents[1]:
        parents = parents[:1]
    if not any(parents):
        parents = [aq_parent(aq_inner(attachment))]
    for parent in parents:
        if IGongwenDocument.providedBy(parent):
            parent.reindexObject(idxs=["SearchableText"])


def _file_only(event):
    """True unless ``event`` is an edit naming no fields, or fields besides ``file``."""
    descriptions = getattr(event, "descriptions", None)
    if descriptions is None:
        return True  # added, moved, removed, converted
    named = {name for one in descriptions for name in getattr(one, "attributes", ())}
    return named == {"file"}
