"""The 发文 action panel, ``@@gongwen-act`` and 我的待办 (R-O1, R-O2, R-O9, R-P3).

Demo organisation (长垣河务局): cy_eng_staff drafts for 工程管理科, cy_eng_head
核稿, the office heads 把关, cy_leader2 签发 下行文.
"""

import pytest
from plone import api
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.browser.display import waited
from collective.gongwen.steps.browser.opinion_box import KEPT_OPINION_COOKIE
from collective.gongwen.steps.browser.opinion_box import form_seen
from collective.gongwen.steps.browser.todo import TodoView
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_files_panel import messages
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.support.outgoing import draft_outgoing
from tests.support.uploads import post


@pytest.fixture
def notice(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    return document


def act_form(document, action, opinion="", **extra):
    step, seen = form_seen(document)
    return {"action": action, "opinion": opinion, "state": step, "seen": str(seen), **extra}


def post_act(document, form, user, authenticator=True):
    """POST ``form`` to ``@@gongwen-act`` as ``user``; the status messages shown after."""
    with api.env.adopt_user(username=user):
        request = post(document.REQUEST, form, authenticator=authenticator)
        document.restrictedTraverse("@@gongwen-act")()
    return messages(request)


def test_act_needs_csrf_token_and_post(notice):
    form = act_form(notice, "approve", "同意。")
    with pytest.raises(Forbidden):
        post_act(notice, form, "cy_eng_head", authenticator=False)
    with api.env.adopt_user(username="cy_eng_head"):
        notice.REQUEST.method = "GET"
        with pytest.raises(MethodNotAllowed):
            notice.restrictedTraverse("@@gongwen-act")()
    assert state(notice) == "dept_review"


def test_act_approves_records_the_opinion_and_redirects(notice):
    shown = post_act(notice, act_form(notice, "approve", "同意，请办公室把关。"), "cy_eng_head")
    assert state(notice) == "office_review"
    assert shown == ["已办理「同意，送下一环节」，当前环节：办公室负责人把关。"]
    location = notice.REQUEST.response.getHeader("location")
    assert location == notice.absolute_url() + "#gongwen-messages"  # in the 办理 panel
    record = opinions(notice)[-1]
    assert (record.step, record.action, record.actor, record.text) == (
        "dept_review",
        "approve",
        "cy_eng_head",
        "同意，请办公室把关。",
    )


def test_r_o2_empty_opinion_is_refused_in_chinese(notice):
    shown = post_act(notice, act_form(notice, "approve", "   "), "cy_eng_head")
    assert shown == ["请填写意见后再提交（第十条：审核后须填写意见）。"]
    assert state(notice) == "dept_review"
    assert len(opinions(notice)) == 1  # the submission only


def test_r_o1_non_assignee_is_refused_and_keeps_the_typed_opinion(notice):
    # the drafter still reads the document, but the step is the head's
    shown = post_act(notice, act_form(notice, "approve", "我来批。"), "cy_eng_staff")
    assert shown == [
        "您不是当前环节的办理人，不能办理此公文。 您填写的意见已保留在下方「办理」栏中。"
    ]
    assert state(notice) == "dept_review"
    # the page the redirect shows puts it back into the opinion box, once
    request = notice.REQUEST
    cookie = dict(request.response.cookies[KEPT_OPINION_COOKIE])
    assert cookie["Path"] == notice.absolute_url_path()
    request.cookies[KEPT_OPINION_COOKIE] = cookie["value"]
    with api.env.adopt_user(username="cy_eng_head"):
        html = notice.restrictedTraverse("@@gongwen-action-panel")()
    assert ">我来批。</textarea>" in html
    assert "gongwen-kept-opinion" not in html  # in the box, not also above it
    assert request.response.cookies[KEPT_OPINION_COOKIE]["value"] == "deleted"
    # the drafter, who has no form at this step, sees it marked as not submitted
    request.cookies[KEPT_OPINION_COOKIE] = cookie["value"]
    with api.env.adopt_user(username="cy_eng_staff"):
        html = notice.restrictedTraverse("@@gongwen-action-panel")()
    assert "未提交的意见：" in html and "我来批。" in html


def test_r_o2_an_opinion_too_long_for_a_cookie_comes_back_on_the_page_itself(notice):
    opinion = "同意，" * 400 + "。"  # more than a cookie keeps
    stale = act_form(notice, "approve", opinion, seen="0")
    with api.env.adopt_user(username="cy_eng_head"):
        request = post(notice.REQUEST, stale)
        html = notice.restrictedTraverse("@@gongwen-act")()
    assert f">{opinion}</textarea>" in html
    assert "公文已被他人处理" in html
    assert KEPT_OPINION_COOKIE not in request.response.cookies
    assert not request.response.getHeader("location")


def test_r_org1_drafter_picks_one_of_the_department_heads_in_the_panel(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft_outgoing(
        portal, drafter="cy_flood_staff", department="flood", title="关于防汛物资的通知"
    )
    with api.env.adopt_user(username="cy_flood_staff"):
        panel = document.restrictedTraverse("@@gongwen-action-panel")
        html = panel()
        choices = [choice["id"] for choice in panel.next_choices()]
    assert sorted(choices) == ["cy_flood_deputy", "cy_flood_head"]
    assert 'name="next_assignee"' in html and "全部（任一人办理）" in html
    shown = post_act(
        document, act_form(document, "submit", next_assignee="cy_flood_deputy"), "cy_flood_staff"
    )
    assert shown[0].startswith("已办理「提交」")
    assert document.assignees == ("cy_flood_deputy",)
    # one head only (工程管理科): nothing to choose
    with api.env.adopt_user(username="cy_eng_staff"):
        other = draft(portal, "downward")
        assert other.restrictedTraverse("@@gongwen-action-panel").next_choices() == []


def test_stale_form_and_double_click_are_refused(notice):
    form = act_form(notice, "approve", "同意。")
    post_act(notice, form, "cy_eng_head")
    assert state(notice) == "office_review"
    # the same form again (a double click): a clear message, no second transition
    shown = post_act(notice, form, "cy_eng_head")
    assert shown == [
        "公文已被他人处理，当前环节为办公室负责人把关，请刷新后重试。"
        " 您填写的意见已保留在下方「办理」栏中。"
    ]
    assert state(notice) == "office_review"
    assert len(opinions(notice)) == 2
    # a form rendered before a co-holder acted
    stale = act_form(notice, "approve", "请签发。")
    do(notice, "cy_office_deputy", "approve", "请李局长签发。")
    shown = post_act(notice, stale, "cy_office_head")
    assert shown[0].startswith("公文已被他人处理，当前环节为主管局领导签发，请刷新后重试。")
    assert state(notice) == "leader_sign"


def test_panel_shows_state_holders_history_and_the_assignees_actions(notice):
    with api.env.adopt_user(username="cy_eng_head"):
        html = notice.restrictedTraverse("@@gongwen-action-panel")()
        header = notice.restrictedTraverse("@@gongwen-slip-header")()
    assert "部门负责人核稿" in header
    assert 'value="approve"' in html and 'value="return"' in html
    assert 'name="opinion"' in html and 'value="dept_review"' in html
    with api.env.adopt_user(username="cy_flood_staff"):
        # not an assignee: no form (they could not see the document anyway)
        notice.REQUEST.form.clear()
        from collective.gongwen.routing.browser.panel import ActionPanel

        panel = ActionPanel(notice, notice.REQUEST)
        panel.update()
        assert panel.actions == [] and not panel.can_act


def test_r_o9_panel_offers_on_behalf_and_shows_both_names(notice):
    do(notice, "cy_eng_head", "approve", "同意。")
    do(notice, "cy_office_head", "approve", "请李局长签发。")
    assert state(notice) == "leader_sign"
    with api.env.adopt_user(username="cy_eng_staff"):
        html = notice.restrictedTraverse("@@gongwen-action-panel")()
    assert 'name="on_behalf_of"' in html and 'value="cy_leader2"' in html
    form = act_form(notice, "sign", "同意印发。", on_behalf_of="cy_leader2")
    post_act(notice, form, "cy_eng_staff")
    assert state(notice) == "numbering"
    with api.env.adopt_user(username="cy_eng_staff"):
        html = notice.restrictedTraverse("@@gongwen-history")()
        html += notice.restrictedTraverse("@@gongwen-slip-header")()
    leader = api.user.get(userid="cy_leader2").getProperty("fullname")
    drafter = api.user.get(userid="cy_eng_staff").getProperty("fullname")
    assert f"{leader}（{drafter}代录）" in html
    # the print room holds it now: the group's title is shown
    assert api.group.get(groupname=notice.assignees[0]).getProperty("title") in html


def todo_titles(portal, user):
    with api.env.adopt_user(username=user):
        view = TodoView(portal, portal.REQUEST)
        return [row["title"] for row in view.rows(user)]


def test_r_o1_todo_lists_exactly_the_users_items(portal, notice):
    draft(portal, "upward")  # still with its drafter: a draft (草稿), not 待办 (R-P3)
    assert todo_titles(portal, "cy_eng_head") == [notice.Title()]
    assert todo_titles(portal, "cy_eng_staff") == []
    assert todo_titles(portal, "cy_office_head") == []
    do(notice, "cy_eng_head", "approve", "同意。")
    do(notice, "cy_office_head", "approve", "请签发。")
    do(notice, "cy_leader2", "sign", "同意。")
    # the print room is a group: its members see it
    assert todo_titles(portal, "cy_print") == [notice.Title()]
    assert todo_titles(portal, "cy_eng_head") == []


def test_r_p3_todo_row_shows_kind_urgency_step_deadline_and_wait(portal, notice):
    import datetime

    notice.urgency = "urgent"
    notice.deadline = datetime.date(2020, 1, 2)
    notice.reindexObject()
    with api.env.adopt_user(username="cy_eng_head"):
        view = TodoView(portal, portal.REQUEST)
        (row,) = view.rows("cy_eng_head")
        html = view()
    assert (row["kind"], row["urgency"], row["step"]) == ("通知", "加急", "部门负责人核稿")
    assert row["deadline"] == "2020-01-02" and row["overdue"]
    assert row["waited"] == "不到 1 分钟"  # R-RUN2: not 6 or 9 minutes off
    assert "我的待办" in html and "已超期" in html


def test_r_p3_waiting_time_in_days_and_hours():
    import datetime

    from zope.i18n import translate

    delta = datetime.timedelta(days=2, hours=3, minutes=4)
    assert translate(waited(delta), target_language="zh_CN") == "2 天 3 小时"
    assert translate(waited(delta), target_language="en") == "2 d 3 h"


def test_todo_sends_anonymous_to_login(portal):
    from plone.app.testing import logout

    logout()
    view = TodoView(portal, portal.REQUEST)
    assert view() == ""
    assert "/login?came_from=" in portal.REQUEST.response.getHeader("location")


def test_r_p3_todo_renders_from_the_catalog_alone(portal, notice, monkeypatch):
    from DateTime import DateTime
    from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

    notice.assigned_since = DateTime() - 2.13  # 2 days 3 hours and a bit ago
    notice.reindexObject(idxs=["assignees"])

    def no_loading(brain, *args):
        raise AssertionError(f"我的待办 loaded {brain.getPath()}")

    monkeypatch.setattr(AbstractCatalogBrain, "getObject", no_loading)
    monkeypatch.setattr(AbstractCatalogBrain, "_unrestrictedGetObject", no_loading)
    with api.env.adopt_user(username="cy_eng_head"):
        (row,) = TodoView(portal, portal.REQUEST).rows("cy_eng_head")
    assert row["title"] == notice.Title()
    assert row["waited"] == "2 天 3 小时"


def test_r_p3_todo_is_in_the_navigation_for_people_logged_in(portal):
    tab = api.portal.get_tool("portal_actions").portal_tabs.gongwen_todo
    assert tab.getProperty("url_expr") == "string:${portal_url}/@@gongwen-todo"
    with api.env.adopt_user(username="cy_eng_staff"):
        html = portal()
    assert "@@gongwen-todo" in html and "我的待办" in html


def test_upgrade_1003_brings_the_todo_column_and_tab(portal):
    from collective.gongwen.setuphandlers.upgrades import todo_from_catalog

    catalog = api.portal.get_tool("portal_catalog")
    actions = api.portal.get_tool("portal_actions")
    catalog.delColumn("assigned_since")
    actions.portal_tabs.manage_delObjects(["gongwen_todo"])
    todo_from_catalog(None)
    assert "assigned_since" in catalog.schema()
    assert "gongwen_todo" in actions.portal_tabs.objectIds()
