"""R-U1 over real HTTP (the served test portal): logging in, a failed login, logging out, a REST
transition, a document page and a download each leave their entry, with the client address
as Zope sees it — a forged X-Forwarded-For from a client that is no trusted proxy is ignored."""

import requests
import transaction
from plone import api

from collective.gongwen.audit import record
from collective.gongwen.audit.verify import verify
from collective.gongwen.content import files
from tests.support.outgoing import draft_outgoing
from tests.support.rest import PASSWORD
from tests.support.rest import committed_url
from tests.support.rest import demo
from tests.support.rest import transition

FORGED = {"X-Forwarded-For": "10.9.9.9"}


def entries_after(seq, action=None):
    store = record.audit_store()
    rows = store.connection.execute("SELECT * FROM entry WHERE seq > ? ORDER BY seq", (seq,))
    return [dict(r) for r in rows if action is None or r["action"] == action]


def newest_seq():
    row = record.audit_store().connection.execute("SELECT max(seq) FROM entry").fetchone()
    return row[0] or 0


def test_r_u1_login_failed_login_and_logout_over_http(functional_portal, portal_url):
    start = newest_seq()
    session = requests.Session()
    wrong = session.post(
        f"{portal_url}/login",
        data={"__ac_name": "cy_eng_staff", "__ac_password": "wrong", "buttons.login": "登录"},
        headers=FORGED,
        timeout=30,
    )
    assert wrong.status_code == 200 and "__ac" not in session.cookies
    session.post(
        f"{portal_url}/login",
        data={"__ac_name": "cy_eng_staff", "__ac_password": PASSWORD, "buttons.login": "登录"},
        timeout=30,
    )
    assert "__ac" in session.cookies
    session.get(f"{portal_url}/logout", timeout=30)
    failed = entries_after(start, "login_failed")
    assert [(e["actor"], e["client_address"]) for e in failed] == [("cy_eng_staff", "127.0.0.1")]
    (login,) = entries_after(start, "login")
    assert (login["actor"], login["client_address"], login["unit"]) == (
        "cy_eng_staff",
        "127.0.0.1",
        "长垣河务局",
    )
    (logout,) = entries_after(start, "logout")
    assert logout["actor"] == "cy_eng_staff"
    assert verify(record.store_path()).ok


def test_r_u1_rest_transition_view_and_download_over_http(functional_portal, portal_url):
    document = draft_outgoing(
        functional_portal, title="经接口流转的发文", attachment_note=["防汛检查表"]
    )
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, "附件内容".encode(), "防汛检查表.txt")
    url = committed_url(portal_url, document)
    start = newest_seq()
    response = transition(url, "cy_eng_staff", "submit")
    assert response.status_code == 200, response.text
    (entry,) = entries_after(start, "transition")
    assert (entry["actor"], entry["from_state"], entry["to_state"]) == (
        "cy_eng_staff",
        "draft",
        "dept_review",
    )
    assert (entry["object_uid"], entry["client_address"]) == (document.UID(), "127.0.0.1")
    page = requests.get(url, auth=demo("cy_eng_head"), headers=FORGED, timeout=60)
    assert page.status_code == 200
    (viewed,) = entries_after(start, "view")
    assert (viewed["actor"], viewed["client_address"]) == ("cy_eng_head", "127.0.0.1")
    transaction.begin()
    item_id = document.objectIds()[0]
    got = requests.get(f"{url}/{item_id}/@@download/file", auth=demo("cy_eng_head"), timeout=60)
    assert got.status_code == 200 and got.content == "附件内容".encode()
    (download,) = entries_after(start, "download")
    assert "防汛检查表" in download["summary"] and download["object_uid"] == document.UID()
    assert verify(record.store_path()).ok


def test_r_u2_every_request_of_the_emergency_admin_is_an_entry(functional_portal, portal_url):
    """Zope's admin (the root user folder's) is for emergencies: even a mere look is on record,
    flagged; a demo user's look is not such an entry."""
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    start = newest_seq()
    page = requests.get(
        f"{portal_url}/@@overview-controlpanel",
        params={"x": "1"},
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=60,
    )
    assert page.status_code == 200
    requests.get(f"{portal_url}/@@overview-controlpanel", auth=demo("gw_admin"), timeout=60)
    requests.get(portal_url, timeout=60)  # anonymous: also a user of the root's folder, no entry
    (entry,) = entries_after(start, "emergency_request")
    assert (entry["actor"], entry["flags"]) == (SITE_OWNER_NAME, "emergency")
    assert (
        entry["summary"].startswith("GET /") and "@@overview-controlpanel?x=1" in entry["summary"]
    )
    assert entry["client_address"] == "127.0.0.1"
    assert verify(record.store_path()).ok
