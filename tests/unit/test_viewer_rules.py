"""R-A1 rules of the viewer that need no Zope: OCR language, text detection, import compat."""

import pytest

from collective.gongwen.viewer import compat
from collective.gongwen.viewer.ocr import CHINESE_OCR_LANGUAGES
from collective.gongwen.viewer.ocr import lists_fonts
from collective.gongwen.viewer.ocr import tesseract_languages

# pdffonts of poppler 22 (Debian 12): an "encoding" column the viewer did not expect.
PDFFONTS_WITH_FONTS = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
BAAAAA+NotoSerifCJKjp-Bold-VKana     Type 1            Builtin          yes yes yes      9  0
"""
PDFFONTS_OF_A_SCAN = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
"""
PDFFONTS_OLD_POPPLER = """\
name                                 type              emb sub uni object ID
------------------------------------ ----------------- --- --- --- ---------
Helvetica                            Type 1            no  no  no       5  0
"""


@pytest.mark.parametrize("language", ["zh-cn", "zh", "zh_CN", "ZH-CN", "zh-hans"])
def test_r_a1_chinese_sites_ocr_in_simplified_chinese(language):
    assert tesseract_languages(language) == CHINESE_OCR_LANGUAGES == "chi_sim+eng"


@pytest.mark.parametrize("language", ["en", "de", "", None])
def test_r_a1_other_sites_keep_the_viewer_default(language):
    assert tesseract_languages(language) is None


def test_r_a1_pdf_with_fonts_has_a_text_layer():
    assert lists_fonts(PDFFONTS_WITH_FONTS)


def test_r_a1_pdf_from_older_poppler_has_a_text_layer():
    assert lists_fonts(PDFFONTS_OLD_POPPLER)


def test_r_a1_scan_has_no_text_layer():
    assert not lists_fonts(PDFFONTS_OF_A_SCAN)
    assert not lists_fonts("")


def test_compat_names_exist_and_apply_is_idempotent():
    import zope.component.interfaces
    import zope.interface.interfaces

    compat.apply()
    assert compat.apply() == []
    assert zope.component.interfaces.IObjectEvent is zope.interface.interfaces.IObjectEvent
    assert zope.component.interfaces.ObjectEvent is zope.interface.interfaces.ObjectEvent
