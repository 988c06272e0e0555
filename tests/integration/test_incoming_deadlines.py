"""收文 deadlines, 催办, the overdue counts and the download record (R-I4, R-I5, R-P3).

Demo organisation (长垣河务局): cy_secretary1/2 the secretaries; cy_office_head
拟办; 工程管理科 (receiver cy_eng_receiver, head cy_eng_head) and 防汛办公室
(receiver cy_flood_staff, head cy_flood_head) handle. Time is moved by
putting a step's deadline in the past.
"""

import datetime

import pytest
from plone import api
from plone.app.testing import logout
from plone.namedfile.file import NamedBlobFile
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zExceptions import Unauthorized
from zope.event import notify
from zope.interface import alsoProvides
from ZPublisher.pubevents import PubAfterTraversal

from collective.gongwen.content import files
from collective.gongwen.incoming import deadlines
from collective.gongwen.incoming import downloads
from collective.gongwen.incoming import rules
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.browser.todo import TodoView
from tests.integration.test_files_panel import messages
from tests.support.incoming import department_uid
from tests.support.incoming import do_incoming
from tests.support.incoming import done
from tests.support.incoming import finish_part
from tests.support.incoming import in_handling
from tests.support.incoming import overdue_now
from tests.support.incoming import register_incoming
from tests.support.uploads import post

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=3)
PDF = b"%PDF-1.4\n% gongwen original\n"


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


# --- R-I5 deadlines ----------------------------------------------------------------


def test_r_i5_step_deadline_from_the_unit_defaults(portal):
    document = register_incoming(portal)
    assert document.step_deadline == TODAY + datetime.timedelta(
        days=rules.DEFAULT_STEP_DAYS["normal"]
    )
    portal.changyuan.step_days_urgent = 2
    urgent = register_incoming(portal, urgency="urgent")
    assert urgent.step_deadline == TODAY + datetime.timedelta(days=2)


def test_r_i5_step_deadline_capped_by_the_documents_deadline(portal):
    portal.changyuan.step_days_normal = 5
    document = register_incoming(portal, deadline=TODAY + datetime.timedelta(days=2))
    assert document.step_deadline == TODAY + datetime.timedelta(days=2)
    # a 办理时限 already past: due today, not before the step began
    late = register_incoming(portal, deadline=TODAY - datetime.timedelta(days=4))
    assert late.step_deadline == TODAY
    # each new step is given its deadline again when it starts
    do_incoming(document, "cy_secretary1", "send_to_propose")
    assert document.step_deadline == TODAY + datetime.timedelta(days=2)


def test_r_i5_handling_departments_share_the_deadline_set_at_dispatch(portal):
    document = in_handling(portal)
    due = document.step_deadline
    do_incoming(document, "cy_eng_receiver", "ask_instruction")
    assert document.step_deadline == due


def test_r_i5_late_part_and_open_overdue_part_are_counted_per_department(portal):
    unit = portal.changyuan
    engineering = department_uid(portal, "engineering")
    flood = department_uid(portal, "flood")
    before = deadlines.department_counts(unit, PAST.year)
    document = in_handling(portal)
    assert not deadlines.is_overdue(document)
    overdue_now(document)
    assert deadlines.is_overdue(document)
    # 工程管理科 finishes after the deadline: late; 防汛办公室 is still open: overdue
    finish_part(document, "cy_eng_receiver", "cy_eng_head")
    counts = deadlines.department_counts(unit, PAST.year)

    def added(key, kind):
        return counts.get(key, {}).get(kind, 0) - before.get(key, {}).get(kind, 0)

    assert (added(engineering, "late"), added(engineering, "overdue")) == (1, 0)
    assert (added(flood, "late"), added(flood, "overdue")) == (0, 1)
    assert (added(None, "late"), added(None, "overdue")) == (0, 0)


def test_r_i5_an_office_step_past_its_deadline_is_counted_for_the_office(portal):
    unit = portal.changyuan
    before = deadlines.department_counts(unit, PAST.year).get(None, {})
    document = register_incoming(portal)
    overdue_now(document)
    after = deadlines.department_counts(unit, PAST.year)[None]
    assert after["overdue"] == before.get("overdue", 0) + 1
    # sent on late: finished after its deadline
    do_incoming(document, "cy_secretary1", "send_to_propose")
    after = deadlines.department_counts(unit, PAST.year)[None]
    assert after["late"] == before.get("late", 0) + 1
    assert after["overdue"] == before.get("overdue", 0)


def test_r_i5_a_done_document_is_never_overdue(portal):
    document = done(portal)
    overdue_now(document)
    assert not deadlines.is_overdue(document)


# --- R-I5 催办 ------------------------------------------------------------------------


def remind(document, user, note="", authenticator=True):
    """POST ``@@gongwen-remind`` as ``user``; the status messages shown after."""
    with api.env.adopt_user(username=user):
        request = post(document.REQUEST, {"note": note}, authenticator=authenticator)
        document.restrictedTraverse("@@gongwen-remind")()
    return messages(request)


def test_r_i5_secretary_reminds_the_holders_and_it_is_recorded(portal):
    document = in_handling(portal, departments=("engineering",))
    overdue_now(document)
    shown = remind(document, "cy_secretary2", "  请今天内办毕。 ")
    (record,) = deadlines.reminders(document)
    assert record["actor"] == "cy_secretary2"
    assert record["step"] == rules.HANDLING
    assert record["note"] == "请今天内办毕。"
    assert record["holders"] == tuple(document.assignees)
    assert len(shown) == 1 and shown[0].startswith("已催办：")
    location = document.REQUEST.response.getHeader("location")
    assert location == f"{document.absolute_url()}#gongwen-messages"  # shown in the 办理 panel


def test_r_i5_remind_refused_for_a_non_secretary(portal):
    document = in_handling(portal, departments=("engineering",))
    for user in ("cy_eng_receiver", "cy_office_head", "cy_leader1"):
        assert remind(document, user) == ["只有本单位秘书可以催办。"]
    assert deadlines.reminders(document) == ()


def test_r_i5_remind_refused_for_a_done_document(portal):
    document = done(portal)
    assert remind(document, "cy_secretary1") == ["该收文已办结，无需催办。"]
    assert deadlines.reminders(document) == ()


def test_r_i5_remind_needs_the_csrf_token_and_a_post(portal):
    document = register_incoming(portal)
    with pytest.raises(Forbidden):
        remind(document, "cy_secretary1", authenticator=False)
    with api.env.adopt_user(username="cy_secretary1"):
        document.REQUEST.method = "GET"
        with pytest.raises(MethodNotAllowed):
            document.restrictedTraverse("@@gongwen-remind")()
    assert deadlines.reminders(document) == ()


# --- R-I4 download record -------------------------------------------------------------


def traversed(document, path, restricted=True):
    """The view ``path`` (``<file>/@@<view>/<rest>``) publishes, traversed as ZPublisher does."""
    item, view_name, *rest = path.split("/")
    traverse = document.restrictedTraverse if restricted else document.unrestrictedTraverse
    view = traverse(f"{item}/{view_name}")
    for name in rest:
        view = view.publishTraverse(document.REQUEST, name)
    return view


def publish_download(document, user, path="original/@@download/file"):
    """As ZPublisher does once ``path`` is traversed (as ``user``); the view it publishes.

    The view is not called: an uncommitted blob cannot be streamed (the
    functional test downloads over HTTP).
    """
    request = document.REQUEST
    request.method = "GET"
    request["REQUEST_METHOD"] = "GET"
    request.form.clear()
    if user is None:
        logout()
        request["PUBLISHED"] = traversed(document, path, restricted=False)
        notify(PubAfterTraversal(request))
        return None
    with api.env.adopt_user(username=user):
        view = traversed(document, path)
        request["PUBLISHED"] = view
        notify(PubAfterTraversal(request))
        return view


@pytest.fixture
def with_original(portal):
    document = in_handling(
        portal,
        departments=("engineering",),
        original_file=NamedBlobFile(PDF, filename="来文.pdf", contentType="application/pdf"),
    )
    assert files.original_of(document) is not None
    return document


def test_r_i4_receivers_download_of_the_original_is_recorded(with_original):
    document = with_original
    assert downloads.downloads(document) == ()
    view = publish_download(document, "cy_eng_receiver")  # the receiver may download it
    assert view.__name__ == "download"
    (record,) = downloads.downloads(document)
    assert record["user_id"] == "cy_eng_receiver"
    assert record["file_id"] == "original"
    assert record["title"] == files.original_of(document).Title()
    do_incoming(document, "cy_eng_receiver", "ask_instruction")  # the head holds it now
    publish_download(document, "cy_eng_head", "original/@@display-file/file")
    publish_download(document, "cy_eng_receiver")
    assert [r["user_id"] for r in downloads.downloads(document)] == [
        "cy_eng_receiver",
        "cy_eng_head",
        "cy_eng_receiver",
    ]
    last = downloads.downloaded_by(document)
    assert set(last) == {"cy_eng_receiver", "cy_eng_head"}
    assert last["cy_eng_receiver"] == downloads.downloads(document)[-1]["time"]


def test_r_i4_attachment_download_is_recorded_too(with_original):
    document = with_original
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(document, b"attachment text", "附件1.txt")
    publish_download(document, "cy_eng_receiver", f"{item.getId()}/@@download/file")
    (record,) = downloads.downloads(document)
    assert (record["user_id"], record["file_id"]) == ("cy_eng_receiver", item.getId())


def test_r_i4_anonymous_and_other_views_are_not_recorded(with_original):
    document = with_original
    # viewing the document page or a file's versions is not a download
    with api.env.adopt_user(username="cy_eng_receiver"):
        request = document.REQUEST
        request["PUBLISHED"] = traversed(document, "original/@@gongwen-versions")
        notify(PubAfterTraversal(request))
    publish_download(document, None)
    assert downloads.downloads(document) == ()


def test_r_i4_a_ranged_request_past_the_start_is_not_another_download(with_original):
    document = with_original
    document.REQUEST.environ["HTTP_RANGE"] = "bytes=1000-2000"
    try:
        publish_download(document, "cy_eng_receiver")
    finally:
        del document.REQUEST.environ["HTTP_RANGE"]
    assert downloads.downloads(document) == ()


# --- R-I5 the overdue page ----------------------------------------------------------------


def overdue_page(portal, user, **form):
    request = portal.REQUEST
    request.method = "GET"
    request.form.clear()
    request.form.update(form)
    with api.env.adopt_user(username=user):
        return portal.changyuan.restrictedTraverse("@@gongwen-overdue")()


def test_r_i5_overdue_page_shows_the_counts_per_department_and_the_overdue_list(portal):
    document = in_handling(portal, title="关于开展汛前检查的通知")
    overdue_now(document)
    finish_part(document, "cy_eng_receiver", "cy_eng_head")
    with api.env.adopt_user(username="cy_secretary1"):
        view = portal.changyuan.restrictedTraverse("@@gongwen-overdue")
        portal.REQUEST.form["year"] = str(PAST.year)
        html = view()
    rows = {row["title"]: row for row in view.departments}
    engineering = portal.changyuan.engineering.Title()
    flood = portal.changyuan.flood.Title()
    assert rows[engineering]["late"] >= 1 and rows[flood]["overdue"] >= 1
    assert "办公室及局领导环节" in rows
    assert view.departments[-1]["title"] == "办公室及局领导环节"
    for text in ("超期未办", "超期办结", engineering, flood, "办公室及局领导环节"):
        assert text in html
    (item,) = [i for i in view.items if i["url"] == document.absolute_url()]
    assert item["deadline"] == PAST.isoformat()
    assert item["step"] and item["holders"]
    assert "关于开展汛前检查的通知" in html


def test_r_i5_overdue_page_year_and_json(portal):
    import json

    data = json.loads(overdue_page(portal, "cy_office_head", year="2019", format="json"))
    assert data["year"] == 2019
    assert all(row["overdue"] == row["late"] == 0 for row in data["departments"])
    assert data["departments"][-1]["title"] == "办公室及局领导环节"
    data = json.loads(overdue_page(portal, "cy_secretary1", year="not a year", format="json"))
    assert data["year"] == TODAY.year


@pytest.mark.parametrize("user", ["cy_eng_staff", "cy_eng_head", "cy_leader1"])
def test_r_i5_overdue_page_is_for_secretaries_office_heads_and_managers(portal, user):
    with pytest.raises(Unauthorized):
        overdue_page(portal, user)


def test_r_i5_overdue_page_for_a_manager(portal):
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import TEST_USER_NAME
    from plone.app.testing import setRoles

    setRoles(portal, TEST_USER_ID, ["Manager"])
    assert "超期未办" in overdue_page(portal, TEST_USER_NAME)


# --- R-P3 我的待办 -------------------------------------------------------------------------


def todo_row(portal, user, document):
    with api.env.adopt_user(username=user):
        view = TodoView(portal, portal.REQUEST)
        rows = view.rows(user)
        html = view()
    (row,) = [row for row in rows if row["url"] == document.absolute_url()]
    return row, html


def test_r_p3_todo_marks_an_overdue_incoming_by_its_steps_deadline(portal):
    # the document's own 办理时限 is far away; the step's deadline is past
    document = register_incoming(portal, deadline=TODAY + datetime.timedelta(days=30))
    row, _html = todo_row(portal, "cy_secretary1", document)
    assert row["deadline"] == document.step_deadline.isoformat() and not row["overdue"]
    assert row["step"] == "秘书登记"  # the 收文 workflow's title, not the state's id
    overdue_now(document)
    row, html = todo_row(portal, "cy_secretary1", document)
    assert row["deadline"] == PAST.isoformat() and row["overdue"]
    assert "已超期" in html
