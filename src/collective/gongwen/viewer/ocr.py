"""OCR of scanned documents that tesseract can actually read in Chinese.

* Language: collective.documentviewer maps the site language through ISO
  639-2 and ends up with ``eng`` for ``zh-cn``; tesseract's Simplified Chinese
  model is ``chi_sim``. Bureau documents mix Chinese with Latin digits and
  codes, so a Chinese site asks for both models.
* Resolution: the viewer hands tesseract pages rendered by GraphicsMagick at
  its default 72 dpi, where a 16 pt Chinese character is 16 pixels high and
  comes out as noise. ``render_pages_for_ocr`` replaces that rendering
  with 300 dpi pages, the resolution tesseract is trained for.
* Detection: the viewer skips OCR when ``pdffonts`` lists fonts, but it looks
  for the column rule of an older poppler; Debian 12's pdffonts has one more
  column, so every PDF was treated as a scan and its exact text replaced by
  OCR guesses. ``pdf_has_text_layer`` reads the table whatever its columns.

Both fixes are applied by ``fix_conversion_tools`` when this module is
imported: by ZCML in Zope (the adapter below) and by the conversion tools'
process, which loads no ZCML.
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


OCR_DPI = 300


def render_pages_for_ocr(self, file_list, filepath, format):
    """Render each one-page PDF in ``file_list`` to an image tesseract reads well.

    Replaces ``GraphicsMagickSubProcess.convert_multiple_pdfs``: same inputs,
    same outputs (``page.pdf`` becomes ``page.<format>``, the PDF is removed),
    rendered at ``OCR_DPI`` in greyscale.
    """
    for single_file in file_list:
        output_file = os.path.splitext(single_file)[0] + "." + format
        self._run_command(
            [
                self.binary,
                "convert",
                "-density",
                str(OCR_DPI),
                "-colorspace",
                "GRAY",
                single_file,
                output_file,
            ]
        )
        os.remove(single_file)


def lists_fonts(pdffonts_output):
    """True when ``pdffonts`` output has at least one font row under its column rule."""
    lines = pdffonts_output.splitlines()
    for number, line in enumerate(lines):
        if line.strip() and set(line) <= {"-", " "}:
            return any(row.strip() for row in lines[number + 1 :])
    return False


def pdf_has_text_layer(self, filepath):
    """Replaces ``TextCheckerSubProcess.has``: does the PDF carry its own text?"""
    return lists_fonts(self._run_command([self.binary, filepath]))


def fix_conversion_tools():
    """Put the two fixes above into collective.documentviewer's tool classes (idempotent)."""
    from collective.documentviewer import convert

    convert.GraphicsMagickSubProcess.convert_multiple_pdfs = render_pages_for_ocr
    convert.TextCheckerSubProcess.has = pdf_has_text_layer


fix_conversion_tools()
