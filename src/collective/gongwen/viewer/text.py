"""The text the viewer extracted from a converted file: pdftotext, or OCR for scans."""

from collective.documentviewer.settings import Settings

TEXT_PREFIX = "text/"


def viewer_text(obj):
    """All pages' text of ``obj`` as converted by the viewer, in page order; '' if not converted."""
    settings = Settings(obj)
    if not settings.successfully_converted or not settings.blob_files:
        return ""
    pages = []
    for page in range(1, (settings.num_pages or 0) + 1):
        blob = settings.blob_files.get(f"{TEXT_PREFIX}dump_{page}.txt")
        if blob is not None:
            with blob.open("r") as text:
                pages.append(text.read().decode("utf-8", "replace"))
    return "\n".join(pages)
