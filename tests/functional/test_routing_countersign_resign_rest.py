"""R-O7 and R-O6 on the served site (real HTTP): what the 办理 panel does, REST does too.

R-O7: over ``@workflow`` the last pending co-signer's 会签 — the same request
and comment as the others' — is 送秘书, in one action: the document is back at
办公室把关 with nobody pending and each co-signature recorded once.
R-O6: the forms (添加附件, the attachment add form, the edit form), REST PATCH
and ``@@fileUpload`` after 签发 send the document back to its signer; the
print room's 添加附件 at 排版 answered 500 (CopyError) before.
"""

import re

import lxml.html
import pytest
import requests
import transaction
from plone import api

from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.outgoing import walk_until
from tests.support.rest import demo
from tests.support.rest import get
from tests.support.rest import patch
from tests.support.rest import transition
from tests.support.rest import url_of

CO_SIGNERS = ("cy_leader1", "cy_leader3", "cy_director")
OFFICE_HEADS = {"cy_office_head", "cy_office_deputy"}
COMMENT = "同意。"


def offered_over_rest(url, user):
    response = get(f"{url}/@workflow", demo(user))
    return [t["@id"].rsplit("/", 1)[-1] for t in response.json()["transitions"]]


def at_countersign(portal, leaders):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "office_review")
    do(document, "cy_office_head", "request_countersign", "请会签。", assignees=list(leaders))
    transaction.commit()
    return document


def countersignatures(document):
    transaction.begin()  # see the server's commits
    return [r.actor for r in opinions(document) if r.step == "countersign"]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_r_o7_one_rest_countersign_per_leader_and_the_last_sends_it_back(
    functional_portal, portal_url, count
):
    leaders = CO_SIGNERS[:count]
    document = at_countersign(functional_portal, leaders)
    url = url_of(portal_url, document)
    for index, leader in enumerate(leaders):
        last = index == count - 1
        assert offered_over_rest(url, leader) == [
            "countersign_done" if last else "countersign",
            "return",
        ]
        response = transition(url, leader, "countersign", COMMENT)
        assert response.status_code == 200, response.text
        assert response.json()["review_state"] == ("office_review" if last else "countersign")
    transaction.begin()
    assert api.content.get_state(obj=document) == "office_review"
    assert set(document.assignees) == OFFICE_HEADS
    assert document.pending_countersigners == ()
    assert countersignatures(document) == list(leaders)


def test_r_o7_rest_after_a_forward_in_the_panel(functional_portal, portal_url):
    """转交相关领导 (panel, ``act``), then the forwarded leader's 会签 over REST."""
    document = at_countersign(functional_portal, ("cy_leader1", "cy_leader3"))
    do(document, "cy_leader1", "countersign", COMMENT, assignees=["cy_director"])
    transaction.commit()
    url = url_of(portal_url, document)
    assert (
        transition(url, "cy_leader3", "countersign", COMMENT).json()["review_state"]
        == "countersign"
    )
    # a pending co-signer cannot send it on while another one is pending
    refused = transition(url, "cy_director", "countersign_done", COMMENT)
    assert refused.json()["review_state"] == "office_review"  # they are the last now
    assert countersignatures(document) == ["cy_leader1", "cy_leader3", "cy_director"]
    assert set(document.assignees) == OFFICE_HEADS


def test_r_o7_rest_refuses_who_is_not_pending(functional_portal, portal_url):
    document = at_countersign(functional_portal, ("cy_leader1", "cy_leader3"))
    url = url_of(portal_url, document)
    assert transition(url, "cy_leader1", "countersign", COMMENT).status_code == 200
    # who has co-signed reads it, but a second, identical record is refused
    response = transition(url, "cy_leader1", "countersign", COMMENT)
    assert response.status_code == 403
    assert "不是当前环节的办理人" in response.json()["error"]["message"]
    assert countersignatures(document) == ["cy_leader1"]


# --- R-O6 -----------------------------------------------------------------------


def at_numbering(portal):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "numbering")
    transaction.commit()
    return document


def state_after(document):
    transaction.begin()
    return api.content.get_state(obj=document), tuple(document.assignees)


def logged_in(user):
    session = requests.Session()
    session.auth = demo(user)
    return session


def test_r_o6_print_room_adds_an_attachment_with_the_files_form(functional_portal, portal_url):
    document = at_numbering(functional_portal)
    url = url_of(portal_url, document)
    session = logged_in("cy_print")
    page = session.get(url, timeout=60).text
    form = re.search(r'<form[^>]*class="gongwen-add.*?</form>', page, re.S).group(0)
    data = dict(re.findall(r'name="(_authenticator|form_token)" value="([^"]+)"', form))
    response = session.post(
        f"{url}/@@gongwen-add-files",
        data={**data, "file_role": "attachment"},
        files={"files:list": ("补充材料.txt", "补充材料正文".encode(), "text/plain")},
        timeout=120,
    )
    assert response.status_code == 200, response.text[:500]  # was 500 CopyError
    assert "已退回" in response.text and "重新签发" in response.text
    assert state_after(document) == ("leader_sign", ("cy_leader2",))
    assert [item.getId() for item in document.objectValues()][-1].endswith(".txt")


def test_r_o6_print_room_uses_the_attachment_add_form(functional_portal, portal_url):
    document = at_numbering(functional_portal)
    url = url_of(portal_url, document)
    session = logged_in("cy_print")
    page = session.get(f"{url}/++add++gongwen_attachment", timeout=60).text
    token = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', page)
    token = token or re.search(r'value="([^"]+)"[^>]*name="_authenticator"', page)
    response = session.post(
        f"{url}/++add++gongwen_attachment",
        data={
            "_authenticator": token.group(1),
            "form.widgets.title": "补充材料",
            "form.widgets.file_role:list": "attachment",
            "form.widgets.file_role-empty-marker": "1",
            "form.buttons.save": "保存",
        },
        files={"form.widgets.file": ("补充材料.txt", "补充材料正文".encode(), "text/plain")},
        timeout=120,
    )
    assert response.status_code == 200, response.text[:500]
    assert state_after(document) == ("leader_sign", ("cy_leader2",))


def test_r_o6_the_secretary_edits_the_body_in_the_edit_form(functional_portal, portal_url):
    document = walk_until(draft(functional_portal, "downward"), DOWNWARD_PATH, "secretary_check")
    transaction.commit()
    number = document.issue_number
    url = url_of(portal_url, document)
    session = logged_in("cy_secretary1")
    page = session.get(f"{url}/@@edit", timeout=60)
    form = lxml.html.fromstring(page.text).get_element_by_id("form")
    values = [(name, value) for name, value in form.form_values() if name != "form.buttons.cancel"]
    values = [
        (name, "<p>秘书审核时改过的正文。</p>" if name == "form.widgets.text" else value)
        for name, value in values
    ]
    values.append(("form.buttons.save", "保存"))
    response = session.post(f"{url}/@@edit", data=values, timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert state_after(document) == ("leader_sign", ("cy_leader2",))
    assert "秘书审核时改过" in document.text.raw
    assert document.issue_number == number  # stays with it until it is numbered again


def test_r_o6_rest_patch_of_the_body_goes_back_and_of_the_remarks_does_not(
    functional_portal, portal_url
):
    document = at_numbering(functional_portal)
    url = url_of(portal_url, document)
    auth = demo("cy_print")
    response = patch(url, {"remarks": "印发前补充附注"}, auth)
    assert response.status_code == 204, response.text
    assert state_after(document)[0] == "numbering"
    response = patch(
        url, {"text": {"data": "<p>REST 改过的正文。</p>", "content-type": "text/html"}}, auth
    )
    assert response.status_code == 204, response.text
    assert state_after(document) == ("leader_sign", ("cy_leader2",))
    resign = opinions(document)[-1]
    assert (resign.action, resign.actor) == ("resign", "cy_print")
