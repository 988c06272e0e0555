"""R-A2 over HTTP: a file POSTed to plone.restapi, then replaced on the document page, keeps
its first bytes as version 0 — even when the client asks for versioning to be off — and each
version downloads as itself (``@@gongwen-version-download``)."""

import re

import requests

from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import numbered_outgoing
from tests.support.rest import post

ORIGINAL = "维修台账 第一稿：东坝头险工\n".encode() * 50
REPLACEMENT = "维修台账 第二稿：东坝头险工、大留寺控导\n".encode() * 50
DRAFTER = "cy_eng_staff"


def test_r_a2_a_file_posted_over_rest_keeps_its_first_bytes_when_replaced(
    functional_portal, portal_url
):
    department = get(f"{portal_url}/changyuan/engineering", demo(DRAFTER)).json()["UID"]
    document = numbered_outgoing(portal_url, department, 1, attachment_note=["1. 维修台账"])
    body = {
        "@type": "gongwen_attachment",
        "title": "维修台账",
        "versioning_enabled": False,
        "file": file_value(ORIGINAL, "维修台账.txt", "text/plain"),
    }
    added = post(document, body, demo(DRAFTER))
    assert added.status_code == 201, added.text
    attachment = added.json()["@id"]
    session = requests.Session()
    session.auth = demo(DRAFTER)
    page = session.get(document, timeout=60).text
    token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
    replaced = session.post(
        f"{attachment}/@@gongwen-replace-file",
        data={"_authenticator": token},
        files={"file": ("维修台账.txt", REPLACEMENT, "text/plain")},
        timeout=60,
    )
    assert "原文件已保存为历史版本" in replaced.text
    assert session.get(attachment + "/@@download/file", timeout=60).content == REPLACEMENT
    versions = [
        session.get(f"{attachment}/@@gongwen-version-download/{v}", timeout=60) for v in (0, 1)
    ]
    assert [r.status_code for r in versions] == [200, 200]
    assert [r.content for r in versions] == [ORIGINAL, REPLACEMENT]
    assert session.get(f"{attachment}/@@gongwen-version-download/2", timeout=60).status_code == 404
