"""R-SEC3 over real HTTP: a whole office behind one address is not locked out by one person.

Every request of this test comes from 127.0.0.1, as a bureau's staff come through one NAT or
proxy address: a mistyped account name or one person's wrong passwords lock that name only;
the address locks at its own, far higher limit (50) — and then the 安全保密管理员, still
signed in, sees it under 安全设置 → 当前锁定 and unlocks it.
"""

import re

import pytest
import requests
import transaction

from collective.gongwen.accounts import plugin as lockout_plugin
from tests.support.rest import PASSWORD
from tests.support.rest import form_login
from tests.support.rest import rest_login

LOCKED = "登录失败次数过多，已暂时锁定"
TIMEOUT = 60
ADDRESS = "127.0.0.1"


def logs_in(portal_url, name, password=PASSWORD):
    session, response = form_login(portal_url, name, password)
    return "__ac" in session.cookies, response


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


@pytest.fixture
def office(functional_portal):
    """127.0.0.1 starts with no tally and is left with none, whatever the test did."""
    plugin = functional_portal.acl_users[lockout_plugin.PLUGIN_ID]
    plugin._tallies.clear()
    transaction.commit()
    yield plugin
    transaction.begin()
    plugin._tallies.clear()
    transaction.commit()


def test_r_sec3_a_mistyped_name_does_not_lock_the_office(functional_portal, portal_url, office):
    for _ in range(6):  # the account limit is 5: the typo's name is locked, nobody else
        ok, _response = logs_in(portal_url, "cy_secretary", "gongwen2025")
        assert not ok
    ok, response = logs_in(portal_url, "cy_secretary1")
    assert ok, response.text[:300]
    answer = rest_login(portal_url, "cy_secretary1", PASSWORD)
    assert answer.status_code == 200 and answer.json()["token"]


def test_r_sec3_five_wrong_lock_only_that_account(functional_portal, portal_url, office):
    for _ in range(5):
        assert not logs_in(portal_url, "cy_eng_staff", "wrong-password")[0]
    ok, response = logs_in(portal_url, "cy_eng_staff")
    assert not ok and LOCKED in response.text
    assert rest_login(portal_url, "cy_eng_staff", PASSWORD).status_code == 401
    assert logs_in(portal_url, "cy_secretary1")[0]
    assert logs_in(portal_url, "cy_office_head")[0]


@pytest.mark.slow
def test_r_sec3_fifty_failures_lock_the_address_and_the_secadmin_unlocks(
    functional_portal, portal_url, office
):
    # the 安全保密管理员 signed in before (a session is no password: not refused by a lock)
    admin, response = form_login(portal_url, "gw_secadmin", PASSWORD)
    assert "__ac" in admin.cookies
    staff, response = form_login(portal_url, "cy_office_head", PASSWORD)  # and a 办公室负责人
    assert "__ac" in staff.cookies
    # someone guesses at many names from the office's address: 4 each, under the account limit
    for index in range(49):
        answer = rest_login(portal_url, f"guess{index // 4}", "guess")
        assert answer.status_code == 401
        if index == 24:  # half way, the office still works
            assert logs_in(portal_url, "cy_secretary1")[0]
    assert logs_in(portal_url, "cy_secretary1")[0]
    assert rest_login(portal_url, "guess-last", "guess").status_code == 401  # the 50th
    ok, response = logs_in(portal_url, "cy_secretary1")
    assert not ok and LOCKED in response.text
    answer = rest_login(portal_url, "cy_secretary1", PASSWORD)
    assert answer.status_code == 401 and LOCKED in answer.json()["error"]["message"]

    page = admin.get(f"{portal_url}/@@gongwen-accounts-settings", timeout=TIMEOUT)
    assert page.status_code == 200
    assert "当前锁定" in page.text
    assert f'data-kind="address" data-name="{ADDRESS}"' in page.text
    row = re.search(r'data-name="127\.0\.0\.1">(.*?)</tr>', page.text, re.S).group(1)
    assert "<td>50</td>" in row.replace(" ", "")
    unlock = f"{portal_url}/@@gongwen-accounts-unlock"
    form = {"kind": "address", "target": ADDRESS}
    # GET, or a POST without the CSRF token, unlocks nothing
    assert admin.get(unlock, params=form, timeout=TIMEOUT).status_code == 405
    assert admin.post(unlock, data=form, timeout=TIMEOUT).status_code == 403
    # someone else signed in (before the lock) may not see or use it
    shown = staff.get(
        f"{portal_url}/@@gongwen-accounts-settings", allow_redirects=False, timeout=TIMEOUT
    )
    assert shown.status_code in (302, 401, 403) and "当前锁定" not in shown.text
    refused = staff.post(
        unlock, data={**form, "_authenticator": "x"}, timeout=TIMEOUT, allow_redirects=False
    )
    assert refused.status_code in (302, 401, 403)
    assert not logs_in(portal_url, "cy_secretary1")[0]

    done = admin.post(
        unlock, data={**form, "_authenticator": authenticator(page.text)}, timeout=TIMEOUT
    )
    assert done.status_code == 200
    assert done.url.endswith("@@gongwen-accounts-settings#gongwen-locks")
    assert "已解锁地址「127.0.0.1」" in done.text
    assert "目前没有锁定的账号或地址" in done.text
    assert logs_in(portal_url, "cy_secretary1")[0]


@pytest.mark.parametrize(
    "method, query",
    [
        ("unlock", "login=cy_eng_staff"),
        ("unlock", "address=127.0.0.1"),
        ("current_locks", ""),
        ("tally", "key=login:cy_eng_staff"),
    ],
)
def test_r_sec3_the_plugins_methods_are_not_published(
    functional_portal, portal_url, office, method, query
):
    # Their docstrings would make them callable by URL: an attacker would unlock himself.
    for _attempt in range(5):
        rest_login(portal_url, "cy_eng_staff", "wrong-password")
    assert LOCKED in rest_login(portal_url, "cy_eng_staff", PASSWORD).json()["error"]["message"]
    url = f"{portal_url}/acl_users/{lockout_plugin.PLUGIN_ID}/{method}?{query}"
    for auth in (None, ("cy_secretary1", PASSWORD)):
        answer = requests.post(url, auth=auth, timeout=TIMEOUT, allow_redirects=False)
        assert answer.status_code in (302, 401, 403, 404), (method, auth, answer.status_code)
    policy = f"{portal_url}/acl_users/gongwen_password_policy/stamp?userid=cy_eng_staff"
    answer = requests.post(policy, timeout=TIMEOUT, allow_redirects=False)
    assert answer.status_code in (302, 401, 403, 404), answer.status_code
    assert LOCKED in rest_login(portal_url, "cy_eng_staff", PASSWORD).json()["error"]["message"]
