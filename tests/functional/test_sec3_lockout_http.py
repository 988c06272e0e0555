"""R-SEC3 over real HTTP: the login form and REST ``@login`` lock after N wrong passwords.

The served site runs in this process, so the lockout's clock is moved with
``monkeypatch`` to see the lock run out.
"""

import transaction
from plone import api

from collective.gongwen.accounts import plugin as lockout_plugin
from collective.gongwen.accounts.settings import IAccountSettings
from tests.support.rest import form_login
from tests.support.rest import rest_login

PREFIX = IAccountSettings.__identifier__
PASSWORD = "Secret-pass-2024"
LOCKED = "登录失败次数过多，已暂时锁定"


def setup_member(portal, name):
    api.user.create(email=f"{name}@example.com", username=name, password=PASSWORD)
    api.portal.set_registry_record(f"{PREFIX}.lockout_attempts", 3)
    api.portal.set_registry_record(f"{PREFIX}.lockout_minutes", 10)
    transaction.commit()


def test_r_sec3_login_form_locks_and_unlocks_after_minutes(
    functional_portal, portal_url, monkeypatch
):
    now = [1_700_000_000.0]
    monkeypatch.setattr(lockout_plugin, "clock", lambda: now[0])
    setup_member(functional_portal, "formlock")
    for _ in range(3):
        session, response = form_login(portal_url, "formlock", "wrong")
        assert "__ac" not in session.cookies
    session, response = form_login(portal_url, "formlock", PASSWORD)
    assert response.status_code == 200
    assert "__ac" not in session.cookies
    assert LOCKED in response.text
    now[0] += 10 * 60
    session, response = form_login(portal_url, "formlock", PASSWORD)
    assert "__ac" in session.cookies


def test_r_sec3_rest_login_locks_with_a_chinese_message(functional_portal, portal_url, monkeypatch):
    now = [1_700_000_000.0]
    monkeypatch.setattr(lockout_plugin, "clock", lambda: now[0])
    setup_member(functional_portal, "restlock")
    # both tests share 127.0.0.1: clear the address count the form test may have left
    functional_portal.acl_users[lockout_plugin.PLUGIN_ID].unlock(address="127.0.0.1")
    transaction.commit()
    for _ in range(3):
        assert rest_login(portal_url, "restlock", "wrong").status_code == 401
    response = rest_login(portal_url, "restlock", PASSWORD)
    assert response.status_code == 401
    assert LOCKED in response.json()["error"]["message"]
    assert "token" not in response.json()
    now[0] += 10 * 60
    response = rest_login(portal_url, "restlock", PASSWORD)
    assert response.status_code == 200, response.text
    assert response.json()["token"]
