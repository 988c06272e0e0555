"""R-A1: uploaded PDF, Office and scanned files become page images and text.

An upload only queues the file (the viewer's subscriber calls our queue);
``convert_inline`` then runs the worker's real pipeline (soffice, gm, qpdf,
poppler, tesseract chi_sim) in this process and files the result with the
viewer's own storage code, as a worker's report does.
"""

import pytest
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from collective.documentviewer.settings import Settings
from PIL import Image
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.conversion.status import conversion_status

pytestmark = pytest.mark.slow

NOTICE_TITLE = "关于做好黄河防汛工作的通知"


def upload(portal, path, content_type):
    """Add a File with ``path`` the way the add form does, then convert it as a worker would."""
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(
            container=portal,
            type="File",
            title=path.name,
            file=NamedBlobFile(path.read_bytes(), filename=path.name, contentType=content_type),
        )
    assert conversion_status(obj)["state"] == "queued"
    assert convert_inline(obj) == "done", conversion_status(obj)
    return obj


def image_size(blob):
    """Width and height of a page image blob (JPEG, the bureau's viewer format)."""
    with blob.open("r") as data:
        image = Image.open(data)
        assert image.format == "JPEG"
        return image.size


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
        size: image_size(settings.blob_files[f"{size}/dump_1.jpg"])[0]
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
    # OCR is not perfect; most of the title must come through.
    assert len(recognised) >= len(NOTICE_TITLE) - 2, text
    assert "防汛" in text, text


def test_r_a3_extracted_text_is_searchable(portal, sample_documents):
    obj = upload(portal, sample_documents["pdf"], "application/pdf")
    found = api.content.find(SearchableText="安全度汛", UID=obj.UID())
    assert [brain.UID for brain in found] == [obj.UID()]
