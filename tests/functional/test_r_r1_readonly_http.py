"""R-R1 over HTTP on the served site: an archived document is read-only for everyone, Zope's
own administrator included, whatever the path.

A 发文 of 长垣河务局 walked to 已发送 and archived (``filing.archive_document``); a second one
sent and not archived is the control: REST PATCH, POST of a file and @sharing, the sharing
page and a ZMI rename are first shown to work on it as Zope's ``admin`` (the same
credentials, the same CSRF token), so what is refused on the archived one is refused because
it is archived. As ``admin`` (HTTP basic auth; the archivist and the drafter too for REST):
REST ``PATCH`` and ``DELETE`` of the document and of its 正式文件, a REST ``POST`` of a file
into it, every transition of its workflow through ``@workflow``, REST ``@sharing``; the edit
form's POST; through the ZMI ``manage_delObjects`` and ``manage_renameObject`` on its folder,
``manage_delObjects`` of a file on the document and ``manage_changeProperties`` on it; the
sharing page's POST. REST answers a 4xx with a Chinese message (never a 500); a page the
person lacks the permission for answers as Plone does to a logged-in browser, a 302 to the
Chinese 无权限 page; the rename Manager holds the permission for is a 403 with R-R1's 只读
message. Afterwards the document and its files are what they were: bytes, modification
dates, title, files, local roles, state and 归档章.
"""

import re

import lxml.html
import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.protect.authenticator import createToken

from collective.gongwen.archive.record import archive_info
from collective.gongwen.content.files import files_of
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing
from tests.support.rest import OWNER
from tests.support.rest import TIMEOUT
from tests.support.rest import delete
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import url_of

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
READ_ONLY = "已归档的公文及其文件只读"
ZH = {"Accept-Language": "zh-CN"}


@pytest.fixture
def documents(functional_portal, portal_url):
    """(archived, control): two sent 发文, the first archived; committed."""
    archived = sent_outgoing(functional_portal, title="关于做好汛前检查的通知")
    control = sent_outgoing(functional_portal, title="关于做好防汛值班的通知")
    archive_as(archived)
    transaction.commit()
    return archived, control


def token():
    """The CSRF token of Zope's ``admin`` (plone.protect), as its pages carry it."""
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        return createToken()


def form_post(url, data):
    """A browser-like form POST as ``admin`` (basic auth), without following redirects."""
    return requests.post(
        url,
        data=data,
        auth=OWNER,
        headers={**ZH, "Referer": url},
        timeout=TIMEOUT,
        allow_redirects=False,
    )


def snapshot(document):
    """What must not change: the document's and its files' data, dates, roles, state."""
    transaction.begin()  # see what the served site committed
    files = {
        item.getId(): (bytes(item.file.data), item.modified().ISO8601(), item.Title())
        for item in files_of(document)
    }
    return {
        "title": document.Title(),
        "modified": document.modified().ISO8601(),
        "ids": tuple(document.objectIds()),
        "files": files,
        "roles": sorted(document.get_local_roles()),
        "state": api.content.get_state(obj=document),
        "stamp": archive_info(document),
        "in_folder": document.getId() in document.aq_parent.objectIds(),
    }


def refused(response):
    """The request was refused: a 4xx with a Chinese message (never a 500); or, for a page
    the person lacks the permission for, Plone's answer to a logged-in browser — a 302 to
    ``require_login``, which shows the Chinese 无权限 page. Its message."""
    location = response.headers.get("Location") or ""
    if response.status_code == 302 and "/require_login" in location:
        shown = requests.get(location, auth=OWNER, headers=ZH, timeout=TIMEOUT)
        assert shown.status_code == 200 and shown.url.endswith("/insufficient-privileges")
        message = lxml.html.fromstring(shown.text).xpath("string(//article)")
        assert "您没有足够的权限" in message, message[:800]
        return message
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:800])
    if "json" in response.headers.get("Content-Type", ""):
        body = response.json()
        message = body.get("message") or (body.get("error") or {}).get("message") or ""
    else:
        message = lxml.html.fromstring(response.text).xpath("string(//body)")
    assert CJK.search(message), message[:800]
    return message


def test_r_r1_rest_writes_on_an_archived_document_are_refused(documents, portal_url):
    archived, control = documents
    url, control_url = url_of(portal_url, archived), url_of(portal_url, control)
    before = snapshot(archived)
    attachment = {"@type": "gongwen_attachment", "file": file_value(b"extra", "extra.txt")}

    # the control: the administrator may change a sent, not archived 发文 over REST
    assert patch(control_url, {"description": "管理员改过"}).status_code == 204
    assert post(control_url, attachment).status_code == 201
    assert post(f"{control_url}/@sharing", {"entries": [sharing_entry()]}).status_code == 204

    for auth in (OWNER, demo("cy_archivist"), demo("cy_eng_staff")):
        refused(patch(url, {"title": "改过的标题"}, auth))
        refused(patch(f"{url}/official", {"title": "改过的正式文件"}, auth))
        refused(post(url, attachment, auth))
        refused(delete(f"{url}/official", auth))
        refused(delete(url, auth))
    refused(post(f"{url}/@sharing", {"entries": [sharing_entry()]}))
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getWorkflowById(workflow.getChainFor(archived)[0])
    for transition in chain.transitions.objectIds():
        for auth in (OWNER, demo("cy_archivist")):
            refused(post(f"{url}/@workflow/{transition}", {"comment": "试试"}, auth))
    assert snapshot(archived) == before


def sharing_entry():
    return {"id": "cy_eng_staff", "type": "user", "roles": {"GongwenStaff": True}}


def test_r_r1_forms_and_the_zmi_are_refused_on_an_archived_document(documents, portal_url):
    archived, control = documents
    url, control_url = url_of(portal_url, archived), url_of(portal_url, control)
    folder_url = url.rsplit("/", 1)[0]
    authenticator = token()
    before = snapshot(archived)
    edit = {
        "form.widgets.IDublinCore.title": "改过的标题",
        "form.widgets.title": "改过的标题",
        "form.buttons.save": "保存",
        "_authenticator": authenticator,
    }
    sharing = {
        "form.submitted": "1",
        "form.button.Save": "保存",
        "inherit": "True",
        "entries.id:records": "cy_eng_staff",
        "entries.type:records": "user",
        "entries.role_GongwenStaff:records": "True",
        "_authenticator": authenticator,
    }

    # the control: the same requests change a sent, not archived 发文
    response = form_post(f"{control_url}/@@sharing", sharing)
    assert response.status_code in (200, 302), response.text[:800]
    transaction.begin()
    assert "GongwenStaff" in dict(control.get_local_roles())["cy_eng_staff"]
    response = form_post(
        f"{folder_url}/manage_renameObject",
        {"id": control.getId(), "new_id": "renamed-control", "_authenticator": authenticator},
    )
    assert response.status_code in (200, 302), response.text[:800]
    transaction.begin()
    assert "renamed-control" in control.aq_parent.objectIds()

    # refused by permission (Plone's 无权限) or, where Manager holds it, by R-R1 (只读)
    refusals = [
        (f"{url}/@@edit", edit, None),
        (f"{url}/@@sharing", sharing, None),
        (f"{folder_url}/manage_delObjects", {"ids:list": archived.getId()}, None),
        (
            f"{folder_url}/manage_renameObject",
            {"id": archived.getId(), "new_id": "renamed"},
            READ_ONLY,
        ),
        (f"{url}/manage_delObjects", {"ids:list": "official"}, None),
        (f"{url}/manage_changeProperties", {"title": "改过的标题"}, None),
    ]
    for target, data, words in refusals:
        message = refused(form_post(target, dict(data, _authenticator=authenticator)))
        assert words is None or words in message, (target, message[:300])
    assert snapshot(archived) == before
