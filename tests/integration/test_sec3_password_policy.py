"""R-SEC3 on the Plone layer: the password policy on each path that sets a password,
history, expiry, and a new password ending the old sessions and tokens."""

import pytest
from plone import api
from zope.i18n import translate

from collective.gongwen.accounts import password_plugin
from collective.gongwen.accounts.sessions import end_sessions
from collective.gongwen.accounts.settings import IAccountSettings

PREFIX = IAccountSettings.__identifier__
GOOD = "Strong-pass-2026"


@pytest.fixture
def clock(monkeypatch):
    now = [1_700_000_000.0]
    monkeypatch.setattr(password_plugin, "clock", lambda: now[0])
    return now


def validity(portal, password):
    return api.portal.get_tool("portal_registration").testPasswordValidity(password)


def test_r_sec3_policy_plugin_replaces_plones_and_records_are_installed(portal):
    from Products.PluggableAuthService.interfaces.plugins import IValidationPlugin

    ids = portal.acl_users.plugins.listPluginIds(IValidationPlugin)
    assert password_plugin.PLUGIN_ID in ids
    assert password_plugin.PLONE_POLICY_ID not in ids
    assert api.portal.get_registry_record(f"{PREFIX}.password_min_length") == 10
    assert api.portal.get_registry_record(f"{PREFIX}.password_expiry_days") == 90
    assert api.portal.get_registry_record(f"{PREFIX}.idle_timeout_minutes") == 30


def test_r_sec3_12345678_is_refused_saying_what_is_missing(portal):
    message = validity(portal, "12345678")
    assert "至少 10 个字符，还差 2 个" in message
    assert "尚缺：大写字母、小写字母、符号" in message
    assert validity(portal, GOOD) is None


def test_r_sec3_registration_path_refuses_a_weak_password(portal):
    with pytest.raises(ValueError) as refused:
        api.user.create(email="weak@example.com", username="weakling", password="12345678")
    assert "密码不符合要求" in translate(refused.value.args[0], context=portal.REQUEST)
    api.user.create(email="strong@example.com", username="strongone", password=GOOD)


def test_r_sec3_demo_setup_is_not_held_to_the_policy(portal):
    # the demo organisation is the tests' fixture: its gongwen2026 accounts exist
    assert api.user.get(userid="gw_admin") is not None or api.user.get(username="gaoyuan")
    with password_plugin.waived():
        assert validity(portal, "gongwen2026") is None
    assert validity(portal, "gongwen2026") is not None


def test_r_sec3_the_last_passwords_may_not_be_reused(portal, clock):
    user = api.user.create(email="h@example.com", username="historian", password=GOOD)
    pas = portal.acl_users
    pas.userSetPassword("historian", "Second-pass-2026")
    plugin = pas[password_plugin.PLUGIN_ID]
    assert len(plugin.history("historian")) == 1  # creation does not pass through a change
    request = portal.REQUEST
    request.other[password_plugin.OWNER] = "historian"
    try:
        assert "不能使用最近 5 次" in validity(portal, "Second-pass-2026")
        assert validity(portal, "Third-pass-2026") is None
    finally:
        del request.other[password_plugin.OWNER]
    # salted hashes only
    assert all("Second" not in h for h in plugin.history("historian"))
    assert user.getId() == "historian"


def test_r_sec3_expiry_counts_from_the_last_change_and_new_accounts_start_now(portal, clock):
    api.user.create(email="e@example.com", username="expiring", password=GOOD)
    plugin = portal.acl_users[password_plugin.PLUGIN_ID]
    assert plugin.set_at("expiring") == clock[0]
    clock[0] += 90 * 86400
    assert plugin.is_expired("expiring")
    portal.acl_users.userSetPassword("expiring", "Renewed-pass-2026")
    assert not plugin.is_expired("expiring")


def test_r_sec3_existing_accounts_are_stamped_not_expired_at_once(portal, clock):
    plugin = portal.acl_users[password_plugin.PLUGIN_ID]
    plugin.forget("gw_admin")
    password_plugin.install_password_policy_plugin(portal)
    assert plugin.set_at("gw_admin") == clock[0]
    assert not plugin.is_expired("gw_admin")


def test_r_sec3_a_new_password_ends_the_users_jwt_tokens(portal):
    api.user.create(email="t@example.com", username="tokenholder", password=GOOD)
    jwt = portal.acl_users["jwt_auth"]
    assert jwt.store_tokens
    token = jwt.create_token("tokenholder")
    assert jwt.authenticateCredentials({"token": token, "extractor": "jwt_auth"}) is not None
    portal.acl_users.userSetPassword("tokenholder", "Another-pass-2026")
    assert jwt.authenticateCredentials({"token": token, "extractor": "jwt_auth"}) is None
    end_sessions(portal, "nobody-at-all")  # no tokens, no keyring: nothing to do


def test_r_sec3_security_settings_panel_is_the_security_administrators(portal):
    view = "collective.gongwen: Manage security settings"
    roles = {r["name"] for r in portal.rolesOfPermission(view) if r["selected"]}
    assert roles == {"GongwenSecurityAdmin", "Manager"}
    from collective.gongwen.accounts.browser.controlpanel import AccountSettingsForm

    assert "password_expiry_days" in AccountSettingsForm.schema.names()


def test_r_sec3_settings_are_bounded(portal):
    from zope.schema.interfaces import TooBig
    from zope.schema.interfaces import TooSmall

    with pytest.raises(TooSmall):
        IAccountSettings["password_min_length"].validate(7)
    with pytest.raises(TooBig):
        IAccountSettings["password_expiry_days"].validate(366)


def test_r_sec3_changing_the_idle_timeout_applies_it_at_once(portal):
    api.portal.set_registry_record(f"{PREFIX}.idle_timeout_minutes", 10)
    api.portal.set_registry_record(f"{PREFIX}.token_hours", 2)
    assert portal.acl_users.session.timeout == 600
    assert portal.acl_users.session.per_user_keyring
    assert portal.acl_users["jwt_auth"].token_timeout == 7200


def test_r_sec3_lockout_ends_the_accounts_tokens(portal, monkeypatch):
    from collective.gongwen.accounts import plugin as lockout_plugin

    monkeypatch.setattr(lockout_plugin, "clock", lambda: 1_700_000_000.0)
    api.portal.set_registry_record(f"{PREFIX}.lockout_attempts", 2)
    api.user.create(email="l@example.com", username="lockedout", password=GOOD)
    jwt = portal.acl_users["jwt_auth"]
    token = jwt.create_token("lockedout")
    request = portal.REQUEST
    request._client_addr = "10.1.2.3"
    for _ in range(2):
        assert portal.acl_users.authenticate("lockedout", "wrong", request) is None
    assert jwt.authenticateCredentials({"token": token, "extractor": "jwt_auth"}) is None


def test_r_sec3_password_reset_tool_refuses_a_weak_password(portal):
    api.user.create(email="r@example.com", username="resetter", password=GOOD)
    portal.acl_users.userSetPassword("resetter", "Second-pass-2026")
    portal.REQUEST.form["userid"] = "resetter"  # the forgotten-password form names the account
    assert "密码不符合要求" in validity(portal, "abcdefghij")
    assert "不能使用最近 5 次" in validity(portal, "Second-pass-2026")
    assert validity(portal, "Third-pass-2026") is None


def test_r_sec3_change_password_form_refuses_weak_and_accepts_strong(portal):
    from plone.app.testing import login
    from plone.protect.authenticator import createToken

    api.user.create(email="c@example.com", username="changeme", password=GOOD)
    login(portal, "changeme")
    request = portal.REQUEST
    request.form.update(
        {
            "form.widgets.current_password": GOOD,
            "form.widgets.new_password": "12345678",
            "form.widgets.new_password_ctl": "12345678",
            "form.buttons.reset_passwd": "修改密码",
            "_authenticator": createToken(),
        }
    )
    request["ACTUAL_URL"] = f"{portal.absolute_url()}/@@change-password"
    request.method = "POST"
    view = portal.restrictedTraverse("@@change-password")
    html = view()
    assert "密码不符合要求" in html
    plugin = portal.acl_users[password_plugin.PLUGIN_ID]
    assert plugin.history("changeme") == ()


def test_r_sec3_switching_to_per_user_keyrings_gives_existing_users_one(portal):
    from plone.keyring.interfaces import IKeyManager
    from zope.component import getUtility

    from collective.gongwen.accounts.sessions import apply_session_settings

    session = portal.acl_users.session
    manager = getUtility(IKeyManager)
    ring = session._getSecretKey("gw_admin")
    if ring in manager:
        del manager[ring]
    session.per_user_keyring = False
    apply_session_settings(portal)
    assert session.per_user_keyring
    assert manager.secret(ring=ring)
