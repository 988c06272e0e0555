"""R-U2 三员分立 on Plone's users and groups panels, 职能与人员 and REST @users/@groups:
each administrator may use only their own duty's parts, and a crafted POST is refused
with a Chinese message, nothing written."""

import json

import pytest
from AccessControl import Unauthorized
from plone import api
from plone.protect.authenticator import createToken
from zExceptions import Forbidden
from zope.interface import alsoProvides
from ZPublisher.HTTPRequest import record

from collective.gongwen.accounts import rest_duties
from collective.gongwen.accounts.enforce import actor
from collective.gongwen.interfaces import IGongwenLayer


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def users_panel(portal, user, **form):
    request = portal.REQUEST
    request.form.clear()
    request.form.update(form)
    request.method = "POST"
    with api.env.adopt_user(username=user):
        request.form["_authenticator"] = createToken()
        view = portal.restrictedTraverse("@@usergroup-userprefs")
        view.searchString = ""
        return view


def messages(portal):
    from Products.statusmessages.interfaces import IStatusMessage

    return [m.message for m in IStatusMessage(portal.REQUEST).show()]


def user_record(user_id, **attrs):
    rec = record()
    rec.id = user_id
    for key, value in attrs.items():
        setattr(rec, key, value)
    return rec


def test_r_u2_users_panel_shows_roles_only_to_the_security_admin(portal):
    with api.env.adopt_user(username="gw_admin"):
        view = portal.restrictedTraverse("@@usergroup-userprefs")
        assert view.portal_roles == []
        rows = view.doSearch("cy_eng_staff")
        assert rows and rows[0]["can_delete"]
    with api.env.adopt_user(username="gw_secadmin"):
        view = portal.restrictedTraverse("@@usergroup-userprefs")
        assert "GongwenAuditor" in view.portal_roles
        rows = view.doSearch("cy_eng_staff")
        assert not rows[0]["can_delete"] and not rows[0]["can_set_password"]
        assert not rows[0]["roles"]["Manager"]["canAssign"]


def test_r_u2_system_admin_saving_users_keeps_their_roles(portal):
    api.user.grant_roles(username="cy_eng_staff", roles=["Reviewer"])
    view = users_panel(portal, "gw_admin")
    with api.env.adopt_user(username="gw_admin"):
        view.manageUser([user_record("cy_eng_staff")], [], [])
    assert "Reviewer" in api.user.get_roles(username="cy_eng_staff")


def test_r_u2_system_admin_crafted_role_change_is_refused(portal):
    view = users_panel(portal, "gw_admin")
    with api.env.adopt_user(username="gw_admin"):
        view.manageUser([user_record("cy_eng_staff", roles=["GongwenAuditor"])], [], [])
    assert "GongwenAuditor" not in api.user.get_roles(username="cy_eng_staff")
    assert any("安全保密管理员" in m for m in messages(portal))


def test_r_u2_security_admin_grants_a_role_but_deletes_no_account(portal):
    view = users_panel(portal, "gw_secadmin")
    with api.env.adopt_user(username="gw_secadmin"):
        view.manageUser([user_record("cy_eng_staff", roles=["Member", "Reviewer"])], [], [])
    assert "Reviewer" in api.user.get_roles(username="cy_eng_staff")
    view = users_panel(portal, "gw_secadmin")
    with api.env.adopt_user(username="gw_secadmin"):
        view.manageUser([], [], ["cy_eng_staff"])
    assert api.user.get(userid="cy_eng_staff") is not None
    assert any("系统管理员" in m for m in messages(portal))


def test_r_u2_security_admin_cannot_grant_manager_or_self_a_duty(portal):
    for target, roles in (("cy_eng_staff", ["Manager"]), ("gw_secadmin", ["GongwenAuditor"])):
        view = users_panel(portal, "gw_secadmin")
        with api.env.adopt_user(username="gw_secadmin"):
            view.manageUser([user_record(target, roles=roles)], [], [])
        assert not set(roles) & set(api.user.get_roles(username=target))


def test_r_u2_group_membership_is_the_security_admins(portal):
    group = "changyuan-secretaries"
    request = portal.REQUEST
    request.form.clear()
    request.form.update({"groupname": group, "form.submitted": "1", "add": ["cy_eng_staff"]})
    request.set("groupname", group)
    request.method = "POST"
    with api.env.adopt_user(username="gw_admin"):
        view = portal.restrictedTraverse("@@usergroup-groupmembership")
        view.update()
        assert not view.canAddUsers
    assert "cy_eng_staff" not in [u.getId() for u in api.user.get_users(groupname=group)]
    request.form.update({"form.submitted": "1", "add": ["cy_eng_staff"]})
    with api.env.adopt_user(username="gw_secadmin"):
        request.form["_authenticator"] = createToken()
        view = portal.restrictedTraverse("@@usergroup-groupmembership")
        view.update()
    assert "cy_eng_staff" in [u.getId() for u in api.user.get_users(groupname=group)]


def test_r_u2_functions_page_is_the_security_admins(portal):
    unit = portal.restrictedTraverse("changyuan") if "changyuan" in portal else None
    if unit is None:
        from collective.gongwen.org.units import all_units

        unit = all_units()[0]
    with api.env.adopt_user(username="gw_admin"), pytest.raises(Unauthorized):
        unit.restrictedTraverse("@@gongwen-functions")()
    with api.env.adopt_user(username="gw_secadmin"):
        assert "职能与人员" in unit.restrictedTraverse("@@gongwen-functions")()


def service(cls, *params):
    obj = cls.__new__(cls)
    obj.params = list(params)
    return obj


@pytest.mark.parametrize(
    ("user", "cls", "params", "body", "refused"),
    [
        ("gw_admin", "UsersPost", [], {"username": "x1", "roles": ["Member"]}, False),
        ("gw_secadmin", "UsersPost", [], {"username": "x1"}, True),
        ("gw_admin", "UsersPost", [], {"username": "x1", "roles": ["GongwenAuditor"]}, True),
        ("gw_admin", "UsersPost", ["cy_eng_staff", "reset-password"], {}, False),
        ("gw_secadmin", "UsersPost", ["cy_eng_staff", "reset-password"], {}, True),
        ("gw_secadmin", "UsersPost", ["gw_secadmin", "reset-password"], {}, False),
        ("gw_admin", "UsersDelete", ["cy_eng_staff"], {}, False),
        ("gw_secadmin", "UsersDelete", ["cy_eng_staff"], {}, True),
        ("gw_admin", "UsersPatch", ["cy_eng_staff"], {"roles": {"Reviewer": True}}, True),
        ("gw_secadmin", "UsersPatch", ["cy_eng_staff"], {"roles": {"Reviewer": True}}, False),
        ("gw_secadmin", "UsersPatch", ["cy_eng_staff"], {"password": "x"}, True),
        ("gw_secadmin", "UsersPatch", ["gw_secadmin"], {"password": "x"}, False),
        ("gw_admin", "GroupsPost", [], {"groupname": "g"}, True),
        ("gw_secadmin", "GroupsPost", [], {"groupname": "g"}, False),
        ("gw_admin", "GroupsPatch", ["g"], {"users": {"cy_eng_staff": True}}, True),
        ("gw_secadmin", "GroupsPatch", ["g"], {"users": {"cy_eng_staff": True}}, False),
        ("gw_secadmin", "GroupsDelete", ["g"], {}, False),
        ("gw_auditor", "GroupsDelete", ["g"], {}, True),
    ],
)
def test_r_u2_rest_users_and_groups_ask_the_duties(portal, user, cls, params, body, refused):
    from plone.restapi.services.groups import add
    from plone.restapi.services.groups import delete
    from plone.restapi.services.groups import update
    from plone.restapi.services.users import add as uadd
    from plone.restapi.services.users import delete as udelete
    from plone.restapi.services.users import update as uupdate

    classes = {
        "UsersPost": uadd.UsersPost,
        "UsersDelete": udelete.UsersDelete,
        "UsersPatch": uupdate.UsersPatch,
        "GroupsPost": add.GroupsPost,
        "GroupsPatch": update.GroupsPatch,
        "GroupsDelete": delete.GroupsDelete,
    }
    with api.env.adopt_user(username=user):
        refusal = rest_duties.refusal_of(service(classes[cls], *params), body, actor())
    assert (refusal is not None) == refused


def test_r_u2_rest_refusal_is_a_chinese_403(portal):
    from plone.restapi.services.users.delete import UsersDelete

    class Event:
        request = portal.REQUEST

    portal.REQUEST["PUBLISHED"] = service(UsersDelete, "cy_eng_staff")
    portal.REQUEST["BODY"] = json.dumps({}).encode()
    with api.env.adopt_user(username="gw_secadmin"), pytest.raises(Forbidden) as refused:
        rest_duties.check_rest_request(Event())
    assert "系统管理员" in str(refused.value)
