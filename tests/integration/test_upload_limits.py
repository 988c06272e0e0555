"""The upload size limit of 公文设置, on every path a file comes in.

With the limit set to 1 MB, a 1.5 MB file is refused with the Chinese
message before anything is stored — through @@fileUpload (413), the add and
edit forms of attachments and 收文 (the error on the file field), and
plone.restapi POST/PATCH (400, real HTTP) — and a file under it is accepted.
"""

import pytest
import transaction
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.namedfile.file import NamedBlobFile

from collective.gongwen.content.limits import upload_limit_problem
from collective.gongwen.content.limits import upload_max_bytes
from collective.gongwen.org.settings import IGongwenSettings
from tests.integration.test_documents import submit_add_form
from tests.support.rest import docs_incoming
from tests.support.rest import file_upload_post
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import incoming_entry
from tests.support.rest import items
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import url_of
from tests.support.uploads import file_upload
from tests.support.uploads import parked_uploads
from tests.support.uploads import submit_attachment_edit_form
from tests.support.uploads import submit_attachment_form
from tests.support.uploads import widget_error

MB = 1024 * 1024
TOO_LARGE = "文件大小为 1.5 MB，超过上传上限 1 MB，未保存。请压缩或拆分后重新上传。"


def data(size):
    """``size`` bytes of plain text: a file of an accepted type (R-SEC5), named ``.txt``."""
    return b"a" * size


def set_limit(mb):
    api.portal.set_registry_record("upload_max_mb", mb, interface=IGongwenSettings)


# --- the rule ------------------------------------------------------------------


def test_upload_limit_follows_the_setting(portal):
    assert upload_max_bytes() == 50 * MB  # the default
    set_limit(1)
    assert upload_max_bytes() == MB
    assert upload_limit_problem(MB) is None
    problem = upload_limit_problem(int(1.5 * MB))
    assert problem.mapping == {"size": "1.5 MB", "limit": 1}


# --- forms (integration layer) -------------------------------------------------


@pytest.fixture
def incoming(portal):
    """A 收文 in 长垣河务局 (demo organisation), the limit at 1 MB."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    set_limit(1)
    return api.content.create(
        container=portal.changyuan.incoming,
        type="gongwen_incoming",
        title="关于转发防汛工作要求的通知",
    )


def test_attachment_add_form_refuses_a_file_over_the_limit(portal, incoming):
    form = submit_attachment_form(incoming, data(int(1.5 * MB)), "大文件.txt")
    assert widget_error(form, "file") == TOO_LARGE
    assert incoming.objectIds() == []
    assert TOO_LARGE in form.render()
    assert parked_uploads(portal) == {}  # the refused file is not kept for re-display


def test_attachment_add_form_accepts_a_file_under_the_limit(incoming):
    form = submit_attachment_form(incoming, data(MB // 2), "大文件.txt")
    assert widget_error(form, "file") is None
    [attachment] = incoming.objectValues()
    assert attachment.file.getSize() == MB // 2


def test_attachment_edit_form_refuses_a_replacement_over_the_limit(incoming):
    attachment = api.content.create(
        container=incoming,
        type="gongwen_attachment",
        id="a",
        file=NamedBlobFile(data(1000), filename="原件.txt"),
    )
    form = submit_attachment_edit_form(attachment, data(int(1.5 * MB)), "大文件.txt")
    assert widget_error(form, "file") == TOO_LARGE
    assert attachment.file.getSize() == 1000
    assert attachment.file.filename == "原件.txt"


def test_incoming_add_form_refuses_an_original_over_the_limit(portal, incoming):
    container = portal.changyuan.incoming
    before = set(container.objectIds())
    form = submit_add_form(
        container,
        "gongwen_incoming",
        {
            "title": "关于报送汛情的通知",
            "original_file": file_upload(
                data(int(1.5 * MB)), "大文件.txt", field="form.widgets.original_file"
            ),
        },
    )
    assert widget_error(form, "original_file") == TOO_LARGE
    assert set(container.objectIds()) == before


# --- @@fileUpload and plone.restapi (functional layer, real HTTP) ---------------


@pytest.fixture
def document_url(functional_portal, portal_url):
    """A committed 收文 in a folder, the limit at 1 MB; its URL."""
    document = docs_incoming(functional_portal)
    set_limit(1)
    transaction.commit()
    return url_of(portal_url, document)


def file_upload_over_http(url, content):
    return file_upload_post(url, "大文件.txt", content)


def test_file_upload_over_the_limit_is_413(document_url):
    response = file_upload_over_http(document_url, data(int(1.5 * MB)))
    assert response.status_code == 413, response.text[:2000]
    assert response.json()["error"] == TOO_LARGE
    assert items(document_url) == []


def test_file_upload_under_the_limit_makes_an_attachment(document_url):
    response = file_upload_over_http(document_url, data(MB // 2))
    assert response.status_code == 200, response.text[:2000]
    assert len(items(document_url)) == 1


def rest_file(content, filename="大文件.txt"):
    return file_value(content, filename)


def error_text(response):
    """plone.restapi's error message (the field errors as one string)."""
    return response.json()["message"]


def test_rest_post_attachment_over_the_limit_is_400(document_url):
    attachment = {"@type": "gongwen_attachment", "file": rest_file(data(int(1.5 * MB)))}
    response = post(document_url, attachment)
    assert response.status_code == 400, response.text[:2000]
    assert TOO_LARGE in error_text(response)
    assert items(document_url) == []


def test_rest_post_and_patch_attachment(document_url):
    attachment = {"@type": "gongwen_attachment", "file": rest_file(data(MB // 2))}
    response = post(document_url, attachment)
    assert response.status_code == 201, response.text[:2000]
    url = response.json()["@id"]
    response = patch(url, {"file": rest_file(data(int(1.5 * MB)), "新.txt")})
    assert response.status_code == 400, response.text[:2000]
    assert TOO_LARGE in error_text(response)
    stored = get(url).json()["file"]
    assert stored["size"] == MB // 2
    # Echoing the stored file back (a GET representation) is not a new upload.
    assert patch(url, {"title": "附件一", "file": stored}).status_code == 204


def test_rest_post_incoming_with_original_over_the_limit_is_400(document_url):
    folder_url = document_url.rsplit("/", 1)[0]
    incoming = incoming_entry(
        id="big", source_number="新河〔2026〕13号", original_file=rest_file(data(int(1.5 * MB)))
    )
    response = post(folder_url, incoming)
    assert response.status_code == 400, response.text[:2000]
    assert TOO_LARGE in error_text(response)
    assert "big" not in [item["@id"].rsplit("/", 1)[-1] for item in items(folder_url)]
