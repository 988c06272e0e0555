"""R-R1 on the Plone layer: 归档 of a finished 发文/收文 through ``filing.archive_document`` —
the 归档章 proposed and written, the 件号 gapless per group, the 归档记录 filed, the
``archive`` transition made only there — and the archived document read-only for
everyone, Manager included, on every path."""

import pytest
from AccessControl import Unauthorized as AccessUnauthorized
from plone import api
from plone.dexterity.content import Container
from zExceptions import Forbidden
from zExceptions import Unauthorized as PublisherUnauthorized
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.archive import filing
from collective.gongwen.archive import readonly
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.recordfile import parse_record
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.content import files
from collective.gongwen.steps.opinions import opinions
from tests.support.archive import archive_as
from tests.support.archive import finished_incoming
from tests.support.archive import sent_outgoing
from tests.support.views import post_as
from tests.support.views import render_as

# Refused by a permission (either package's Unauthorized) or by the subscribers (Forbidden)
Unauthorized = (AccessUnauthorized, PublisherUnauthorized)
REFUSED = (Forbidden, *Unauthorized)

WRITES = (
    "Modify portal content",
    "Add portal content",
    "collective.gongwen: Add Attachment",
    "Delete objects",
    "CMFEditions: Save new version",
    "CMFEditions: Revert to previous versions",
    "Change local roles",
    "Change permissions",
    "Manage properties",
)


def state(document):
    return api.content.get_state(obj=document)


def test_r_r1_proposed_fields_of_a_sent_outgoing(portal):
    document = sent_outgoing(portal)
    fields = filing.proposed_fields(document)
    assert fields == {
        "fonds_number": "118",
        "year": document.written_date.year,
        "retention": "30_years",  # no 建议保管期限: 定期30年
        "organ_code": "GCK",
        "organ_title": "工程管理科",
    }
    document.retention = "10_years"
    assert filing.proposed_fields(document)["retention"] == "10_years"


def test_r_r1_proposed_fields_of_a_done_incoming_and_the_fallbacks(portal):
    document = finished_incoming(portal)
    fields = filing.proposed_fields(document)
    assert fields["organ_code"] == "GCK" and fields["organ_title"] == "工程管理科"
    assert fields["retention"] == "30_years"  # 档案设置's default for 收文
    assert fields["year"] == document.received_date.year
    document.handling_departments = []
    assert filing.proposed_fields(document)["organ_code"] == "BGS"  # the 办公室
    portal["changyuan"]["office"].organ_code = ""
    assert filing.proposed_fields(document)["organ_code"] == "OFFICE"  # its id in capitals


def test_r_r1_archive_document_writes_the_stamp_files_the_record_and_archives(portal):
    document = sent_outgoing(portal)
    manifest = [{"path": "official", "version": None, "sha256": "ab" * 32, "sm3": "cd" * 32}]
    info = archive_as(document, files=manifest, report_id="r-1", retention="10_years")
    assert state(document) == "archived"
    assert info["archival_code"] == f"118-WS·{info['year']}-D10-GCK-0001"
    stored = archive_info(document)
    assert stored["item_number"] == 1 and stored["archived_by"] == "cy_archivist"
    assert stored["report_id"] == "r-1" and stored["archived_at"].tzinfo is not None
    assert stored["files"][0] == manifest[0]
    record = document[filing.RECORD_ID]
    assert files.role_of(record) == files.RECORD
    assert stored["files"][-1]["path"] == filing.RECORD_ID
    assert stored["files"][-1]["size"] == record.file.getSize()
    stamp = parse_record(record.file.data)
    assert stamp["档号"] == info["archival_code"] and stamp["保管期限"] == "定期10年"
    text = record.file.data.decode()
    assert "同意印发。" in text and "<流转记录" in text and "<审计记录" in text
    # the opinion history says who archived it, as every transition does
    last = opinions(document)[-1]
    assert (last.step, last.action, last.actor) == ("sent", "archive", "cy_archivist")
    # the catalog knows the new state (and the 档号 where search has its index)
    catalog = api.portal.get_tool("portal_catalog")
    assert catalog.unrestrictedSearchResults(UID=document.UID())[0].review_state == "archived"
    if "archival_code" in catalog.indexes():
        found = catalog.unrestrictedSearchResults(archival_code=info["archival_code"])
        assert [b.UID for b in found] == [document.UID()]


def test_r_r1_incoming_is_archived_too(portal):
    document = finished_incoming(portal)
    info = archive_as(document)
    assert state(document) == "archived"
    assert info["archival_code"].endswith("-D30-GCK-0001")


def test_r_r1_item_numbers_gapless_within_each_group(portal):
    first, second, other = (sent_outgoing(portal) for _ in range(3))
    assert archive_as(first)["item_number"] == 1
    assert archive_as(second)["item_number"] == 2
    assert archive_as(other, retention="permanent")["item_number"] == 1  # another group


@pytest.mark.parametrize(
    "user, msgid",
    [
        ("cy_secretary1", "archive_refused_not_archivist"),
        ("xx_archivist", "archive_refused_not_archivist"),  # another unit's
        ("cy_eng_staff", "archive_refused_not_archivist"),
    ],
)
def test_r_r1_only_the_units_archivist_archives(portal, user, msgid):
    document = sent_outgoing(portal)
    with pytest.raises(ArchiveError) as refused:
        archive_as(document, user=user)
    assert refused.value.msgid == msgid
    assert state(document) == "sent" and archive_info(document) is None
    assert filing.RECORD_ID not in document.objectIds()
    assert archive_as(document)["item_number"] == 1  # nothing was taken


def test_r_r1_manager_is_no_archivist(portal):
    document = sent_outgoing(portal)
    with api.env.adopt_roles(["Manager"]), pytest.raises(ArchiveError):
        filing.archive_document(document, filing.proposed_fields(document), [], None, "admin")
    assert state(document) == "sent"


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"fonds_number": ""}, "全宗号"),
        ({"fonds_number": "1-18"}, "全宗号"),
        ({"year": "20x6"}, "年度"),
        ({"year": 99999}, "年度"),
        ({"retention": "forever"}, "保管期限"),
        ({"organ_code": "工程"}, "机构(问题)代码"),
        ({"organ_code": ["GCK"]}, "机构(问题)代码"),
        ({"organ_title": " "}, "机构(问题)"),
        ({"organ_title": "科" * 101}, "100"),
    ],
)
def test_r_r1_bad_stamp_fields_are_refused_in_chinese(portal, fields, word):
    document = sent_outgoing(portal)
    with pytest.raises(ArchiveError) as refused:
        archive_as(document, **fields)
    assert word in str(refused.value)
    assert state(document) == "sent"


def test_r_r1_not_while_the_slip_is_being_made(portal):
    from tests.support.archive import TO_SENT
    from tests.support.outgoing import draft_outgoing
    from tests.support.outgoing import walk_until

    document = walk_until(draft_outgoing(portal, main_recipients=["局属各科室"]), TO_SENT, "sent")
    with pytest.raises(ArchiveError) as refused:
        archive_as(document)
    assert refused.value.msgid == "archive_refused_pending"


def test_r_r1_the_transition_is_made_by_archive_document_only(portal):
    from collective.gongwen.routing.actions import act

    document = sent_outgoing(portal)
    workflow = api.portal.get_tool("portal_workflow")
    for user in ("cy_archivist", "admin"):
        with api.env.adopt_user(username=user):
            assert "archive" not in [t["id"] for t in workflow.getTransitionsFor(document)]
    with api.env.adopt_user(username="cy_archivist"):
        with pytest.raises(Exception):  # noqa: B017 - the 办理 panel's path
            act(document, "archive", "")
        with pytest.raises(api.exc.InvalidParameterError):
            api.content.transition(obj=document, transition="archive")
    with api.env.adopt_roles(["Manager"]), pytest.raises(Exception):  # noqa: B017
        workflow.doActionFor(document, "archive")  # DCWorkflow's guard refuses it
    assert state(document) == "sent" and archive_info(document) is None


def shown(document, name, user):
    """``render_as`` by GET (the worker round trips before leave the test request a POST)."""
    request = document.REQUEST
    request.method = request["REQUEST_METHOD"] = "GET"
    return render_as(document, name, user)


def archived(portal):
    document = sent_outgoing(portal)
    archive_as(document)
    return document


def test_r_r1_nobody_holds_a_write_permission_on_an_archived_document_or_its_files(portal):
    document = archived(portal)
    for obj in (document, document["official"], document[filing.RECORD_ID]):
        for permission in WRITES:
            with api.env.adopt_roles(["Manager"]):
                assert not api.user.has_permission(permission, obj=obj), (obj.getId(), permission)
            for user in ("cy_archivist", "cy_secretary1", "cy_eng_staff"):
                assert not api.user.has_permission(permission, username=user, obj=obj), (
                    obj.getId(),
                    permission,
                    user,
                )
    # the unit's archivists read it
    assert api.user.has_permission("View", username="cy_archivist", obj=document)


def test_r_r1_code_with_managers_rights_cannot_change_it(portal):
    document = archived(portal)
    official = document["official"]
    with api.env.adopt_roles(["Manager"]):
        document.title = "改过的标题"
        with pytest.raises(Forbidden) as refused:
            readonly.refuse_change(document, ObjectModifiedEvent(document))
        assert "只读" in str(refused.value)
        with pytest.raises(REFUSED):
            notify(ObjectModifiedEvent(document))
        with pytest.raises(REFUSED):  # CMFEditions' save may refuse first
            notify(ObjectModifiedEvent(official))
        with pytest.raises(REFUSED):  # no Add Attachment, and refused
            files.add_file(document, b"%PDF-1.4", "extra.pdf")
        with pytest.raises(Forbidden):  # added as the system does, without the document's event
            files.add_file(document, b"%PDF-1.4", "extra.pdf", document_modified=False)
        with pytest.raises(REFUSED):
            document.manage_delObjects([official.getId()])
        with pytest.raises(Forbidden):  # a rename in place: R-O13 lets it through, R-R1 not
            document.aq_parent.manage_renameObject(document.getId(), "renamed")
        with pytest.raises(REFUSED):
            api.content.delete(obj=document)
        with pytest.raises(REFUSED):
            api.content.move(source=document, target=portal["xinxiang"]["outgoing"])
    # code that skips every permission check is refused by the subscribers
    folder = document.aq_parent
    with pytest.raises(Forbidden):
        super(Container, folder)._delObject(document.getId())
    with pytest.raises(Forbidden):
        super(Container, document)._delObject(official.getId())
    assert official.getId() in document.objectIds()


def test_r_r1_sharing_an_archived_document_is_refused(portal):
    from plone.app.workflow.events import LocalrolesModifiedEvent

    document = archived(portal)
    with pytest.raises(Forbidden):
        notify(LocalrolesModifiedEvent(document, document.REQUEST))


def test_r_r1_disposal_lifts_it_for_the_one_document(portal):
    document = archived(portal)
    with readonly.lifted(document):
        assert not readonly.is_read_only(document)
        notify(ObjectModifiedEvent(document))  # let through
    assert readonly.is_read_only(document)


def test_r_r1_the_form_proposes_the_stamp_and_starts_the_job(portal):
    from collective.gongwen.archive import jobs

    document = sent_outgoing(portal)
    _view, html = shown(document, "gongwen-archive", "cy_archivist")
    assert 'value="GCK"' in html and 'value="118"' in html and "提交归档" in html
    view, html = post_as(
        document,
        "gongwen-archive",
        "cy_archivist",
        fonds_number="118",
        year="20x6",
        retention="10_years",
        organ_code="GCK",
        organ_title="工程管理科",
    )
    assert document.REQUEST.response.getStatus() == 400
    assert "年度应为" in html and 'value="20x6"' in html
    document.REQUEST.response.setStatus(200)
    post_as(
        document,
        "gongwen-archive",
        "cy_archivist",
        fonds_number="118",
        year="2026",
        retention="10_years",
        organ_code="GCK",
        organ_title="工程管理科",
    )
    location = document.REQUEST.response.getHeader("location")
    assert "/archive/@@gongwen-archive-job?id=" in location
    record = jobs.job_record(location.rsplit("=", 1)[1])
    assert record["kind"] == "archive" and record["actor"] == "cy_archivist"
    assert record["params"]["fields"][document.UID()]["retention"] == "10_years"


def test_r_r1_the_form_refuses_whoever_may_not(portal):
    document = sent_outgoing(portal)
    # a secretary holds no 归档 permission
    with pytest.raises(Unauthorized):
        shown(document, "gongwen-archive", "cy_secretary1")
    archive_as(document)
    _view, html = shown(document, "gongwen-archive", "cy_archivist")
    assert "本件已归档" in html and "提交归档" not in html


def test_r_r1_the_page_shows_the_stamp_and_the_panel_links_to_the_form(portal):
    document = sent_outgoing(portal)
    _view, html = shown(document, "gongwen-action-panel", "cy_archivist")
    assert "@@gongwen-archive" in html and 'value="archive"' not in html
    info = archive_as(document)
    _view, html = shown(document, "view", "cy_archivist")
    assert info["archival_code"] in html and "归档章" in html
