"""R-SEC3 on the Plone layer: the lockout plugin refuses a locked login whatever the password."""

import pytest
from plone import api
from zope.i18n import translate

from collective.gongwen.accounts import plugin as lockout_plugin
from collective.gongwen.accounts.settings import IAccountSettings

PASSWORD = "Secret-pass-2024"
PREFIX = IAccountSettings.__identifier__


@pytest.fixture
def member(portal):
    api.user.create(email="lock@example.com", username="lockme", password=PASSWORD)
    api.portal.set_registry_record(f"{PREFIX}.lockout_attempts", 3)
    api.portal.set_registry_record(f"{PREFIX}.lockout_address_attempts", 5)
    api.portal.set_registry_record(f"{PREFIX}.lockout_minutes", 10)
    return "lockme"


def authenticate(portal, login, password, address="10.0.0.1"):
    request = portal.REQUEST
    request._client_addr = address
    request.other.pop(lockout_plugin.LOCKED_MINUTES, None)
    return portal.acl_users.authenticate(login, password, request)


def test_r_sec3_plugin_is_installed_first_among_authenticators(portal):
    from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin

    ids = portal.acl_users.plugins.listPluginIds(IAuthenticationPlugin)
    assert ids[0] == lockout_plugin.PLUGIN_ID


def test_r_sec3_settings_records_are_installed(portal):
    assert api.portal.get_registry_record(f"{PREFIX}.lockout_attempts") == 5
    assert api.portal.get_registry_record(f"{PREFIX}.lockout_address_attempts") == 50
    assert api.portal.get_registry_record(f"{PREFIX}.lockout_minutes") == 15


def test_r_sec3_account_locks_after_n_failures_and_unlocks_after_m_minutes(
    portal, member, lockout_clock
):
    assert authenticate(portal, member, PASSWORD) is not None
    for _ in range(3):
        assert authenticate(portal, member, "wrong") is None
    # locked: the right password is refused, from another address too
    assert authenticate(portal, member, PASSWORD, address="10.0.0.2") is None
    minutes = portal.REQUEST.other[lockout_plugin.LOCKED_MINUTES]
    assert minutes == 10
    message = translate(lockout_plugin.locked_message(minutes), context=portal.REQUEST)
    assert "10 分钟后再试" in message
    lockout_clock[0] += 10 * 60
    assert authenticate(portal, member, PASSWORD, address="10.0.0.2") is not None


def test_r_sec3_right_password_clears_the_account_count(portal, member, lockout_clock):
    for _ in range(2):
        authenticate(portal, member, "wrong", address="10.0.0.3")
    assert authenticate(portal, member, PASSWORD, address="10.0.0.4") is not None
    for _ in range(2):
        authenticate(portal, member, "wrong", address="10.0.0.5")
    assert authenticate(portal, member, PASSWORD, address="10.0.0.6") is not None


def test_r_sec3_address_locks_across_accounts_at_its_own_higher_limit(
    portal, member, lockout_clock
):
    # three wrong (the account limit) for one name lock that name, not the address
    for _ in range(3):
        assert authenticate(portal, "nobody-1", "guess", address="10.9.9.9") is None
    assert authenticate(portal, member, PASSWORD, address="10.9.9.9") is not None
    # the address's limit (5) reached across names locks every login from it
    for name in ("nobody-2", "nobody-3"):
        assert authenticate(portal, name, "guess", address="10.9.9.9") is None
    assert authenticate(portal, member, PASSWORD, address="10.9.9.9") is None
    assert portal.REQUEST.other[lockout_plugin.LOCKED_MINUTES] == 10
    assert authenticate(portal, member, PASSWORD, address="10.0.0.7") is not None


def test_r_sec3_unknown_account_locks_the_same_way(portal, member, lockout_clock):
    """The refusal says nothing about whether the account exists."""
    for address in ("10.1.0.1", "10.1.0.2", "10.1.0.3"):
        authenticate(portal, "ghost", "guess", address=address)
    authenticate(portal, "ghost", "guess", address="10.1.0.4")
    ghost = portal.REQUEST.other[lockout_plugin.LOCKED_MINUTES]
    for address in ("10.2.0.1", "10.2.0.2", "10.2.0.3"):
        authenticate(portal, member, "guess", address=address)
    authenticate(portal, member, "guess", address="10.2.0.4")
    assert portal.REQUEST.other[lockout_plugin.LOCKED_MINUTES] == ghost


def test_r_sec3_limit_zero_never_locks(portal, member, lockout_clock):
    api.portal.set_registry_record(f"{PREFIX}.lockout_attempts", 0)
    api.portal.set_registry_record(f"{PREFIX}.lockout_address_attempts", 0)
    for _ in range(10):
        authenticate(portal, member, "wrong")
    assert authenticate(portal, member, PASSWORD) is not None


def test_r_sec3_address_limit_zero_locks_accounts_only(portal, member, lockout_clock):
    api.portal.set_registry_record(f"{PREFIX}.lockout_address_attempts", 0)
    for index in range(20):
        authenticate(portal, f"nobody-{index}", "guess", address="10.8.8.8")
    assert authenticate(portal, member, PASSWORD, address="10.8.8.8") is not None
    for _ in range(3):
        authenticate(portal, member, "wrong", address="10.8.8.8")
    assert authenticate(portal, member, PASSWORD, address="10.8.8.9") is None


def test_r_sec3_zopes_own_admin_is_not_a_failed_login_of_the_site(portal, member, lockout_clock):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    # Zope's emergency admin lives above the site: the site's plugins do not know the name
    for _ in range(5):
        authenticate(portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    assert not portal.acl_users[lockout_plugin.PLUGIN_ID].is_locked(SITE_OWNER_NAME, portal.REQUEST)
    # so the address the admin works from is not locked for the staff
    assert authenticate(portal, member, PASSWORD) is not None
