"""Plone glue: the PDFs of a 发文's 附件, for their pages in the 正式文件 (R-T1, 7.3.7).

A file that is a PDF is used as it is; any other file by the PDF the
conversion made of it (collective.documentviewer's ``pdf/dump.pdf``), once
the conversion of its current version is done. Until then it has none.
"""

import os

from collective.documentviewer.settings import Settings

from collective.gongwen.content.files import attachments_of
from collective.gongwen.conversion.status import DONE
from collective.gongwen.conversion.status import conversion_status

DUMP_PDF = "pdf/dump.pdf"


def _is_pdf(named_file):
    filename = (getattr(named_file, "filename", "") or "").lower()
    content_type = getattr(named_file, "contentType", "") or ""
    return content_type == "application/pdf" or filename.endswith(".pdf")


def attachment_pdf(item):
    """The PDF bytes of the file ``item``, or None while it has none."""
    named_file = getattr(item, "file", None)
    if named_file is not None and _is_pdf(named_file):
        return named_file.data
    if conversion_status(item).get("state") != DONE:
        return None
    settings = Settings(item)
    if not settings.successfully_converted or not settings.blob_files:
        return None
    blob = settings.blob_files.get(DUMP_PDF)
    if blob is None:
        return None
    with blob.open("r") as dump:
        return dump.read()


def attachment_title(item, note, index):
    """The title an attachment is printed with: its line of the 附件说明, else its own title."""
    if index < len(note) and (note[index] or "").strip():
        return note[index]
    filename = getattr(getattr(item, "file", None), "filename", "") or ""
    return item.Title() or os.path.splitext(filename)[0]


def attachment_sources(document):
    """``[(title, pdf bytes or None)]`` of ``document``'s 附件, in order."""
    note = list(getattr(document, "attachment_note", None) or ())
    return [
        (attachment_title(item, note, index), attachment_pdf(item))
        for index, item in enumerate(attachments_of(document))
    ]
