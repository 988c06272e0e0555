"""第三条 (staff log in every working day): the administrators' 「登录情况」 page.

Demo organisation: gw_admin is the Site Administrator; the demo users have
never logged in through the login form in this layer unless a test says so
(their ``login_time`` is Plone's default, 2000-01-01).
"""

import pytest
from AccessControl import Unauthorized
from DateTime import DateTime
from plone import api
from plone.app.testing import logout
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from tests.support.views import render_as


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def activity(portal, user="gw_admin", **form):
    """``@@gongwen-login-activity`` as ``user`` with ``form``; (view, output)."""
    return render_as(portal, "gongwen-login-activity", user, **form)


def logged_in(user_id, days_ago):
    """As if ``user_id`` had last logged in ``days_ago`` days ago."""
    api.user.get(userid=user_id).setMemberProperties({"login_time": DateTime() - days_ago})


def section(view, unit_title, section_title):
    unit = next(u for u in view.units if u["title"] == unit_title)
    return next(s for s in unit["sections"] if s["title"] == section_title)


def shown_ids(found):
    return [row["id"] for row in found["shown"]]


def test_article3_only_administrators_open_the_login_activity_page(portal):
    for user in ("cy_eng_staff", "cy_secretary1", "cy_director"):
        with api.env.adopt_user(username=user), pytest.raises(Unauthorized):
            portal.restrictedTraverse("@@gongwen-login-activity")
    logout()
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("@@gongwen-login-activity")
    view, html = activity(portal, "gw_admin")
    assert "登录情况" in html


def test_article3_never_logged_in_member_listed_under_unit_and_department(portal):
    view, html = activity(portal)
    finance = section(view, "长垣河务局", "财务科")
    row = next(row for row in finance["shown"] if row["id"] == "cy_fin_staff")
    assert row["fullname"] == "朱琳"
    assert row["last_login"] == "" and row["days_since"] is None and row["inactive"]
    assert "部门成员" in row["functions"] and "部门收文员" in row["functions"]
    assert "从未登录" in html and "朱琳" in html
    assert finance["inactive"] == finance["total"] == 2


def test_article3_leaders_without_a_department_are_listed_with_their_functions(portal):
    view, _html = activity(portal)
    leaders = section(view, "长垣河务局", "局领导及单位职能")
    rows = {row["id"]: row for row in leaders["rows"]}
    assert rows["cy_director"]["functions"] == ["局长"]
    assert "cy_leader2" in rows
    # an office head is in 办公室: listed there, with the unit function too
    office = section(view, "长垣河务局", "办公室")
    head = next(row for row in office["rows"] if row["id"] == "cy_office_head")
    assert "部门负责人" in head["functions"] and "办公室负责人" in head["functions"]


def test_article3_recent_login_hidden_unless_asked_for(portal):
    logged_in("cy_eng_head", 2)
    view, _html = activity(portal)
    engineering = section(view, "长垣河务局", "工程管理科")
    assert "cy_eng_head" not in shown_ids(engineering)
    assert "cy_eng_staff" in shown_ids(engineering)
    view, _html = activity(portal, show_all="1")
    engineering = section(view, "长垣河务局", "工程管理科")
    row = next(row for row in engineering["shown"] if row["id"] == "cy_eng_head")
    assert (row["days_since"], row["inactive"]) == (2, False)
    # inactive first
    assert shown_ids(engineering)[-1] == "cy_eng_head"


def test_article3_the_number_of_days_is_chosen_on_the_form(portal):
    logged_in("cy_flood_staff", 10)
    view, html = activity(portal)
    assert view.days == 7
    assert "cy_flood_staff" in shown_ids(section(view, "长垣河务局", "防汛办公室"))
    view, html = activity(portal, days="30")
    assert view.days == 30
    assert "cy_flood_staff" not in shown_ids(section(view, "长垣河务局", "防汛办公室"))
    assert 'value="30"' in html


def test_article3_people_in_no_unit_are_listed_last(portal):
    view, _html = activity(portal)
    assert view.units[-1]["title"] == ""
    unassigned = view.units[-1]["sections"][0]
    assert unassigned["title"] == "未担任任何职能的用户"
    assert "gw_admin" in [row["id"] for row in unassigned["rows"]]


def test_article3_csv_export(portal):
    view, output = activity(portal, format="csv", days="7")
    response = portal.REQUEST.response
    assert response.getHeader("Content-Type").startswith("text/csv")
    assert "attachment" in response.getHeader("Content-Disposition")
    lines = output.lstrip("\ufeff").splitlines()
    assert lines[0] == "单位,部门,用户名,姓名,职能,最后登录,未登录天数"
    assert "长垣河务局,财务科,cy_fin_staff,朱琳,部门成员、部门收文员,从未登录," in lines
    assert "/@@gongwen-login-activity?days=7&format=csv" in view.csv_url()


def test_article3_page_is_in_the_site_setup_users_section(portal):
    controlpanel = api.portal.get_tool("portal_controlpanel")
    action = next(a for a in controlpanel.listActions() if a.id == "gongwen-login-activity")
    assert action.category == "plone-users"
    assert action.permissions == ("Plone Site Setup: Users and Groups",)


def test_article3_uninstall_removes_the_configlet(portal, installer):
    installer.uninstall_product("collective.gongwen")
    controlpanel = api.portal.get_tool("portal_controlpanel")
    assert "gongwen-login-activity" not in [a.id for a in controlpanel.listActions()]
