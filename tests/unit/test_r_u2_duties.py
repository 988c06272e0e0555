"""R-U2 三员分立: the plain-Python rules of accounts/duties.py."""

import pytest
from zope.i18n import translate

from collective.gongwen.accounts import duties
from collective.gongwen.accounts.duties import AUDITOR
from collective.gongwen.accounts.duties import SECURITY_ADMIN
from collective.gongwen.accounts.duties import SYSTEM_ADMIN
from collective.gongwen.accounts.duties import Actor


def actor(user_id, *roles):
    return Actor(user_id, frozenset(roles) | {"Member", "Authenticated"})


SYSADMIN = actor("gw_admin", SYSTEM_ADMIN)
SECADMIN = actor("gw_secadmin", SECURITY_ADMIN)
AUDITOR_ = actor("gw_auditor", AUDITOR)
EMERGENCY = actor("admin", "Manager")


def text(refusal):
    return translate(refusal.message, target_language="zh_CN")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (SYSADMIN, {duties.MANAGE_ACCOUNTS, duties.MANAGE_UNITS, duties.GENERAL_SETTINGS}),
        (
            SECADMIN,
            {duties.ASSIGN_ROLES, duties.CHANGE_GROUPS, duties.SHARING, duties.SECURITY_SETTINGS},
        ),
        (AUDITOR_, {duties.READ_AUDIT}),
    ],
)
def test_r_u2_each_duty_may_only_its_own_actions(who, allowed):
    every = set().union(*duties.DUTY_ACTIONS.values())
    assert {action for action in every if duties.may(who, action)} == allowed
    for action in every - allowed:
        with pytest.raises(duties.DutyRefused) as refused:
            duties.refuse_unless(who, action)
        assert "三员分立" in text(refused.value)


def test_r_u2_the_three_duties_share_no_action():
    sets = list(duties.DUTY_ACTIONS.values())
    assert sum(len(s) for s in sets) == len(set().union(*sets))


def test_r_u2_plain_users_and_site_administrators_may_do_none_of_it():
    for who in (actor("cy_staff1"), actor("old", "Site Administrator")):
        for action in set().union(*duties.DUTY_ACTIONS.values()):
            assert not duties.may(who, action)


def test_r_u2_emergency_admin_may_do_everything():
    for action in set().union(*duties.DUTY_ACTIONS.values()):
        assert duties.may(EMERGENCY, action)


def test_r_u2_refusal_names_whose_duty_it_is():
    with pytest.raises(duties.DutyRefused) as refused:
        duties.refuse_unless(SYSADMIN, duties.ASSIGN_ROLES)
    assert "安全保密管理员" in text(refused.value)
    with pytest.raises(duties.DutyRefused) as refused:
        duties.refuse_unless(SECADMIN, duties.MANAGE_ACCOUNTS)
    assert "系统管理员" in text(refused.value)


def test_r_u2_one_person_at_most_one_duty():
    assert duties.duty_conflict("a", [SYSTEM_ADMIN, "Member"]) is None
    assert duties.duty_conflict("a", ["Member"]) is None
    conflict = duties.duty_conflict("a", [AUDITOR, SECURITY_ADMIN, "Member"])
    message = text(conflict)
    assert "安全保密管理员" in message and "安全审计员" in message and "a" in message


def test_r_u2_only_the_security_admin_changes_roles():
    refusal = duties.role_grant_refusal(SYSADMIN, "cy_staff1", [], ["GongwenStaff"])
    assert "安全保密管理员" in text(refusal)
    assert duties.role_grant_refusal(AUDITOR_, "cy_staff1", [], [AUDITOR]) is not None
    assert duties.role_grant_refusal(SECADMIN, "cy_staff1", [], ["GongwenStaff"]) is None
    assert duties.role_grant_refusal(SECADMIN, "x", [], [SYSTEM_ADMIN]) is None
    # no change at all is never refused (a form saved as it was)
    assert duties.role_grant_refusal(SYSADMIN, "x", ["Member"], ["Member"]) is None


@pytest.mark.parametrize("role", ["Manager", "Site Administrator"])
def test_r_u2_nobody_but_the_emergency_admin_grants_reserved_roles(role):
    refusal = duties.role_grant_refusal(SECADMIN, "cy_staff1", [], [role])
    assert role in text(refusal) and "应急" in text(refusal)
    assert duties.role_grant_refusal(SECADMIN, "old", [role], []) is not None
    assert duties.role_grant_refusal(EMERGENCY, "cy_staff1", [], [role]) is None


def test_r_u2_security_admin_cannot_grant_themselves_a_duty():
    for duty in (AUDITOR, SYSTEM_ADMIN):
        refusal = duties.role_grant_refusal(
            SECADMIN, "gw_secadmin", [SECURITY_ADMIN], [SECURITY_ADMIN, duty]
        )
        assert "自己" in text(refusal)
    refusal = duties.role_grant_refusal(SECADMIN, "gw_secadmin", [SECURITY_ADMIN], [])
    assert refusal is not None
