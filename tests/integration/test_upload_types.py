"""R-SEC5, R-SEC2: uploads typed by content and names cleaned, on every path a file comes in.

A Windows executable named ``.pdf``, an HTML page named ``.docx`` and an
extension not accepted are refused with the Chinese message before
anything is stored — through ``@@fileUpload``, the add and edit forms of
附件, the 收文's original file, the document page's 添加文件/替换, plone.restapi
POST/PATCH (real HTTP) and an exchange package — and a name with NUL,
``\\x01``, CR/LF or ``..\\`` is stored cleaned, never a 500.
"""

import json

import pytest
import requests
from plone import api
from plone.protect.authenticator import createToken
from zope.event import notify
from zope.interface import alsoProvides
from ZPublisher.pubevents import PubStart

from collective.gongwen.content import files
from collective.gongwen.content.browser.tokens import new_form_token
from collective.gongwen.exchange.export import package_metadata
from collective.gongwen.exchange.package import build_package
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_documents import submit_add_form
from tests.integration.test_exchange_package import import_view
from tests.integration.test_exchange_package import incoming_documents
from tests.integration.test_exchange_package import numbered_notice
from tests.integration.test_files_panel import act
from tests.support import disguised
from tests.support.incoming import register_incoming
from tests.support.rest import OWNER
from tests.support.rest import committed_url
from tests.support.rest import docs_incoming
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import incoming_entry
from tests.support.rest import items
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.uploads import file_upload
from tests.support.uploads import parked_uploads
from tests.support.uploads import post as form_post
from tests.support.uploads import submit_attachment_edit_form
from tests.support.uploads import submit_attachment_form
from tests.support.uploads import widget_error

SECRETARY = "cy_secretary1"
EXE_AS_PDF = "「通知.pdf」的实际内容是可执行程序，与扩展名 .pdf 不符，未保存。请上传真实的文件。"
HTML_AS_DOCX = (
    "「通知.docx」的实际内容是网页（HTML），与扩展名 .docx 不符，未保存。请上传真实的文件。"
)
NOT_ACCEPTED = "不接受扩展名为 .exe 的文件（「setup.exe」），未保存。"
HOSTILE_NAME = "..\\..\\报告\x00\x01\r\n第1版.pdf"
CLEANED_NAME = "报告第1版.pdf"


@pytest.fixture
def incoming(portal):
    """A 收文 registered by the secretary in 长垣河务局."""
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return register_incoming(portal, SECRETARY, id="flood", title="关于转发防汛工作要求的通知")


# --- @@fileUpload (folder_contents' upload) -------------------------------------


def file_upload_view(document, data, filename, token=True):
    request = form_post(
        document.REQUEST, {"file": file_upload(data, filename)}, authenticator=False
    )
    if token:
        request.environ["HTTP_X_CSRF_TOKEN"] = createToken()
    else:
        request.environ.pop("HTTP_X_CSRF_TOKEN", None)
    body = document.restrictedTraverse("@@fileUpload")()
    return request.response.getStatus(), json.loads(body) if body else None


def test_r_sec5_file_upload_refuses_a_disguised_file(incoming):
    with api.env.adopt_user(username=SECRETARY):
        status, answer = file_upload_view(incoming, disguised.windows_exe(), "通知.pdf")
        assert (status, answer["error"]) == (415, EXE_AS_PDF)
        status, answer = file_upload_view(incoming, disguised.html(), "通知.docx")
        assert (status, answer["error"]) == (415, HTML_AS_DOCX)
        status, answer = file_upload_view(incoming, disguised.pdf(), "setup.exe")
        assert status == 415 and answer["error"].startswith(NOT_ACCEPTED)
    assert incoming.objectIds() == []


def test_r_sec5_file_upload_without_token_is_403(incoming):
    with api.env.adopt_user(username=SECRETARY):
        status, answer = file_upload_view(incoming, disguised.pdf(), "通知.pdf", token=False)
    assert status == 403
    assert answer["error"].startswith("上传请求缺少有效的安全令牌，已拒绝，文件未保存。")
    assert incoming.objectIds() == []


def test_r_sec5_file_upload_cleans_the_name(incoming):
    with api.env.adopt_user(username=SECRETARY):
        status, answer = file_upload_view(incoming, disguised.pdf(), HOSTILE_NAME)
    assert status == 200, answer
    [item] = files.files_of(incoming)
    assert item.file.filename == answer["filename"] == CLEANED_NAME
    assert item.file.contentType == "application/pdf"


def test_r_sec5_file_upload_with_the_form_token_field(incoming):
    # A form post with ``_authenticator`` (instead of the header) works too.
    with api.env.adopt_user(username=SECRETARY):
        request = form_post(incoming.REQUEST, {"file": file_upload(disguised.png(), "扫描件.png")})
        request.environ.pop("HTTP_X_CSRF_TOKEN", None)
        incoming.restrictedTraverse("@@fileUpload")()
    assert request.response.getStatus() == 200
    assert [item.file.filename for item in files.files_of(incoming)] == ["扫描件.png"]


# --- the add and edit forms -------------------------------------------------------


def test_r_sec5_upload_names_are_cleaned_as_publication_starts(portal):
    from ZPublisher.HTTPRequest import record

    nested = record()
    nested.file = file_upload(b"x", "a\r\nb.pdf")
    form = portal.REQUEST.form
    form.update(
        {
            "one": file_upload(b"x", HOSTILE_NAME),
            "many": [file_upload(b"x", "../c.pdf"), "text"],
            "nested": nested,
            "none": file_upload(b"", ""),
        }
    )
    notify(PubStart(portal.REQUEST))
    assert form["one"].filename == CLEANED_NAME
    assert form["many"][0].filename == "c.pdf"
    assert form["nested"].file.filename == "ab.pdf"
    assert form["none"].filename == ""


def test_r_sec5_attachment_add_form_refuses_a_disguised_file(portal, incoming):
    with api.env.adopt_user(username=SECRETARY):
        form = submit_attachment_form(incoming, disguised.windows_exe(), "通知.pdf")
        assert widget_error(form, "file") == EXE_AS_PDF
        assert EXE_AS_PDF in form.render()
    assert incoming.objectIds() == []
    assert parked_uploads(portal) == {}  # not even kept for the form's re-display


def test_r_sec5_attachment_add_form_cleans_the_name(incoming):
    with api.env.adopt_user(username=SECRETARY):
        form = submit_attachment_form(incoming, disguised.pdf(), HOSTILE_NAME)
    assert widget_error(form, "file") is None
    [item] = files.files_of(incoming)
    assert item.file.filename == CLEANED_NAME


def test_r_sec5_attachment_edit_form_refuses_a_disguised_replacement(incoming):
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(incoming, disguised.docx(), "通知.docx")
    with api.env.adopt_user(username=SECRETARY):
        form = submit_attachment_edit_form(item, disguised.html(), "通知.docx")
    assert widget_error(form, "file") == HTML_AS_DOCX
    assert item.file.data == disguised.docx()


def test_r_sec5_incoming_add_form_refuses_a_disguised_original(portal):
    container = portal.changyuan.incoming
    before = set(container.objectIds())
    with api.env.adopt_user(username=SECRETARY):
        form = submit_add_form(
            container,
            "gongwen_incoming",
            {
                "title": "关于报送汛情的通知",
                "original_file": file_upload(
                    disguised.windows_exe(), "通知.pdf", field="form.widgets.original_file"
                ),
            },
        )
    assert widget_error(form, "original_file") == EXE_AS_PDF
    assert set(container.objectIds()) == before


# --- the document page's 添加文件 and 替换 ----------------------------------------


def test_r_sec5_files_panel_refuses_disguised_files(incoming):
    uploads = [
        file_upload(disguised.pdf(), "通知（正本）.pdf", field="files"),
        file_upload(disguised.windows_exe(), "通知.pdf", field="files"),
    ]
    with api.env.adopt_user(username=SECRETARY):
        token = new_form_token()
    shown = act(incoming, "gongwen-add-files", {"files": uploads, "form_token": token})
    assert shown == [f"通知.pdf：{EXE_AS_PDF}"]
    assert incoming.objectIds() == []  # neither file: the request is refused whole


def test_r_sec5_files_panel_cleans_names(incoming):
    with api.env.adopt_user(username=SECRETARY):
        token = new_form_token()
    upload = file_upload(disguised.pdf(), HOSTILE_NAME, field="files")
    act(incoming, "gongwen-add-files", {"files": [upload], "form_token": token})
    [item] = files.files_of(incoming)
    assert item.file.filename == CLEANED_NAME


def test_r_sec5_replace_refuses_a_disguised_file(incoming):
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(incoming, disguised.pdf(), "通知.pdf")
    shown = act(
        item, "gongwen-replace-file", {"file": file_upload(disguised.windows_exe(), "通知.pdf")}
    )
    assert shown == [f"通知.pdf：{EXE_AS_PDF}"]
    assert item.file.data == disguised.pdf()


# --- exchange package import ------------------------------------------------------


def test_r_sec5_package_with_a_disguised_file_is_refused(portal):
    numbered = numbered_notice(portal)
    official = files.default_file(numbered)
    package_files = [
        ("official", official.file.filename, official.file.data),
        ("attachment", "汛前检查表.xlsx", disguised.windows_exe()),
    ]
    data = build_package(package_metadata(numbered), package_files)
    view, html = import_view(portal, data, "交换包.zip")
    assert "「汛前检查表.xlsx」的实际内容是可执行程序，与扩展名 .xlsx 不符，已拒绝。" in html
    assert incoming_documents(portal) == []


# --- plone.restapi POST/PATCH (functional layer, real HTTP) ----------------------


@pytest.fixture
def document_url(functional_portal, portal_url):
    return committed_url(portal_url, docs_incoming(functional_portal))


def rest_file(content, filename):
    return file_value(content, filename, "application/pdf")


def test_r_sec5_rest_post_and_patch_refuse_disguised_files(document_url):
    exe = {"@type": "gongwen_attachment", "file": rest_file(disguised.windows_exe(), "通知.pdf")}
    response = post(document_url, exe)
    assert response.status_code == 400, response.text[:2000]
    assert EXE_AS_PDF in response.json()["message"]
    assert items(document_url) == []
    pdf = {"@type": "gongwen_attachment", "file": rest_file(disguised.pdf(), HOSTILE_NAME)}
    response = post(document_url, pdf)
    assert response.status_code == 201, response.text[:2000]
    url = response.json()["@id"]
    stored = get(url).json()["file"]
    assert stored["filename"] == CLEANED_NAME
    html = {"file": rest_file(disguised.html(), "通知.docx")}
    response = patch(url, html)
    assert response.status_code == 400, response.text[:2000]
    assert HTML_AS_DOCX in response.json()["message"]
    assert get(url).json()["file"]["size"] == len(disguised.pdf())


def test_r_sec5_rest_post_incoming_with_a_disguised_original(document_url):
    folder_url = document_url.rsplit("/", 1)[0]
    incoming = incoming_entry(
        id="disguised",
        source_number="新河〔2026〕13号",
        original_file=rest_file(disguised.windows_exe(), "通知.pdf"),
    )
    response = post(folder_url, incoming)
    assert response.status_code == 400, response.text[:2000]
    assert EXE_AS_PDF in response.json()["message"]
    assert "disguised" not in [item["@id"].rsplit("/", 1)[-1] for item in items(folder_url)]


def test_r_sec5_rest_names_are_cleaned_and_downloads_are_no_500(document_url):
    folder_url = document_url.rsplit("/", 1)[0]
    incoming = incoming_entry(
        id="hostile",
        source_number="新河〔2026〕14号",
        original_file=rest_file(disguised.pdf(), HOSTILE_NAME),
    )
    response = post(folder_url, incoming)
    assert response.status_code == 201, response.text[:2000]
    original = f"{folder_url}/hostile/{files.ORIGINAL_ID}"
    stored = get(original).json()["file"]
    assert stored["filename"] == CLEANED_NAME
    for view in ("@@download/file", "@@display-file/file"):
        response = requests.get(f"{original}/{view}", auth=OWNER, timeout=60)
        assert response.status_code == 200, (view, response.status_code)
        assert response.content == disguised.pdf()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
