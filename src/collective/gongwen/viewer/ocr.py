"""The OCR language of scanned documents: Simplified Chinese on a Chinese site.

collective.documentviewer maps the site language through ISO 639-2 and ends
up with ``eng`` for ``zh-cn``; tesseract's Simplified Chinese model is
``chi_sim``. Bureau documents mix Chinese with Latin digits and codes, so a
Chinese site asks for both models. The conversion workers read this
language from the job (``conversion/views.py``); rendering pages at the
resolution tesseract needs and finding which pages are scans is
``conversion/pages.py``'s work.
"""

import os

from collective.documentviewer.adapters import StandardOCRLanguageAdapter
from collective.documentviewer.interfaces import IOCRLanguage
from plone.app.contenttypes.interfaces import IFile
from zope.component import adapter
from zope.interface import implementer

CHINESE_OCR_LANGUAGES = "chi_sim+eng"


def tesseract_languages(site_language):
    """Return the tesseract ``-l`` value for a Plone language code, or None.

    None means "not a Chinese site": the caller keeps its own default.
    """
    language = (site_language or "").lower().replace("_", "-")
    if language in ("zh", "zh-cn", "zh-hans", "zh-sg") or language.startswith("zh-hans"):
        return CHINESE_OCR_LANGUAGES
    return None


@adapter(IFile)
@implementer(IOCRLanguage)
class ChineseOCRLanguage(StandardOCRLanguageAdapter):
    """OCR language for files: ``chi_sim+eng`` on a Simplified Chinese site."""

    def getLanguage(self):
        if os.environ.get("OCR_LANGUAGE"):
            return os.environ["OCR_LANGUAGE"]
        from plone.api.portal import get_default_language

        return tesseract_languages(get_default_language()) or super().getLanguage()
