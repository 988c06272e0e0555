"""plone.restapi over real HTTP (functional layer): the demo users' password, the JSON headers,
a content object's URL on the served site and the calls the REST tests make.

Credentials are ``OWNER`` (the site owner) unless given; ``demo(user)`` are a demo user's.
"""

import base64

import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.protect.authenticator import createToken

PASSWORD = "gongwen2026"  # the demo organisation's password (profiles/demo)
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
OWNER = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
TIMEOUT = 60


def demo(user):
    """HTTP basic credentials of a demo user."""
    return (user, PASSWORD)


def url_of(portal_url, obj):
    """``obj``'s URL below ``portal_url`` (the served site's, or its ``++api++``)."""
    return f"{portal_url}/{'/'.join(obj.getPhysicalPath()[2:])}"


def committed_url(portal_url, obj):
    """``url_of`` ``obj`` once the transaction is committed: the served site sees it."""
    transaction.commit()
    return url_of(portal_url, obj)


def post(url, data, auth=OWNER):
    return requests.post(url, json=data, headers=JSON, auth=auth, timeout=TIMEOUT)


def patch(url, data, auth=OWNER):
    return requests.patch(url, json=data, headers=JSON, auth=auth, timeout=TIMEOUT)


def get(url, auth=OWNER):
    return requests.get(url, headers=JSON, auth=auth, timeout=TIMEOUT)


def delete(url, auth=OWNER):
    return requests.delete(url, headers=JSON, auth=auth, timeout=TIMEOUT)


def items(url, auth=OWNER):
    """The ``items`` of the folderish object at ``url``."""
    return get(url, auth).json()["items"]


def transition(url, user, name, comment=""):
    """``POST …/@workflow/<name>`` as the demo ``user``, with ``comment`` unless it is empty."""
    return post(f"{url}/@workflow/{name}", {"comment": comment} if comment else {}, demo(user))


def file_value(content, filename, content_type="application/octet-stream"):
    """A file field's value as plone.restapi takes it (base64)."""
    return {
        "data": base64.b64encode(content).decode("ascii"),
        "encoding": "base64",
        "filename": filename,
        "content-type": content_type,
    }


def incoming_entry(**fields):
    """A 收文 as POSTed to plone.restapi: what its registration needs, ``fields`` added."""
    return {
        "@type": "gongwen_incoming",
        "title": "关于报送汛情的通知",
        "doc_kind": "notice",
        "source_organ": "新乡河务局",
        **fields,
    }


def file_upload_post(url, filename, content, content_type="application/octet-stream"):
    """folder_contents' upload (``@@fileUpload``) into ``url`` as the site owner, with the
    page's token it sends (R-SEC5: 403 without)."""
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        token = createToken()
    return requests.post(
        f"{url}/@@fileUpload",
        data={"_authenticator": token},
        files={"file": (filename, content, content_type)},
        auth=OWNER,
        timeout=TIMEOUT,
    )


def docs_folder(portal):
    """A plain folder ``docs`` (公文) in the portal for what the tests POST, made as Manager."""
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=portal, type="Folder", id="docs", title="公文")


def docs_incoming(portal):
    """A 收文 ``docs/doc`` in ``docs_folder``, made as Manager."""
    folder = docs_folder(portal)
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=folder, type="gongwen_incoming", id="doc", title="关于防汛的通知"
        )


def numbered_outgoing(portal_url, department, number, **fields):
    """POST a 发文 「关于汛前检查的第<number>号通知」 of cy_eng_staff in ``department`` (UID) of
    长垣河务局 on the served site at ``portal_url``; ``fields`` add or override; its URL."""
    body = {
        "@type": "gongwen_outgoing",
        "title": f"关于汛前检查的第{number}号通知",
        "doc_kind": "notice",
        "direction": "downward",
        "drafting_department": department,
        "main_recipients": ["局属各科室"],
        "text": {"data": f"<p>第{number}次检查。</p>", "content-type": "text/html"},
        **fields,
    }
    created = post(f"{portal_url}/changyuan/outgoing", body, demo("cy_eng_staff"))
    assert created.status_code == 201, created.text
    return created.json()["@id"]


def form_login(portal_url, name, password):
    """Plone's login form posted as a browser would: ``(session, response)``."""
    session = requests.Session()
    response = session.post(
        f"{portal_url}/login",
        data={"__ac_name": name, "__ac_password": password, "buttons.login": "登录"},
        headers={"Accept-Language": "zh-cn"},
        timeout=TIMEOUT,
    )
    return session, response


def rest_login(portal_url, name, password):
    """plone.restapi's ``@login``: its response."""
    return requests.post(
        f"{portal_url}/@login",
        json={"login": name, "password": password},
        headers={"Accept": "application/json", "Accept-Language": "zh-cn"},
        timeout=TIMEOUT,
    )
