"""R-SEC3 on the Plone layer: 安全设置 → 当前锁定 lists locked account names and addresses and
the 安全保密管理员 unlocks them — a CSRF-checked POST only, refused to everyone else, audited."""

import pytest
from AccessControl import Unauthorized
from plone import api
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed

from collective.gongwen.accounts import lockout
from collective.gongwen.accounts import plugin as lockout_plugin
from collective.gongwen.accounts.settings import IAccountSettings
from collective.gongwen.audit import record
from tests.support.views import post_as
from tests.support.views import render_as

PREFIX = IAccountSettings.__identifier__
SECADMIN = "gw_secadmin"


@pytest.fixture
def locked(portal, lockout_clock):
    """cy_eng_staff locked (5 wrong) and the address 10.7.7.7 locked (50 wrong, many names)."""
    request = portal.REQUEST
    for _ in range(5):
        request._client_addr = "10.6.6.6"
        portal.acl_users.authenticate("cy_eng_staff", "wrong", request)
    for index in range(50):
        request._client_addr = "10.7.7.7"
        portal.acl_users.authenticate(f"guess-{index // 4}", "wrong", request)
    return portal.acl_users[lockout_plugin.PLUGIN_ID]


def _locked_names(plugin):
    return {(lock.kind, lock.name) for lock in plugin.current_locks()}


def test_r_sec3_current_locks_shown_to_the_security_admin(portal, locked):
    assert _locked_names(locked) >= {
        (lockout.ACCOUNT, "cy_eng_staff"),
        (lockout.ADDRESS, "10.7.7.7"),
    }
    assert (lockout.ADDRESS, "10.6.6.6") not in _locked_names(locked)
    view, html = render_as(portal, "gongwen-accounts-settings", SECADMIN)
    assert "当前锁定" in html
    assert "同一地址连续输错几次后锁定该地址" in html
    rows = {(row["kind"], row["name"]): row for row in view.locks()}
    account = rows[(lockout.ACCOUNT, "cy_eng_staff")]
    assert account["failures"] == 5 and account["minutes_left"] == 15
    assert rows[(lockout.ADDRESS, "10.7.7.7")]["failures"] == 50
    assert 'data-name="cy_eng_staff"' in html and "@@gongwen-accounts-unlock" in html


def test_r_sec3_no_locks_said_in_words(portal):
    _, html = render_as(portal, "gongwen-accounts-settings", SECADMIN)
    assert "目前没有锁定的账号或地址" in html


@pytest.mark.parametrize("user", ["gw_admin", "gw_auditor", "cy_eng_staff", "cy_office_head"])
def test_r_sec3_unlock_refused_to_other_users(portal, locked, user):
    with pytest.raises(Unauthorized):
        post_as(portal, "gongwen-accounts-unlock", user, kind="account", target="cy_eng_staff")
    with api.env.adopt_user(username=user), pytest.raises(Unauthorized):
        lockout_plugin.unlock_now(lockout.ACCOUNT, "cy_eng_staff")
    assert (lockout.ACCOUNT, "cy_eng_staff") in _locked_names(locked)


def test_r_sec3_unlock_refuses_get_and_a_post_without_token(portal, locked):
    request = portal.REQUEST
    request.form.update(kind="account", target="cy_eng_staff")
    try:
        with api.env.adopt_user(username=SECADMIN):
            view = portal.restrictedTraverse("@@gongwen-accounts-unlock")
            with pytest.raises(MethodNotAllowed):
                view()
            request.method = "POST"
            with pytest.raises(Forbidden):
                view()
    finally:
        request.method = "GET"
        request.form.clear()
    assert (lockout.ACCOUNT, "cy_eng_staff") in _locked_names(locked)


def test_r_sec3_security_admin_unlocks_and_it_is_audited(portal, locked):
    before = len(record.pending())
    post_as(portal, "gongwen-accounts-unlock", SECADMIN, kind="account", target="CY_Eng_Staff ")
    assert (lockout.ACCOUNT, "cy_eng_staff") not in _locked_names(locked)
    assert (lockout.ADDRESS, "10.7.7.7") in _locked_names(locked)
    post_as(portal, "gongwen-accounts-unlock", SECADMIN, kind="address", target="10.7.7.7")
    assert _locked_names(locked) == set()
    entries = [e for e in record.pending()[before:] if e["action"] == "settings_change"]
    assert [e["actor"] for e in entries] == [SECADMIN, SECADMIN]
    assert "解除登录锁定" in entries[0]["summary"] and "账号 cy_eng_staff" in entries[0]["summary"]
    assert "连续输错 5 次" in entries[0]["summary"]
    assert "地址 10.7.7.7" in entries[1]["summary"] and "连续输错 50 次" in entries[1]["summary"]
    # the account logs in again with its right password
    request = portal.REQUEST
    request._client_addr = "10.6.6.6"
    assert portal.acl_users.authenticate("cy_eng_staff", "gongwen2026", request) is not None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "user", "target": "cy_eng_staff"}, "要解锁的账号或地址无效"),
        ({"kind": "account", "target": ""}, "要解锁的账号或地址无效"),
        ({"kind": "account"}, "要解锁的账号或地址无效"),
        ({"kind": ["account", "address"], "target": "x"}, "要解锁的账号或地址无效"),
        ({"kind": "account", "target": ["a", "b"]}, "要解锁的账号或地址无效"),
        ({"kind": "account", "target": "x" * 100_000}, "要解锁的账号或地址过长"),
        ({"kind": "account", "target": "not-locked"}, "已不在锁定中"),
    ],
)
def test_r_sec3_unlock_hostile_input_answered_in_chinese(portal, locked, form, message):
    from Products.statusmessages.interfaces import IStatusMessage
    from zope.i18n import translate

    before = len(record.pending())
    post_as(portal, "gongwen-accounts-unlock", SECADMIN, **form)
    shown = [
        translate(m.message, context=portal.REQUEST) for m in IStatusMessage(portal.REQUEST).show()
    ]
    assert any(message in text for text in shown), shown
    assert (lockout.ACCOUNT, "cy_eng_staff") in _locked_names(locked)
    assert not [e for e in record.pending()[before:] if e["action"] == "settings_change"]
