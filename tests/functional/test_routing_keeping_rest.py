"""R-O13 and R-D4 through plone.restapi (real HTTP on the functional layer).

``DELETE`` of a submitted 发文 is refused for everyone (its opinions stay), of a never-
submitted draft allowed to its drafter; ``@workflow/void`` needs a reason and keeps the
document; ``@workflow/submit`` refused by R-D4 names what is missing; a ``POST`` of the body
as a 附件 is a 400 with the Chinese reason.
"""

import pytest
import transaction
from plone import api

from collective.gongwen.steps.opinions import opinions
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.rest import OWNER
from tests.support.rest import delete
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.rest import url_of

DRAFTER = "cy_eng_staff"
REASON = "情况已变化，本文不再印发。"
BODY_TEXT = "请各部门认真做好汛前检查。"


@pytest.fixture
def drafts(functional_portal, portal_url):
    """Two committed 下行文 drafts of cy_eng_staff: one returned after review, one never
    submitted, with a body of ``BODY_TEXT``; their objects and URLs."""
    returned = draft_outgoing(functional_portal, main_recipients=["局属各科室"])
    fresh = draft_outgoing(
        functional_portal, main_recipients=["局属各科室"], text=body(f"<p>{BODY_TEXT}</p>")
    )
    transaction.commit()
    url = url_of(portal_url, returned)
    assert transition(url, DRAFTER, "submit").status_code == 200
    assert transition(url, "cy_eng_head", "return", "请补充后重新提交。").status_code == 200
    transaction.begin()
    return (returned, url), (fresh, url_of(portal_url, fresh))


def test_r_o13_rest_delete_of_a_returned_draft_is_refused_for_everyone(drafts):
    (document, url), _fresh = drafts
    records = opinions(document)
    for auth in (demo(DRAFTER), OWNER):
        response = delete(url, auth)
        assert response.status_code in (401, 403), (auth[0], response.text[:500])
        assert "application/json" in response.headers["Content-Type"]
    transaction.begin()
    assert get(url, demo(DRAFTER)).ok
    assert opinions(document) == records and len(records) == 2


def test_r_o13_rest_delete_of_a_never_submitted_draft_by_its_drafter(drafts):
    _returned, (document, url) = drafts
    assert delete(url, demo("cy_eng_head")).status_code in (401, 403)
    assert delete(url, demo(DRAFTER)).status_code == 204
    assert get(url, demo(DRAFTER)).status_code == 404


def test_r_o13_rest_void_needs_a_reason_and_keeps_the_document(drafts):
    (document, url), _fresh = drafts
    refused = transition(url, DRAFTER, "void", "  ")
    assert refused.status_code == 400
    assert "作废原因" in refused.json()["error"]["message"]
    done = transition(url, DRAFTER, "void", REASON)
    assert done.status_code == 200, done.text
    assert done.json()["review_state"] == "voided"
    transaction.begin()
    last = opinions(document)[-1]
    assert (last.step, last.action, last.actor, last.text) == ("draft", "void", DRAFTER, REASON)
    assert api.content.get_state(obj=document) == "voided"
    assert delete(url, OWNER).status_code in (401, 403)


def test_r_o13_rest_void_of_a_never_submitted_draft_is_refused(drafts):
    _returned, (document, url) = drafts
    refused = transition(url, DRAFTER, "void", REASON)
    assert refused.status_code == 400
    assert "直接删除" in refused.json()["error"]["message"]


def test_r_d4_rest_submit_names_the_missing_attachment(functional_portal, portal_url):
    document = draft_outgoing(
        functional_portal, main_recipients=["局属各科室"], attachment_note=["1. 值班表"]
    )
    transaction.commit()
    refused = transition(url_of(portal_url, document), DRAFTER, "submit")
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert "附件说明中的附件未添加：值班表。" in message, message
    assert "当前环节不能办理此操作" not in message


def test_r_d4_rest_post_of_the_body_as_an_attachment_is_400(drafts):
    _returned, (document, url) = drafts
    attachment = {
        "@type": "gongwen_attachment",
        "file": file_value(BODY_TEXT.encode(), "材料.txt", "text/plain"),
    }
    response = post(url, attachment, demo(DRAFTER))
    assert response.status_code == 400, response.text[:1000]
    assert "不可将正文作为附件添加（第十一条）：材料。" in response.json()["message"]
    transaction.begin()
    assert document.objectIds() == []
