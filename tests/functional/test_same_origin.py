"""R-SEC5 over real HTTP: cookie-authenticated writes only from the portal's own origin; nosniff.

A drafter logged in through the login form holds the ``__ac`` cookie. A
page of another site makes her browser send it with a ``text/plain`` POST
to ``++api++/…/@workflow/submit`` (no CORS preflight): refused (403, JSON,
Chinese), and the document did not move. The same POST from the portal's
own origin, with the plone.protect token, or with a Bearer token works. A
POST creating content cross-origin is refused; ``@@fileUpload`` without the
token answers 403. Every download carries ``X-Content-Type-Options:
nosniff``, blobs streamed from the served site included.
"""

import pytest
import requests
import transaction
from plone import api
from plone.protect.authenticator import createToken

from collective.gongwen.content import files
from tests.support import disguised
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.rest import PASSWORD
from tests.support.rest import committed_url

DRAFTER = "cy_eng_staff"
EVIL = "http://evil.example.com"
TEXT_PLAIN = {"Content-Type": "text/plain"}
REFUSED = "使用登录状态（Cookie）的修改请求只能从本门户的页面发出"


def logged_in(portal_url, user=DRAFTER):
    """A session holding ``user``'s login cookie, got through Plone's login form."""
    session = requests.Session()
    response = session.post(
        f"{portal_url}/login",
        data={"__ac_name": user, "__ac_password": PASSWORD, "buttons.login": "登录"},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:500]
    assert "__ac" in session.cookies, "the login form set no cookie"
    return session


def origin_of(portal_url):
    scheme, rest = portal_url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


@pytest.fixture
def draft(functional_portal, portal_url):
    """A committed 下行文 draft of the drafter; the object and its ``++api++`` URL."""
    document = draft_outgoing(functional_portal, "downward", main_recipients=["局属各科室"])
    return document, committed_url(f"{portal_url}/++api++", document)


def state_of(document):
    transaction.begin()  # see the server's commits
    return api.content.get_state(document)


def refused(response):
    assert response.status_code == 403, response.text[:2000]
    assert response.headers["Content-Type"].startswith("application/json")
    assert REFUSED in response.json()["message"]


def test_r_sec5_cross_origin_cookie_submit_is_refused(draft, portal_url):
    document, url = draft
    session = logged_in(portal_url)
    response = session.post(
        f"{url}/@workflow/submit", data="{}", headers={**TEXT_PLAIN, "Origin": EVIL}, timeout=30
    )
    refused(response)
    assert state_of(document) == "draft"
    # Without Origin, a foreign Referer is refused too, and so is a request naming neither.
    response = session.post(
        f"{url}/@workflow/submit",
        data="{}",
        headers={**TEXT_PLAIN, "Referer": f"{EVIL}/page.html"},
        timeout=30,
    )
    refused(response)
    refused(session.post(f"{url}/@workflow/submit", data="{}", headers=TEXT_PLAIN, timeout=30))
    # "null" (a sandboxed page) is no origin.
    refused(
        session.post(f"{url}/@workflow/submit", data="{}", headers={"Origin": "null"}, timeout=30)
    )
    assert state_of(document) == "draft"


def test_r_sec5_same_origin_cookie_submit_works(draft, portal_url):
    document, url = draft
    session = logged_in(portal_url)
    response = session.post(
        f"{url}/@workflow/submit",
        json={},
        headers={"Accept": "application/json", "Origin": origin_of(portal_url)},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:2000]
    assert state_of(document) == "dept_review"


def test_r_sec5_cookie_submit_with_the_csrf_token_works(draft, portal_url):
    document, url = draft
    session = logged_in(portal_url)
    with api.env.adopt_user(username=DRAFTER):
        token = createToken()
    response = session.post(
        f"{url}/@workflow/submit",
        json={},
        headers={"Accept": "application/json", "X-CSRF-TOKEN": token},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:2000]
    assert state_of(document) == "dept_review"


def test_r_sec5_bearer_token_is_unaffected_by_origin(draft, portal_url):
    document, url = draft
    login = requests.post(
        f"{portal_url}/@login",
        json={"login": DRAFTER, "password": PASSWORD},
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert login.status_code == 200, login.text[:500]
    response = requests.post(
        f"{url}/@workflow/submit",
        json={},
        headers={
            "Accept": "application/json",
            "Authorization": f"Bearer {login.json()['token']}",
            "Origin": EVIL,
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text[:2000]
    assert state_of(document) == "dept_review"


def test_r_sec5_cross_origin_cookie_post_creating_content_is_refused(functional_portal, portal_url):
    folder = functional_portal.changyuan.outgoing
    before = set(folder.objectIds())
    session = logged_in(portal_url)
    payload = '{"@type": "gongwen_outgoing", "title": "伪造的发文", "direction": "downward"}'
    response = session.post(
        f"{portal_url}/++api++/changyuan/outgoing",
        data=payload.encode(),
        headers={**TEXT_PLAIN, "Origin": EVIL},
        timeout=30,
    )
    refused(response)
    # Through the REST traverser (Accept: application/json), and with DELETE, the same.
    response = session.post(
        f"{portal_url}/changyuan/outgoing",
        data=payload.encode(),
        headers={"Accept": "application/json", "Origin": EVIL},
        timeout=30,
    )
    refused(response)
    transaction.begin()
    assert set(folder.objectIds()) == before


@pytest.fixture
def incoming_url(functional_portal, portal_url):
    """A committed 收文 registered by the secretary; its URL."""
    document = register_incoming(functional_portal, id="flood", title="关于转发防汛工作要求的通知")
    return document, committed_url(portal_url, document)


def file_upload(session, url, name, data, headers):
    """``@@fileUpload`` of ``data`` named ``name`` (as a PDF), as folder_contents posts it."""
    upload = {"file": (name, data, "application/pdf")}
    return session.post(f"{url}/@@fileUpload", files=upload, headers=headers, timeout=60)


def page_token(user):
    """The plone.protect token a page gives ``user`` (pat-upload sends it as X-CSRF-TOKEN)."""
    with api.env.adopt_user(username=user):
        return {"X-CSRF-TOKEN": createToken()}


def test_r_sec5_file_upload_without_token_is_403(incoming_url, portal_url):
    document, url = incoming_url
    session = logged_in(portal_url, "cy_secretary1")
    response = file_upload(session, url, "通知.pdf", disguised.pdf(), {"Origin": EVIL})
    assert response.status_code == 403, response.text[:2000]
    assert "安全令牌" in response.json()["error"]
    transaction.begin()
    assert document.objectIds() == []
    # With the page's token it is stored.
    response = file_upload(session, url, "通知.pdf", disguised.pdf(), page_token("cy_secretary1"))
    assert response.status_code == 200, response.text[:2000]
    transaction.begin()
    assert len(document.objectIds()) == 1


def test_r_sec5_r_sec2_disguised_file_refused_over_http(incoming_url, portal_url):
    document, url = incoming_url
    session = logged_in(portal_url, "cy_secretary1")
    response = file_upload(
        session,
        url,
        "..\\..\\报告\r\n.pdf",
        disguised.windows_exe(),
        page_token("cy_secretary1"),
    )
    assert response.status_code == 415, response.text[:2000]
    assert "可执行程序" in response.json()["error"]
    assert "与扩展名 .pdf 不符" in response.json()["error"]
    transaction.begin()
    assert document.objectIds() == []


def test_r_sec5_downloads_carry_nosniff(incoming_url, portal_url):
    document, url = incoming_url
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(document, disguised.pdf() + b"\n" * (3 * 1024 * 1024), "通知.pdf")
        image = files.add_file(document, disguised.png(), "图.png")
    transaction.commit()
    session = logged_in(portal_url, "cy_secretary1")
    item_url = f"{url}/{item.getId()}"
    for target in (
        f"{item_url}/@@download/file",
        f"{item_url}/@@display-file/file",
        f"{url}/{image.getId()}/@@images/file",
        f"{url}/{image.getId()}/@@images/file/thumb",
        url,
        f"{url}/@@gongwen-missing-view",
    ):
        response = session.get(target, timeout=60)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", (target, response)
    # The PDF's blob is streamed (over 3 MB): still the header, and the whole file.
    response = session.get(f"{item_url}/@@download/file", timeout=60, stream=True)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(response.content) == item.file.getSize()
