"""R-S1 on the Plone layer: a 发文/收文 is found by its 文号, 收文编号, 来文字号 or 档号 however
typed — exactly (``search.lookup.find_by_number``, permission-filtered) and through Plone's
own search (``@@search``, the REST ``@search``) — and the search's catalog values (年度,
保管期限, 行文方向, 来文机关, the 归档章's 档号, 件号 and 法律冻结) are indexed.
"""

import datetime

import pytest
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.restapi.search.handler import SearchHandler
from zope.interface import alsoProvides

from collective.gongwen.archive.record import write_archive_info
from collective.gongwen.archive.rules import format_archival_code
from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.numbering import issue_number
from collective.gongwen.numbering.rules import parse_issue_number
from collective.gongwen.numbering.rules import parse_receipt_number
from collective.gongwen.search.lookup import find_by_number
from collective.gongwen.search.splitter import GongwenSplitter
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing


def spellings(code, year, n, mark=""):
    """How people type the number 「{code}{mark}〔{year}〕{n}号」."""
    wide_year = "".join(chr(ord(digit) + 0xFEE0) for digit in str(year))
    return (
        f"{code}{mark}〔{year}〕{n}号",
        f"{code}{mark}[{year}]{n}号",
        f"{code}{mark}【{year}】第{n}号",
        f"{code}{mark}（{year}）{n:03d}号",
        f"{code}{mark}({year}){n}",
        f"{code}{mark}［{wide_year}］{n}号",
        f"{code}{mark} {year} {n}号",
    )


# Who searches (Manager is not given View on documents by their workflows): the drafter
# of the 发文 drafts, and 长垣河务局's secretary who registers its 收文.
DRAFTER = "cy_eng_staff"
SECRETARY = "cy_secretary1"


def uids(brains):
    return [brain.UID for brain in brains]


@pytest.fixture
def numbered(portal):
    """Two 发文 of 长垣河务局 with consecutive real 文号 (the numbering's own series)."""
    with api.env.adopt_roles(["Manager"]):
        documents = [draft_outgoing(portal) for _ in range(2)]
        for document in documents:
            issue_number(document)
    return documents


def test_r_s1_lookup_finds_an_issue_number_however_typed(numbered):
    first, second = numbered
    code, year, n = parse_issue_number(first.issue_number)
    assert parse_issue_number(second.issue_number) == (code, year, n + 1)
    with api.env.adopt_user(username=DRAFTER):
        for spelling in spellings(code, year, n):
            assert uids(find_by_number(spelling)) == [first.UID()], spelling
        assert uids(find_by_number(f"{code}〔{year}〕{n + 1}号")) == [second.UID()]
        assert find_by_number(f"{code}〔{year}〕{n + 100}号") == []
        assert find_by_number("") == []


def test_r_s1_lookup_finds_receipt_and_source_numbers(portal):
    document = register_incoming(portal, source_number="新河〔2026〕31号")
    code, year, n = parse_receipt_number(document.receipt_number)
    with api.env.adopt_user(username=SECRETARY):
        for spelling in spellings(code, year, n, mark="收"):
            assert uids(find_by_number(spelling)) == [document.UID()], spelling
        for spelling in spellings("新河", 2026, 31):
            assert uids(find_by_number(spelling)) == [document.UID()], spelling
        # the 文号 of the same series is another number
        assert document.UID() not in uids(find_by_number(f"{code}〔{year}〕{n}号"))


def test_r_s1_lookup_shows_only_what_the_user_may_see(portal, numbered):
    first = numbered[0]
    with api.env.adopt_user(username="cy_eng_staff"):  # its drafter
        assert uids(find_by_number(first.issue_number)) == [first.UID()]
    with api.env.adopt_user(username="xx_archivist"):  # another unit's archivist
        assert find_by_number(first.issue_number) == []
        assert uids(find_by_number(first.issue_number, unrestricted=True)) == [first.UID()]


@pytest.fixture
def site_search(portal):
    """``@@search``'s results for a text typed into Plone's search box (as ``user``)."""

    def search(text, user=DRAFTER):
        request = portal.REQUEST
        request.form.clear()
        request.form["SearchableText"] = text
        view = api.content.get_view("search", portal, request)
        with api.env.adopt_user(username=user):
            return [brain.UID for brain in view.results(batch=False, use_content_listing=False)]

    return search


def rest_search(portal, text, user=DRAFTER):
    """The URLs of the REST ``@search``'s items for ``SearchableText`` (as ``user``)."""
    with api.env.adopt_user(username=user):
        found = SearchHandler(portal, portal.REQUEST).search({"SearchableText": text})
    return [item["@id"] for item in found["items"]]


def test_r_s1_the_lexicon_uses_the_gongwen_splitter(portal):
    lexicon = api.portal.get_tool("portal_catalog").plone_lexicon
    assert any(isinstance(element, GongwenSplitter) for element in lexicon._pipeline)


def test_r_s1_plone_search_finds_numbers_typed_with_any_brackets(portal, numbered, site_search):
    first, second = numbered
    code, year, n = parse_issue_number(first.issue_number)
    incoming = register_incoming(portal)
    receipt = incoming.receipt_number
    for spelling in spellings(code, year, n):
        assert first.UID() in site_search(spelling), spelling
        assert second.UID() not in site_search(spelling), spelling
        assert first.absolute_url() in rest_search(portal, spelling), spelling
    for spelling in (receipt, receipt.replace("〔", "[").replace("〕", "]")):
        assert incoming.UID() in site_search(spelling, SECRETARY), spelling
        assert incoming.absolute_url() in rest_search(portal, spelling, SECRETARY), spelling
        assert first.UID() not in site_search(spelling)
    # what worked before still works: the words, and Chinese text by bigrams
    assert first.UID() in site_search(f"{code}{year} {n}号")
    assert first.UID() in site_search("汛前检查")


def test_r_s1_a_number_mentioned_in_the_body_finds_the_document(portal, site_search):
    from tests.support.outgoing import body

    citing = draft_outgoing(portal, text=body("<p>根据新河〔2026〕77号文件精神，现通知如下。</p>"))
    assert citing.UID() in site_search("新河[2026]第77号")
    assert citing.UID() not in site_search("新河[2026]7号")


def test_r_s1_facet_values_are_indexed(portal, numbered):
    first = numbered[0]
    incoming = register_incoming(
        portal, source_organ=" 黄河水利委员会 ", received_date=datetime.date(2025, 12, 30)
    )
    find = api.portal.get_tool("portal_catalog").unrestrictedSearchResults
    (entry,) = find(UID=first.UID())
    (other,) = find(UID=incoming.UID())
    assert entry.direction == "downward"
    assert entry.gongwen_year == first.created().year()
    assert other.gongwen_year == 2025
    assert other.source_organ == "黄河水利委员会"
    assert incoming.UID() in uids(find(source_organ="黄河水利委员会"))
    assert incoming.UID() in uids(find(gongwen_year=2025))
    assert first.UID() in uids(find(direction="downward"))
    assert first.UID() not in uids(find(direction="upward"))
    assert entry.archival_code is None


def test_r_s1_archived_values_are_indexed(portal, numbered):
    first = numbered[0]
    code = format_archival_code("118", 2015, "10_years", "BGS", 7)
    write_archive_info(
        first,
        fonds_number="118",
        category="WS",
        year=2015,
        retention="10_years",
        organ_code="BGS",
        item_number=7,
        archival_code=code,
        legal_hold={"reason": "诉讼", "by": "cy_archivist", "at": None},
    )
    indexes = ["number_keys", "gongwen_year", "retention", "archival_code", "item_number"]
    first.reindexObject(idxs=[*indexes, "legal_hold", "SearchableText"])
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username=DRAFTER):
        assert uids(catalog(SearchableText=code)) == [first.UID()]  # Plone's own box too
        assert uids(find_by_number("118-ws-2015-d10-bgs-7")) == [first.UID()]
        assert uids(find_by_number(first.issue_number)) == [first.UID()]
        assert uids(catalog(archival_code=code)) == [first.UID()]
        query = {"item_number": 7, "gongwen_year": 2015, "retention": "10_years"}
        assert uids(catalog(**query)) == [first.UID()]
        assert first.UID() in uids(catalog(legal_hold=True))
        assert first.UID() not in uids(catalog(legal_hold=False))
        assert catalog(UID=first.UID())[0].archival_code == code


@pytest.mark.slow
def test_r_s1_a_phrase_only_in_an_attachments_ocr_finds_its_document(
    portal, sample_documents, site_search
):
    """The scan's page is an image: its words reach the index only through Chinese OCR."""
    document = draft_outgoing(portal)
    phrase = "安全度汛"  # in the scan only, not in the document's fields or body
    assert phrase not in document.Title() + document.text.raw
    assert document.UID() not in site_search(phrase)
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_user(username="cy_eng_staff"):
        scan = sample_documents["scan"]
        attachment = api.content.create(
            container=document,
            type="gongwen_attachment",
            title="扫描件",
            file=NamedBlobFile(
                scan.read_bytes(), filename="扫描件.pdf", contentType="application/pdf"
            ),
        )
    assert convert_inline(attachment) == "done"
    found = site_search(phrase)
    assert document.UID() in found
    assert document.absolute_url() in rest_search(portal, phrase)
