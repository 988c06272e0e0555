"""Issue 16: a worker's result is filed without colliding with the user's next action.

A render's result (the kept 处理单, the 正式文件) writes the file item and the
job's record, never the document nor its catalog record (which the user's
next step writes): the objects the result registers with the connection are
looked at directly. Their text stays out of the document's full text (R-A3:
the body and the 附件's text; the 正式文件 is the body typeset, the 处理单 its
opinions) and is found on the file item itself.
"""

import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.indexing import processQueue

from collective.gongwen.content import files
from collective.gongwen.content.versions import current_version_id
from tests.integration.test_routing_outgoing import do
from tests.integration.test_slip_refresh import OPINION
from tests.integration.test_slip_refresh import refresh
from tests.integration.test_slip_refresh import reviewed


def written_by(action):
    """The persistent objects ``action()`` registers as changed, its reindexing done as at commit.

    What was queued for the catalog before is indexed first, then a savepoint.
    """
    processQueue()
    transaction.savepoint()
    connection = api.portal.get()._p_jar
    assert connection._registered_objects == []
    action()
    processQueue()
    return list(connection._registered_objects)


def test_r_run1_filing_a_slip_writes_the_file_item_not_the_document(portal):
    document = reviewed(portal)
    do(document, "cy_office_deputy", "approve", OPINION)
    annotations = document.__annotations__
    catalog = api.portal.get_tool("portal_catalog")
    processQueue()  # the step's own reindexing, as at its commit
    rid = catalog.getrid("/".join(document.getPhysicalPath()))
    indexed = catalog.getIndexDataForRID(rid)
    written = written_by(lambda: refresh(portal, document))
    assert document["slip"] in written  # the refreshed file
    assert document not in written
    assert annotations not in written  # nor the document's records (opinions, jobs …)
    assert catalog.getIndexDataForRID(rid) == indexed  # nor its catalog record (R-A3)


def test_r_a3_the_files_made_of_the_document_are_not_in_its_full_text(portal):
    from collective.gongwen.content import searchable

    document = reviewed(portal)
    assert not searchable.in_document_text(document["slip"])
    with api.env.adopt_roles(["Manager"]):
        attachment = api.content.create(
            container=document,
            type="gongwen_attachment",
            id="roster",
            file=NamedBlobFile("值班表：王五".encode(), filename="值班表.txt"),
        )
    assert searchable.in_document_text(attachment)
    with api.env.adopt_roles(["Manager"]):
        record = files.add_file(
            document,
            "<归档记录>赵六</归档记录>".encode(),
            "归档记录.xml",
            role=files.RECORD,
            versioned=False,
        )
    assert not searchable.in_document_text(record)
    assert current_version_id(record) is None  # written once: no CMFEditions version
    text = searchable.document_text(document)
    assert "王五" in text
    assert searchable.attachment_text(document["slip"]) not in text
    assert "赵六" not in text


def test_r_run1_a_file_added_to_a_document_parses_no_body_and_checks_no_workflow(
    portal, monkeypatch
):
    """The document's ``IContainerModifiedEvent`` changes neither its body nor its
    classification: the body is not parsed again, the workflow chain not compared (both
    ran for each file added, the 归档记录 of every 归档 among them)."""
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    from collective.gongwen.content import classified
    from collective.gongwen.content import richtext

    document = reviewed(portal)
    calls = []
    monkeypatch.setattr(richtext, "clean_body_html", lambda value: calls.append("body") or value)
    monkeypatch.setattr(
        classified, "refuse_classified_content", lambda *args: calls.append("classified")
    )
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, "名单".encode(), "名单.txt")
    assert calls == []
    notify(ObjectModifiedEvent(document))  # an edit still does both
    assert sorted(calls) == ["body", "classified"]


def test_r_r1_a_file_added_without_modifying_its_document(portal):
    """The 归档记录 is added as any file is (named, catalogued, last in order, its owner
    and uid), but the document is not told it changed: no full reindex, the same
    modification date (归档 reindexes what it changed itself)."""
    from zope.component import adapter
    from zope.component import getGlobalSiteManager
    from zope.component import provideHandler
    from zope.container.interfaces import IContainerModifiedEvent

    document = reviewed(portal)
    processQueue()
    modified = document.modified()
    seen = []

    @adapter(IContainerModifiedEvent)
    def container_modified(event):
        seen.append(event.object)

    provideHandler(container_modified)
    try:
        with api.env.adopt_roles(["Manager"]):
            record = files.add_file(
                document, b"<x/>", "record.xml", role=files.RECORD, document_modified=False
            )
            assert seen == [] and document.modified() == modified
            plain = files.add_file(document, b"text", "plain.txt")
    finally:
        getGlobalSiteManager().unregisterHandler(container_modified)
    assert seen == [document]  # the plain file's
    assert document.objectIds()[-2:] == [record.getId(), plain.getId()]
    processQueue()
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog.unrestrictedSearchResults(UID=record.UID())) == 1
    assert record.getOwner() is not None and files.role_of(record) == files.RECORD
