"""The document rules through plone.restapi (functional layer, real HTTP).

plone.restapi's deserializer runs the schema invariants, so a bad POST or
PATCH gets a 400 carrying the Chinese message; content offered to a
classified document is refused (400) by the subscribers whatever the
endpoint, @@fileUpload included.
"""

import logging

import pytest

from tests.support.rest import committed_url
from tests.support.rest import docs_folder
from tests.support.rest import file_upload_post
from tests.support.rest import file_value
from tests.support.rest import items
from tests.support.rest import patch
from tests.support.rest import post

LOGGER = "collective.gongwen.classified"
REGISTER = {"classification": "secret", "copy_number": "000001", "secrecy_period": "10年"}


@pytest.fixture
def docs(functional_portal, portal_url):
    """A committed folder for the documents; its URL."""
    return committed_url(portal_url, docs_folder(functional_portal))


def messages(response):
    """All the Chinese messages of a plone.restapi error response."""
    error = response.json()
    return str(error)


def outgoing(**values):
    return {
        "@type": "gongwen_outgoing",
        "title": "关于防汛工作的通知",
        "doc_kind": "notice",
        **values,
    }


def test_rest_creates_a_valid_document(docs):
    response = post(docs, outgoing(main_recipients=["各科室"], text="<p>请做好防汛工作。</p>"))
    assert response.status_code == 201, response.text
    assert response.json()["doc_kind"]["token"] == "notice"


def test_r_d1_rest_post_request_with_two_recipients_is_400(docs):
    response = post(docs, outgoing(doc_kind="request", main_recipients=["甲局", "乙局"]))
    assert response.status_code == 400
    assert "请示只能主送一个机关（现有 2 个）。" in messages(response)


def test_r_d2_rest_patch_urgent_without_deadline_is_400(docs):
    url = post(docs, outgoing()).json()["@id"]
    response = patch(url, {"urgency": "very_urgent"})
    assert response.status_code == 400
    assert "加急、特急公文必须填写办理时限。" in messages(response)
    response = patch(url, {"urgency": "very_urgent", "deadline": "2026-12-01"})
    assert response.status_code == 204


def test_r_d3_rest_post_classified_with_body_is_400_and_logged(docs, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    response = post(docs, outgoing(text="<p>秘密内容</p>", **REGISTER))
    assert response.status_code == 400
    assert "涉密公文不得在本系统录入正文" in messages(response)
    assert any("attempt=body" in r.getMessage() for r in caplog.records if r.name == LOGGER)
    assert items(docs) == []


def test_r_d3_rest_patch_body_onto_classified_is_400(docs):
    url = post(docs, outgoing(**REGISTER)).json()["@id"]
    response = patch(url, {"text": "<p>秘密内容</p>"})
    assert response.status_code == 400
    assert "涉密公文不得在本系统录入正文" in messages(response)


def test_r_d3_rest_post_attachment_into_classified_is_400_and_logged(docs, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    url = post(docs, outgoing(**REGISTER)).json()["@id"]
    attachment = {
        "@type": "gongwen_attachment",
        "title": "附件一",
        "file": file_value(b"%PDF-", "a.pdf", "application/pdf"),
    }
    response = post(url, attachment)
    assert response.status_code == 400, response.text[:3000]
    assert "涉密公文不得在本系统存放正文、文件或附件" in messages(response)
    assert any("gongwen_attachment" in r.getMessage() for r in caplog.records if r.name == LOGGER)


def test_r_d3_file_upload_into_classified_is_refused(docs, caplog):
    """The folder_contents upload (@@fileUpload) creates a File inside: refused, nothing stored."""
    caplog.set_level(logging.WARNING, logger=LOGGER)
    url = post(docs, outgoing(**REGISTER)).json()["@id"]
    response = file_upload_post(url, "scan.pdf", b"%PDF-1.4", "application/pdf")
    assert response.status_code == 400, response.text[:3000]
    assert "涉密公文不得在本系统存放正文、文件或附件" in response.json()["error"]
    assert any("@@fileUpload" in r.getMessage() for r in caplog.records if r.name == LOGGER)
    assert items(url) == []


def test_file_upload_into_a_document_makes_an_attachment(docs):
    url = post(docs, outgoing()).json()["@id"]
    response = file_upload_post(url, "值班表.pdf", b"%PDF-1.4", "application/pdf")
    assert response.status_code == 200, response.text[:2000]
    [item] = items(url)
    assert item["@type"] == "gongwen_attachment"
    assert item["title"] == "值班表"
