"""R-A1 rules of the viewer that need no Zope: OCR language, import compat."""

import pytest

from collective.gongwen.viewer import compat
from collective.gongwen.viewer.ocr import CHINESE_OCR_LANGUAGES
from collective.gongwen.viewer.ocr import tesseract_languages


@pytest.mark.parametrize("language", ["zh-cn", "zh", "zh_CN", "ZH-CN", "zh-hans"])
def test_r_a1_chinese_sites_ocr_in_simplified_chinese(language):
    assert tesseract_languages(language) == CHINESE_OCR_LANGUAGES == "chi_sim+eng"


@pytest.mark.parametrize("language", ["en", "de", "", None])
def test_r_a1_other_sites_keep_the_viewer_default(language):
    assert tesseract_languages(language) is None


def test_compat_names_exist_and_apply_is_idempotent():
    import zope.component.interfaces
    import zope.interface.interfaces

    compat.apply()
    assert compat.apply() == []
    assert zope.component.interfaces.IObjectEvent is zope.interface.interfaces.IObjectEvent
    assert zope.component.interfaces.ObjectEvent is zope.interface.interfaces.ObjectEvent
