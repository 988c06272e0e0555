"""R-P1, R-P3: 我的待办's and the listings' columns, drafts under 草稿 (issue 19, decisions 2, 3).

Demo organisation (长垣河务局): cy_eng_staff drafts for 工程管理科, cy_eng_head
核稿, cy_office_head 把关 (and may 退回), cy_secretary1 registers 收文.
"""

import datetime

import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.browser.drafts import DraftsView
from collective.gongwen.steps.browser.todo import TodoView
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.steps.todo import brain_deadline
from collective.gongwen.steps.todo import upgrade_1012
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.incoming import register_incoming
from tests.support.views import render_as

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def todo_rows(portal, user):
    with api.env.adopt_user(username=user):
        return TodoView(portal, portal.REQUEST).rows(user)


def draft_rows(portal, user):
    with api.env.adopt_user(username=user):
        return DraftsView(portal, portal.REQUEST).rows(user)


def brain_of(document):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=document.UID())
    return brain


def test_r_p3_drafts_are_listed_under_drafts_not_todo(portal):
    document = draft(portal, "downward")
    assert todo_rows(portal, "cy_eng_staff") == []
    (row,) = draft_rows(portal, "cy_eng_staff")
    assert (row["title"], row["returned"], row["type"]) == (document.Title(), False, "发文")
    assert row["created"] == TODAY.isoformat()
    # nobody else sees it as a draft of theirs
    assert draft_rows(portal, "cy_eng_head") == []
    _view, html = render_as(portal, "gongwen-drafts", "cy_eng_staff")
    assert document.Title() in html and "已退回" not in html
    # 我的待办 says where the drafts are
    _view, html = render_as(portal, "gongwen-todo", "cy_eng_staff")
    assert "目前没有待办公文。" in html and "@@gongwen-drafts" in html


def test_r_p3_submitted_draft_leaves_drafts(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    assert draft_rows(portal, "cy_eng_staff") == []
    assert [row["title"] for row in todo_rows(portal, "cy_eng_head")] == [document.Title()]


def test_r_p3_returned_draft_is_in_todo_and_drafts_marked_returned(portal):
    document = draft(portal, "upward")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "approve", "同意")
    do(document, "cy_office_head", "return", "引用文件名称有误，请修改。")
    (todo,) = todo_rows(portal, "cy_eng_staff")
    (drafted,) = draft_rows(portal, "cy_eng_staff")
    assert todo["url"] == drafted["url"] == document.absolute_url()
    assert todo["returned"] and drafted["returned"]
    assert todo["sender"] == drafted["sender"] == principal_name("cy_office_head")
    _view, html = render_as(portal, "gongwen-todo", "cy_eng_staff")
    assert "已退回" in html
    _view, html = render_as(portal, "gongwen-drafts", "cy_eng_staff")
    assert "已退回" in html and principal_name("cy_office_head") in html
    # submitted again: neither a draft nor the drafter's 待办
    do(document, "cy_eng_staff", "submit", "已修改。")
    assert todo_rows(portal, "cy_eng_staff") == draft_rows(portal, "cy_eng_staff") == []


def test_r_p1_front_page_counts_leave_drafts_out(portal):
    draft(portal, "downward")
    returned = draft(portal, "upward")
    do(returned, "cy_eng_staff", "submit")
    do(returned, "cy_eng_head", "return", "请补充依据。")
    view, html = render_as(portal, "gongwen-front-page", "cy_eng_staff")
    assert view.personal["todo_count"] == 1
    assert [row["title"] for row in view.personal["todo"]] == [returned.Title()]
    assert "已退回" in html
    # the drafts are one link away: 草稿 2
    assert "@@gongwen-drafts" in html
    assert DraftsView(portal, portal.REQUEST).count() == 0  # (anonymous here)


def test_r_p3_todo_row_shows_type_sender_holders_and_number(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    (row,) = todo_rows(portal, "cy_eng_head")
    assert row["type"] == "发文" and not row["returned"]
    assert row["sender"] == principal_name("cy_eng_staff")
    assert row["holders"] == principal_name("cy_eng_head")
    _view, html = render_as(portal, "gongwen-todo", "cy_eng_head")
    for text in ("类别", "发送人", 'data-label="发送人"', principal_name("cy_eng_staff")):
        assert text in html


def test_r_p3_incoming_row_names_its_sender_organ_until_handed_over(portal):
    document = register_incoming(portal, title="关于防汛物资储备的通知", source_organ="黄委")
    (row,) = [
        row for row in todo_rows(portal, "cy_secretary1") if row["url"] == document.absolute_url()
    ]
    assert row["type"] == "收文"
    # the secretary registered it into their own hands: the 来文机关 is who sent it
    assert row["sender"] == "黄委"


def test_r_p3_deadline_is_the_earlier_of_step_and_document(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    early, late = TODAY - datetime.timedelta(days=2), TODAY + datetime.timedelta(days=5)
    for step_deadline, deadline in ((early, late), (late, early)):
        document.step_deadline, document.deadline = step_deadline, deadline
        document.reindexObject()
        assert brain_deadline(brain_of(document)) == early
        (row,) = todo_rows(portal, "cy_eng_head")
        assert (row["deadline"], row["overdue"]) == (early.isoformat(), True)
    document.step_deadline, document.deadline = None, late
    document.reindexObject()
    assert brain_deadline(brain_of(document)) == late
    (row,) = todo_rows(portal, "cy_eng_head")
    assert not row["overdue"]


def test_r_p3_listing_shows_holder_sender_and_wait(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    view, html = render_as(portal["changyuan"]["outgoing"], "gongwen-listing", "cy_eng_head")
    row = next(row for row in view.rows if row["url"] == document.absolute_url())
    assert row["holders"] == principal_name("cy_eng_head")
    assert row["sender"] == principal_name("cy_eng_staff")
    assert row["waited"] == "不到 1 分钟" and row["open"]
    for text in ("当前环节 / 办理人", "发送人 / 已等待", 'data-label="发送人 / 已等待"'):
        assert text in html


def test_r_p3_upgrade_1012_fills_the_new_columns(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    assert brain_of(document).handed_over_by == "cy_eng_staff"  # (runs the indexing queue)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delColumn("handed_over_by")
    catalog.addColumn("handed_over_by")
    assert not brain_of(document).handed_over_by
    upgrade_1012(None)
    assert brain_of(document).handed_over_by == "cy_eng_staff"
