"""R-A1: the viewer's search box finds Chinese in converted PDFs and in OCR'd scans.

Files go through the workers' real pipeline in this process (pdftotext, or
tesseract chi_sim for the scan; ``convert_inline``), then ``dv-search.json``
is asked the way the viewer's JavaScript asks it.
"""

import json

import pytest
from collective.documentviewer.browser.views import DocumentViewerSearchView
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from collective.documentviewer.settings import Settings
from plone import api
from plone.app.contenttypes.interfaces import IFile
from plone.browserlayer.layer import mark_layer
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile
from zope.component import getMultiAdapter
from zope.dottedname.resolve import resolve
from zope.interface import alsoProvides
from zope.publisher.browser import TestRequest
from zope.traversing.interfaces import BeforeTraverseEvent

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.viewer.search import ViewerSearch
from tests.support.documents import run
from tests.support.documents import soffice_convert

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_page_pdf(sample_documents, tmp_path_factory):
    """Page 1 the Chinese 通知 (text layer), page 2 an English page."""
    outdir = tmp_path_factory.mktemp("two-pages")
    english = outdir / "english.txt"
    english.write_text("Notice on flood\ncontrol along the Yellow River.\n", "utf-8")
    english_pdf = soffice_convert(english, "pdf", outdir)
    combined = outdir / "two-pages.pdf"
    run(
        "qpdf",
        "--empty",
        "--pages",
        str(sample_documents["pdf"]),
        str(english_pdf),
        "--",
        str(combined),
    )
    return combined


@pytest.fixture
def site_request(portal):
    """The request marked with the site's browser layers, as Plone marks it on traversal."""
    request = portal.REQUEST
    mark_layer(portal, BeforeTraverseEvent(portal, request))
    return request


def converted_file(portal, path):
    """A File with ``path``, uploaded and converted by the workers' pipeline in this process."""
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(
            container=portal,
            type="File",
            title=path.name,
            file=NamedBlobFile(
                path.read_bytes(), filename=path.name, contentType="application/pdf"
            ),
        )
    assert convert_inline(obj) == "done", conversion_status(obj)
    return obj


def search(obj, request, query):
    """The JSON ``dv-search.json`` answers for ``query``."""
    request.form["q"] = query
    view = getMultiAdapter((obj, request), name="dv-search.json")
    assert isinstance(view, ViewerSearch)
    answer = json.loads(view())
    assert request.response.getHeader("Content-Type") == "application/json"
    return answer


def test_r_a1_search_finds_chinese_in_a_converted_pdf(portal, site_request, two_page_pdf):
    obj = converted_file(portal, two_page_pdf)
    assert Settings(obj).num_pages == 2
    assert search(obj, site_request, "安全度汛") == {"results": [1], "query": "安全度汛"}
    assert search(obj, site_request, "黄河长垣段")["results"] == [1]
    assert search(obj, site_request, "Flood Control")["results"] == [2]
    assert search(obj, site_request, "通知")["results"] == [1]
    assert search(obj, site_request, "抗旱")["results"] == []


def test_r_a1_search_finds_chinese_in_an_ocr_scan(portal, site_request, sample_documents):
    obj = converted_file(portal, sample_documents["scan"])
    ocr_text = Settings(obj).blob_files["text/dump_1.txt"].open("r").read().decode("utf-8")
    assert search(obj, site_request, "防汛")["results"] == [1], ocr_text
    assert search(obj, site_request, "领导 带班")["results"] == [1], ocr_text
    # DV's own view: its word index holds whole lines of Chinese, never "防汛".
    site_request.form["q"] = "防汛"
    assert json.loads(DocumentViewerSearchView(obj, site_request)())["results"] == []


def test_r_a1_search_sends_the_query_back_escaped(portal, site_request, sample_documents):
    obj = converted_file(portal, sample_documents["pdf"])
    answer = search(obj, site_request, '<b>"防汛"</b>')
    assert answer == {"results": [], "query": "&lt;b&gt;&quot;防汛&quot;&lt;/b&gt;"}
    assert search(obj, site_request, "") == {"results": [], "query": None}


def test_r_a1_every_file_type_gets_our_search(portal, site_request):
    """Ours must be more specific than DV's view for IFile on every file type of the site."""
    file_types = [
        fti.getId()
        for fti in api.portal.get_tool("portal_types").objectValues()
        if IDexterityFTI.providedBy(fti) and IFile.implementedBy(resolve(fti.klass))
    ]
    assert {"File", "gongwen_attachment"} <= set(file_types)
    for portal_type in file_types:
        view = getMultiAdapter((createContent(portal_type), site_request), name="dv-search.json")
        assert isinstance(view, ViewerSearch), portal_type


def test_r_a1_sites_without_gongwen_keep_the_viewers_search(portal):
    request = TestRequest()
    alsoProvides(request, IViewerLayer)
    view = getMultiAdapter((createContent("File"), request), name="dv-search.json")
    assert isinstance(view, DocumentViewerSearchView)
    assert not isinstance(view, ViewerSearch)
