"""R-I4 over real HTTP: downloading a 收文's original is recorded, without plone.protect's
confirmation page (a GET that writes), and not for anonymous visitors.
"""

import pytest
import requests
import transaction
from plone.namedfile.file import NamedBlobFile

from collective.gongwen.incoming import downloads
from tests.integration.test_incoming_deadlines import PDF
from tests.support.incoming import in_handling

PASSWORD = "gongwen2026"  # the demo organisation's password (profiles/demo)


@pytest.fixture
def handled(functional, functional_portal, portal_url):
    """A committed 收文 with its original, with 工程管理科's receiver; its object and URL."""
    document = in_handling(
        functional_portal,
        departments=("engineering",),
        source_number="新河〔2026〕901号",
        original_file=NamedBlobFile(PDF, filename="来文.pdf", contentType="application/pdf"),
    )
    transaction.commit()
    path = "/".join(document.getPhysicalPath()[2:])
    return document, f"{portal_url}/{path}"


def test_r_i4_download_over_http_is_recorded_without_confirmation(handled):
    document, url = handled
    response = requests.get(
        f"{url}/original/@@download/file",
        auth=("cy_eng_receiver", PASSWORD),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 200, response.headers.get("location")
    assert response.content == PDF
    anonymous = requests.get(f"{url}/original/@@download/file", allow_redirects=False, timeout=30)
    assert anonymous.status_code != 200
    transaction.begin()  # see the server's commits
    assert [(r["user_id"], r["file_id"]) for r in downloads.downloads(document)] == [
        ("cy_eng_receiver", "original")
    ]


def test_r_i4_an_html_file_shown_in_the_browser_is_recorded_without_confirmation(handled):
    """Shown inline (``@@display-file``): recorded too, served without a confirmation page."""
    from plone import api

    from collective.gongwen.content import files

    document, url = handled
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(
            document, "<html><body><p>附件</p></body></html>".encode(), "附件.html"
        )
    transaction.commit()
    response = requests.get(
        f"{url}/{item.getId()}/@@display-file/file",
        auth=("cy_eng_receiver", PASSWORD),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 200, response.headers.get("location")
    transaction.begin()
    assert [r["file_id"] for r in downloads.downloads(document)] == [item.getId()]
