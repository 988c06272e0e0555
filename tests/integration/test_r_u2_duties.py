"""R-U2 三员分立 on the Plone layer: each of the three against the others' pages, and the
one-duty rule on every path that writes a role or a group membership.

Demo organisation: gw_admin is 系统管理员, gw_secadmin 安全保密管理员, gw_auditor 安全审计员;
nobody holds Manager or Site Administrator.
"""

import pytest
from AccessControl import Unauthorized
from plone import api
from zExceptions import BadRequest
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from tests.support.outgoing import draft_outgoing

DUTIES = {
    "gw_admin": "GongwenSystemAdmin",
    "gw_secadmin": "GongwenSecurityAdmin",
    "gw_auditor": "GongwenAuditor",
}

# (page on the site root, who may open it)
SITE_PAGES = [
    ("@@overview-controlpanel", {"gw_admin", "gw_secadmin", "gw_auditor"}),
    ("@@usergroup-userprefs", {"gw_admin", "gw_secadmin"}),
    ("@@gongwen-settings", {"gw_admin"}),
    ("@@gongwen-archive-settings", {"gw_admin"}),
    ("@@gongwen-login-activity", {"gw_admin"}),
    ("@@site-controlpanel", {"gw_admin"}),
    ("@@mail-controlpanel", {"gw_admin"}),
    ("@@security-controlpanel", {"gw_secadmin"}),
    ("@@sharing", {"gw_secadmin"}),
]


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


# pages whose view asks the duty rules when called (org cannot import accounts)
ASKED_WHEN_CALLED = {"@@gongwen-login-activity"}


def opens(portal, user, page):
    with api.env.adopt_user(username=user):
        try:
            view = portal.restrictedTraverse(page)
            if page in ASKED_WHEN_CALLED:
                view()
        except Unauthorized:
            return False
    return True


def test_r_u2_demo_duties_are_three_people_and_nobody_is_manager(portal):
    for user_id, duty in DUTIES.items():
        roles = api.user.get_roles(username=user_id)
        assert duty in roles
        assert not {"Manager", "Site Administrator"} & set(roles)
    for user in api.user.get_users():
        roles = set(api.user.get_roles(user=user))
        assert not {"Manager", "Site Administrator"} & roles or user.getId() == "test_user_1_"
        assert len(roles & set(DUTIES.values())) <= 1


@pytest.mark.parametrize(("page", "allowed"), SITE_PAGES)
def test_r_u2_each_duty_opens_only_its_own_pages(portal, page, allowed):
    for user in DUTIES:
        assert opens(portal, user, page) == (user in allowed), (user, page)
    assert not opens(portal, "cy_eng_staff", page)


def test_r_u2_permissions_separate_the_three(portal):
    checks = {
        "collective.gongwen: Add Unit": {"gw_admin"},
        "Add portal member": {"gw_admin"},
        "Modify portal content": {"gw_admin"},
        "Sharing page: Delegate roles": {"gw_secadmin"},
        "Change local roles": {"gw_secadmin"},
        "Plone Site Setup: Security": {"gw_secadmin"},
        "Plone Site Setup: Site": {"gw_admin"},
    }
    for permission, allowed in checks.items():
        for user in DUTIES:
            granted = bool(api.user.has_permission(permission, username=user, obj=portal))
            assert granted == (user in allowed), (user, permission)


def test_r_u2_owners_do_not_share_only_the_security_administrator_does(portal):
    """Plone gives a unit's or draft's Owner the 共享 page; here roles are the 安全保密管理员's."""
    document = draft_outgoing(portal)
    drafter = document.Creator()
    unit = portal["changyuan"]
    for permission in ("Sharing page: Delegate roles", "Change local roles"):
        assert "Owner" in api.user.get_roles(username=drafter, obj=document)
        assert not api.user.has_permission(permission, username=drafter, obj=document)
        assert not api.user.has_permission(permission, username="gw_admin", obj=unit)
        assert api.user.has_permission(permission, username="gw_secadmin", obj=unit)


def test_r_u2_auditor_sees_no_documents(portal):
    document = draft_outgoing(portal)
    types = ["gongwen_outgoing", "gongwen_incoming"]
    for user in DUTIES:
        with api.env.adopt_user(username=user):
            assert not api.user.has_permission("View", obj=document)
    assert len(portal.portal_catalog.unrestrictedSearchResults(portal_type=types))
    for user in DUTIES:
        with api.env.adopt_user(username=user):
            assert len(api.content.find(portal_type=types)) == 0, user


def test_r_u2_one_duty_via_plone_api_grant_roles(portal):
    with pytest.raises(BadRequest) as refused:
        api.user.grant_roles(username="gw_secadmin", roles=["GongwenAuditor"])
    assert "三员分立" in str(refused.value) and "安全审计员" in str(refused.value)
    api.user.grant_roles(username="cy_eng_staff", roles=["GongwenAuditor"])
    assert "GongwenAuditor" in api.user.get_roles(username="cy_eng_staff")


def test_r_u2_one_duty_via_the_user_folder(portal):
    """The users panel and REST @users both end in userFolderEditUser."""
    with pytest.raises(BadRequest):
        portal.acl_users.userFolderEditUser(
            "gw_admin", None, ["GongwenSystemAdmin", "GongwenSecurityAdmin"], []
        )


def test_r_u2_one_duty_via_group_membership(portal):
    api.group.create(groupname="auditors", title="审计")
    api.group.grant_roles(groupname="auditors", roles=["GongwenAuditor"])
    api.group.add_user(groupname="auditors", username="cy_eng_staff")
    with pytest.raises(BadRequest) as refused:
        api.group.add_user(groupname="auditors", username="gw_admin")
    assert "系统管理员" in str(refused.value)


def test_r_u2_one_duty_via_a_role_on_a_group(portal):
    api.group.create(groupname="mixed", title="混合")
    api.group.add_user(groupname="mixed", username="gw_secadmin")
    with pytest.raises(BadRequest):
        api.group.grant_roles(groupname="mixed", roles=["GongwenSystemAdmin"])
