"""Which tesseract language data OCR uses for scanned documents.

collective.documentviewer maps the site language through ISO 639-2 and ends
up with ``eng`` for ``zh-cn``; tesseract's Simplified Chinese model is called
``chi_sim``. Bureau documents mix Chinese with Latin digits and codes, so a
Chinese site asks for both models.
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
