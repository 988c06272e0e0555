"""R-SEC3 over real HTTP: logout and a new password end copied cookies and JWTs; the idle
timeout; the password policy on REST; an expired password lets its owner only change it.

The served site runs in this process: plone.session's and the policy's clocks are moved with
``monkeypatch``.
"""

import time

import requests
import transaction
from plone import api

from collective.gongwen.accounts import password_plugin
from collective.gongwen.accounts import sessions
from collective.gongwen.accounts.settings import IAccountSettings

PREFIX = IAccountSettings.__identifier__
PASSWORD = "Strong-pass-2026"
JSON = {
    "Accept": "application/json",
    "Content-Type": "application/json",
    "Accept-Language": "zh-cn",
}


def member(portal, name):
    api.user.create(email=f"{name}@example.com", username=name, password=PASSWORD)
    transaction.commit()
    return name


def cookie_login(portal_url, name, password=PASSWORD):
    session = requests.Session()
    session.post(
        f"{portal_url}/login",
        data={"__ac_name": name, "__ac_password": password, "buttons.login": "登录"},
        timeout=30,
    )
    assert "__ac" in session.cookies
    return session, session.cookies["__ac"]


def jwt_login(portal_url, name, password=PASSWORD):
    response = requests.post(
        f"{portal_url}/@login", json={"login": name, "password": password}, headers=JSON, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


def cookie_works(portal_url, cookie):
    response = requests.get(
        f"{portal_url}/@@personal-information",
        cookies={"__ac": cookie},
        allow_redirects=False,
        timeout=30,
    )
    return response.status_code == 200


def jwt_works(portal_url, name, token):
    response = requests.get(
        f"{portal_url}/@users/{name}",
        headers={**JSON, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.status_code == 200


def test_r_sec3_logout_ends_a_copied_cookie_and_the_jwt(functional_portal, portal_url):
    name = member(functional_portal, "leaver")
    session, cookie = cookie_login(portal_url, name)
    token = jwt_login(portal_url, name)
    assert cookie_works(portal_url, cookie)
    assert jwt_works(portal_url, name, token)
    session.get(f"{portal_url}/logout", timeout=30)
    assert not cookie_works(portal_url, cookie)
    assert not jwt_works(portal_url, name, token)
    # a new login works again
    _session, fresh = cookie_login(portal_url, name)
    assert cookie_works(portal_url, fresh)


def test_r_sec3_rest_logout_ends_its_token(functional_portal, portal_url):
    name = member(functional_portal, "restleaver")
    token = jwt_login(portal_url, name)
    response = requests.post(
        f"{portal_url}/@logout",
        headers={**JSON, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code in (200, 204), response.text
    assert not jwt_works(portal_url, name, token)


def test_r_sec3_password_change_ends_copied_cookie_and_jwt(functional_portal, portal_url):
    name = member(functional_portal, "changer")
    _session, cookie = cookie_login(portal_url, name)
    token = jwt_login(portal_url, name)
    other = jwt_login(portal_url, name)
    response = requests.post(
        f"{portal_url}/@users/{name}/reset-password",
        json={"old_password": PASSWORD, "new_password": "Changed-pass-2026"},
        headers={**JSON, "Authorization": f"Bearer {other}"},
        timeout=30,
    )
    assert response.status_code in (200, 204), response.text
    assert not cookie_works(portal_url, cookie)
    assert not jwt_works(portal_url, name, token)
    assert jwt_works(portal_url, name, jwt_login(portal_url, name, "Changed-pass-2026"))


def test_r_sec3_rest_refuses_weak_and_reused_passwords_in_chinese(functional_portal, portal_url):
    name = member(functional_portal, "restpw")
    token = jwt_login(portal_url, name)
    auth = {**JSON, "Authorization": f"Bearer {token}"}
    response = requests.post(
        f"{portal_url}/@users/{name}/reset-password",
        json={"old_password": PASSWORD, "new_password": "12345678"},
        headers=auth,
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert "密码不符合要求" in response.json()["message"]
    # PATCH by the site owner (administrator) is held to the policy too
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def set_password(password):
        return requests.patch(
            f"{portal_url}/@users/{name}",
            json={"password": password},
            headers=JSON,
            auth=owner,
            timeout=30,
        )

    response = set_password("12345678")
    assert response.status_code == 400, response.text
    assert "至少 10 个字符" in response.json()["error"]["message"]
    response = set_password("Next-pass-2026")
    assert response.status_code == 204, response.text
    response = set_password("Next-pass-2026")
    assert response.status_code == 400
    assert "不能使用最近 5 次" in response.json()["error"]["message"]


def test_r_sec3_idle_timeout_refuses_an_idle_cookie_and_activity_renews_it(
    functional_portal, portal_url, monkeypatch
):
    from plone.session import tktauth
    from plone.session.plugins import session as session_module

    api.portal.set_registry_record(f"{PREFIX}.idle_timeout_minutes", 5)
    name = member(functional_portal, "idler")
    assert functional_portal.acl_users.session.timeout == 300
    now = [time.time()]

    class Clock:
        @staticmethod
        def time():
            return now[0]

    monkeypatch.setattr(session_module, "time", Clock)
    monkeypatch.setattr(sessions, "time", Clock)
    monkeypatch.setattr(tktauth, "time", Clock)
    _session, cookie = cookie_login(portal_url, name)
    now[0] += 4 * 60
    active = requests.get(
        f"{portal_url}/@@personal-information",
        cookies={"__ac": cookie},
        allow_redirects=False,
        timeout=30,
    )
    assert active.status_code == 200
    renewed = active.cookies.get("__ac")
    assert renewed  # activity renews the ticket
    now[0] += 4 * 60  # 8 minutes after login, 4 after the last activity
    assert cookie_works(portal_url, renewed)
    assert not cookie_works(portal_url, cookie)  # the first one has been idle 8 minutes
    now[0] += 6 * 60
    assert not cookie_works(portal_url, renewed)


def test_r_sec3_expired_password_lets_its_owner_only_change_it(
    functional_portal, portal_url, monkeypatch
):
    now = [time.time()]
    monkeypatch.setattr(password_plugin, "clock", lambda: now[0])
    name = member(functional_portal, "expired")
    now[0] += 91 * 86400
    session, _cookie = cookie_login(portal_url, name)
    response = session.get(f"{portal_url}/@@personal-information", timeout=30)
    assert response.url.endswith("/@@change-password")
    assert "您的密码已过期" in response.text
    token = jwt_login(portal_url, name)
    response = requests.get(
        f"{portal_url}/@search",
        headers={**JSON, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 401, response.text
    assert response.json()["type"] == "PasswordExpired"
    assert "您的密码已过期" in response.json()["message"]
