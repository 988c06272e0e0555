"""The text the viewer extracted from a converted file: pdftotext, or OCR for scans.

``ViewerText`` is an attachment's ``content.searchable.IExtractedText``: the full text
(R-A3) reads it without importing the viewer.
"""

from collective.documentviewer.settings import Settings
from zope.component import adapter
from zope.interface import implementer

from collective.gongwen.content.searchable import IExtractedText
from collective.gongwen.interfaces import IGongwenAttachment

TEXT_PREFIX = "text/"


def viewer_page_texts(obj):
    """Each page's text of ``obj`` as converted by the viewer, page 1 first; [] if not converted.

    A page whose text is missing is '' so that list positions stay page numbers.
    """
    settings = Settings(obj)
    if not settings.successfully_converted or not settings.blob_files:
        return []
    pages = []
    for page in range(1, (settings.num_pages or 0) + 1):
        blob = settings.blob_files.get(f"{TEXT_PREFIX}dump_{page}.txt")
        if blob is None:
            pages.append("")
            continue
        with blob.open("r") as text:
            pages.append(text.read().decode("utf-8", "replace"))
    return pages


def viewer_text(obj):
    """All pages' text of ``obj`` as converted by the viewer, in page order; '' if not converted."""
    return "\n".join(page for page in viewer_page_texts(obj) if page)


@implementer(IExtractedText)
@adapter(IGongwenAttachment)
class ViewerText:
    """An attachment's text as the viewer extracted it (R-A3)."""

    def __init__(self, context):
        self.context = context

    @property
    def text(self):
        return viewer_text(self.context)
