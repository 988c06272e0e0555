"""R-A1: uploaded PDF, Office and scanned files become page images and text.

Runs collective.documentviewer's real pipeline (soffice, gm, qpdf, pdftotext,
tesseract chi_sim) through its own upload subscriber, as a bureau upload does.
"""

import struct

import pytest
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from collective.documentviewer.settings import Settings
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

pytestmark = pytest.mark.slow

NOTICE_TITLE = "关于做好黄河防汛工作的通知"


def upload(portal, path, content_type):
    """Add a File with ``path`` the way the add form does (the viewer layer active)."""
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=portal,
            type="File",
            title=path.name,
            file=NamedBlobFile(path.read_bytes(), filename=path.name, contentType=content_type),
        )


def png_size(blob):
    """Width and height from a PNG blob's IHDR chunk."""
    with blob.open("r") as png:
        header = png.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def page_text(settings, page=1):
    """The text the viewer extracted (or read by OCR) for ``page``."""
    with settings.blob_files[f"text/dump_{page}.txt"].open("r") as text:
        return text.read().decode("utf-8")


def assert_converted_to_one_page(obj):
    """The document has the viewer layout, one page and images in all three sizes."""
    settings = Settings(obj)
    assert settings.successfully_converted is True, settings.exception_traceback
    assert obj.getLayout() == "documentviewer"
    assert settings.num_pages == 1
    widths = {
        size: png_size(settings.blob_files[f"{size}/dump_1.png"])[0]
        for size in ("large", "normal", "small")
    }
    assert widths == {"large": 1000, "normal": 700, "small": 180}
    return settings


def test_r_a1_chinese_pdf_gives_page_images_and_text(portal, sample_documents):
    obj = upload(portal, sample_documents["pdf"], "application/pdf")
    settings = assert_converted_to_one_page(obj)
    text = page_text(settings)
    assert NOTICE_TITLE in text
    assert "确保黄河长垣段安全度汛" in text


def test_r_a1_docx_goes_through_libreoffice(portal, sample_documents):
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    obj = upload(portal, sample_documents["docx"], docx_type)
    settings = assert_converted_to_one_page(obj)
    assert NOTICE_TITLE in page_text(settings)


def test_r_a1_scanned_pdf_is_read_by_chinese_ocr(portal, sample_documents):
    obj = upload(portal, sample_documents["scan"], "application/pdf")
    settings = assert_converted_to_one_page(obj)
    text = page_text(settings).replace(" ", "")
    recognised = [char for char in NOTICE_TITLE if char in text]
    # OCR of a 72 dpi rendering is not perfect; most of the title must come through.
    assert len(recognised) >= len(NOTICE_TITLE) - 2, text
    assert "防汛" in text, text


def test_r_a3_extracted_text_is_searchable(portal, sample_documents):
    obj = upload(portal, sample_documents["pdf"], "application/pdf")
    found = api.content.find(SearchableText="安全度汛", UID=obj.UID())
    assert [brain.UID for brain in found] == [obj.UID()]
