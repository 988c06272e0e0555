"""The reading events (issue 16, content/events.py): FileDownloaded for any file of a 发文/收文
— a file item (附件, 正式文件, 来文原件) or an earlier version of one, the kept slip, the exchange
package — and DocumentViewed for the document page; each fired once, with the user, the
file/version and the document, and never writing to the document itself."""

import pytest
import transaction
from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.event import notify
from zope.interface import alsoProvides
from ZPublisher.pubevents import PubAfterTraversal

from collective.gongwen.content import files
from collective.gongwen.content.events import FILE
from collective.gongwen.content.events import PACKAGE
from collective.gongwen.content.events import SLIP
from collective.gongwen.content.events import IDocumentViewed
from collective.gongwen.content.events import IFileDownloaded
from collective.gongwen.content.versions import current_version_id
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.typeset.child import SLIP as SLIP_RENDER
from tests.integration.test_exchange_deliveries import sent_request
from tests.integration.test_incoming_deadlines import publish_download
from tests.integration.test_incoming_deadlines import traversed
from tests.integration.test_incoming_deadlines import with_original  # noqa: F401 (fixture)
from tests.support.events import catching
from tests.support.events import of
from tests.support.outgoing import draft_outgoing
from tests.support.packages import package_of
from tests.support.renders import render_round_trip
from tests.support.views import render_as

RECEIVER = "cy_eng_receiver"


def downloads_of(seen):
    return of(seen, IFileDownloaded)


def test_r_i4_a_file_item_download_fires_once_with_user_item_and_document(with_original):  # noqa: F811
    document = with_original
    original = files.original_of(document)
    with catching(IFileDownloaded, IDocumentViewed) as seen:
        publish_download(document, RECEIVER)
        publish_download(document, RECEIVER, "original/@@display-file/file")
    first, second = downloads_of(seen)
    assert len(seen) == 2
    for event in (first, second):
        assert event.object == document and event.item == original
        assert (event.kind, event.file_id, event.user_id) == (FILE, "original", RECEIVER)
        assert event.title == original.Title() and event.version is None


def test_r_a2_an_earlier_versions_download_names_the_version(with_original):  # noqa: F811
    document = with_original
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(document, b"first text", "roster.txt")
        files.replace_file(item, b"second text", "roster.txt")
    old = str(int(current_version_id(item)) - 1)
    with catching(IFileDownloaded) as seen:
        publish_download(document, RECEIVER, f"{item.getId()}/@@gongwen-version-download/{old}")
    (event,) = downloads_of(seen)
    assert (event.item, event.file_id, event.version) == (item, item.getId(), old)


def test_r_i4_no_event_for_anonymous_a_later_range_or_another_view(with_original):  # noqa: F811
    document = with_original
    with catching(IFileDownloaded) as seen:
        publish_download(document, None)
        document.REQUEST.environ["HTTP_RANGE"] = "bytes=1000-2000"
        try:
            publish_download(document, RECEIVER)
        finally:
            del document.REQUEST.environ["HTTP_RANGE"]
        with api.env.adopt_user(username=RECEIVER):
            document.REQUEST["PUBLISHED"] = traversed(document, "original/@@gongwen-versions")
            notify(PubAfterTraversal(document.REQUEST))
    assert seen == []


def test_r_t1_the_official_documents_download_fires_for_the_outgoing(portal):
    document = sent_request(portal)
    official = document["official"]
    with catching(IFileDownloaded) as seen:
        publish_download(document, "cy_secretary1", "official/@@download/file")
    (event,) = downloads_of(seen)
    assert event.object == document and event.item == official
    assert (event.kind, event.file_id, event.user_id) == (FILE, "official", "cy_secretary1")


def fetch_slip(document):
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.method = request["REQUEST_METHOD"] = "GET"
    request.response.setStatus(200)
    with api.env.adopt_user(username=document.routing_drafter):
        body = document.restrictedTraverse("@@gongwen-slip")()
    IStatusMessage(request).show()
    return body


def test_r_t2_the_kept_slip_download_fires_once_and_not_while_it_is_made(portal):
    document = draft_outgoing(portal)
    with catching(IFileDownloaded) as seen:
        assert fetch_slip(document) == ""  # none kept yet: asked for, nothing downloaded
    assert seen == []
    assert render_round_trip(portal, document, SLIP_RENDER)[0] == 200
    with catching(IFileDownloaded) as seen:
        assert fetch_slip(document) == document["slip"].file.data
    (event,) = downloads_of(seen)
    assert (event.kind, event.item, event.user_id) == (SLIP, None, document.routing_drafter)
    assert event.object == document and event.file_id == "slip"


@pytest.mark.slow
def test_r_x3_the_exchange_packages_download_fires_once(portal):
    document = sent_request(portal)
    with catching(IFileDownloaded) as seen, api.env.adopt_user(username="cy_secretary1"):
        body = package_of(document)  # asked for (no event), built by the job, downloaded
    assert body[:2] == b"PK"
    (event,) = downloads_of(seen)
    assert (event.kind, event.item, event.user_id) == (PACKAGE, None, "cy_secretary1")
    assert event.object == document and event.file_id.endswith(".zip")


def test_r_a1_the_document_page_fires_document_viewed_once_and_writes_nothing(portal):
    document = draft_outgoing(portal)
    alsoProvides(document.REQUEST, IGongwenLayer)
    document.REQUEST.method = document.REQUEST["REQUEST_METHOD"] = "GET"
    transaction.savepoint()
    assert not document._p_changed
    with catching(IDocumentViewed, IFileDownloaded) as seen:
        _view, html = render_as(document, "view", document.routing_drafter)
    assert html
    (event,) = of(seen, IDocumentViewed)
    assert len(seen) == 1
    assert event.object == document and event.user_id == document.routing_drafter
    assert not document._p_changed
