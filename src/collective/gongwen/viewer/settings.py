"""The document-viewer settings a bureau site runs with.

collective.documentviewer keeps its global settings in an annotation on the
site. Bureau documents arrive as PDF, Word/WPS, Excel and scanned images, and
many scans carry no text layer, so every one of those kinds is converted and
OCR runs whenever a PDF has no text of its own.
"""

from collective.documentviewer.settings import GlobalSettings

BUREAU_VIEWER_SETTINGS = {
    "auto_layout_file_types": ["pdf", "word", "excel", "ppt", "rft", "txt", "image"],
    "auto_select_layout": True,
    "auto_convert": True,
    "enable_indexation": True,
    "ocr": True,
    "detect_text": True,
    "pdf_image_format": "jpg",
    "storage_type": "Blob",
    "show_sidebar": True,
    "show_search": True,
}


def apply_bureau_viewer_settings(site):
    """Write ``BUREAU_VIEWER_SETTINGS`` into the site's viewer settings."""
    settings = GlobalSettings(site)
    for name, value in BUREAU_VIEWER_SETTINGS.items():
        setattr(settings, name, value)
    return settings
