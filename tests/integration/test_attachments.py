"""Attachments on the Plone layer.

R-A3: the body and every attachment, OCR of scans included, find their
document. R-A2: replacing an attachment keeps its earlier version.
"""

import pytest
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.viewer.text import viewer_page_texts

# Only in the scan's OCR text (page image, no text layer): not in any title or field.
OCR_PHRASE = "安全度汛"


@pytest.fixture
def incoming(portal):
    """A 收文 registered in 长垣河务局 (demo organisation)."""
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=portal.changyuan.incoming,
            type="gongwen_incoming",
            title="关于转发防汛工作要求的通知",
            source_organ="新乡河务局",
            source_number="新河〔2026〕12号",
        )


def found(**query):
    """Paths of what a catalog query finds (as Manager)."""
    with api.env.adopt_roles(["Manager"]):
        return {brain.getPath() for brain in api.content.find(**query)}


def path(obj):
    return "/".join(obj.getPhysicalPath())


@pytest.mark.slow
def test_r_a3_ocr_of_a_scanned_attachment_finds_its_document(incoming, sample_documents):
    scan = sample_documents["scan"]
    with api.env.adopt_roles(["Manager"]):
        attachment = api.content.create(
            container=incoming,
            type="gongwen_attachment",
            id="scan",
            file=NamedBlobFile(
                scan.read_bytes(), filename="防汛通知扫描件.pdf", contentType="application/pdf"
            ),
        )
    # Queued on upload (R-A1); a worker's pipeline, run here, reads the scan.
    assert path(incoming) not in found(SearchableText=OCR_PHRASE)
    assert convert_inline(attachment) == "done"
    assert attachment.getLayout() == "documentviewer"
    assert found(SearchableText=OCR_PHRASE) == {path(incoming), path(attachment)}


def test_r_a3_body_text_finds_the_document(portal):
    with api.env.adopt_roles(["Manager"]):
        outgoing = api.content.create(
            container=portal.changyuan.outgoing,
            type="gongwen_outgoing",
            title="关于汛期值班的通知",
            text=RichTextValue(
                "<p>严格执行<strong>领导带班</strong>制度。</p>", "text/html", "text/x-html-safe"
            ),
        )
    assert path(outgoing) in found(SearchableText="领导带班")


def test_r_a3_removing_an_attachment_removes_its_text(incoming):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=incoming,
            type="gongwen_attachment",
            id="note",
            file=NamedBlobFile(
                "值班表：张三、李四".encode(), filename="值班表.txt", contentType="text/plain"
            ),
        )
        assert path(incoming) in found(SearchableText="张三")
        api.content.delete(incoming["note"])
    assert path(incoming) not in found(SearchableText="张三")


def test_r_a2_replacing_an_attachment_keeps_the_earlier_version(incoming):
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    with api.env.adopt_roles(["Manager"]):
        attachment = api.content.create(
            container=incoming,
            type="gongwen_attachment",
            id="roster",
            file=NamedBlobFile(
                "第一版值班表".encode(), filename="值班表.txt", contentType="text/plain"
            ),
        )
        attachment.file = NamedBlobFile(
            "第二版值班表".encode(), filename="值班表.txt", contentType="text/plain"
        )
        notify(ObjectModifiedEvent(attachment))
        repository = api.portal.get_tool("portal_repository")
        history = repository.getHistoryMetadata(attachment)
        assert history.getLength(countPurged=False) == 2
        first = repository.retrieve(attachment, 0).object
    assert first.file.data.decode() == "第一版值班表"
    assert attachment.file.data.decode() == "第二版值班表"


@pytest.mark.slow
def test_r_a3_phrase_only_on_page_7_of_a_scan_finds_its_document(incoming, long_samples):
    scan = long_samples["scan"]
    with api.env.adopt_roles(["Manager"]):
        attachment = api.content.create(
            container=incoming,
            type="gongwen_attachment",
            id="inspection-scan",
            file=NamedBlobFile(scan.read_bytes(), filename="检查记录扫描件.pdf"),
        )
    assert convert_inline(attachment) == "done"
    phrase = long_samples["phrase"]
    pages = viewer_page_texts(attachment)
    assert len(pages) == 8
    assert [number for number, text in enumerate(pages, 1) if phrase in text.replace(" ", "")] == [
        long_samples["marked_page"]
    ]
    assert path(incoming) in found(SearchableText=phrase)
