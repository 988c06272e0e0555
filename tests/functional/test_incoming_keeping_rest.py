"""R-O13 for 收文 through plone.restapi (real HTTP on the functional layer).

``DELETE`` of a registered 收文 is refused for everyone, the secretaries who hold "Delete
objects" at 登记 included (its opinions stay); a file is refused once there is a record;
``@workflow/void`` by a secretary needs a reason, voids the 收文 and its 收文编号 and keeps it;
out of the secretaries' hands (a leader reading it) it is refused.
"""

import datetime

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from collective.gongwen.numbering import series_record
from collective.gongwen.steps.opinions import opinions
from tests.support.incoming import at_leader_reading
from tests.support.incoming import register_incoming
from tests.support.rest import OWNER
from tests.support.rest import committed_url
from tests.support.rest import delete
from tests.support.rest import demo
from tests.support.rest import get
from tests.support.rest import transition
from tests.support.rest import url_of

SECRETARY = "cy_secretary1"
REASON = "与已登记的来文重复，作废。"


@pytest.fixture
def registered(functional_portal, portal_url):
    """A committed 收文 at 登记 with an attachment; its object and URL."""
    document = register_incoming(functional_portal, title="关于汛前检查的通知")
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=document,
            type="gongwen_attachment",
            id="roster.txt",
            file=NamedBlobFile("值班表".encode(), filename="roster.txt", contentType="text/plain"),
        )
    return document, committed_url(portal_url, document)


def test_r_o13_rest_delete_of_a_registered_incoming_is_refused_for_everyone(registered):
    document, url = registered
    for auth in (demo(SECRETARY), OWNER):
        response = delete(url, auth)
        assert response.status_code in (401, 403), (auth[0], response.text[:500])
        assert "application/json" in response.headers["Content-Type"]
    assert "不得删除" in delete(url, demo(SECRETARY)).json()["message"]
    transaction.begin()
    assert get(url, demo(SECRETARY)).ok
    # once sent for 拟办, its files go no more either (replaced as versions only)
    assert transition(url, SECRETARY, "send_to_propose").status_code == 200
    file_url = f"{url}/roster.txt"
    for auth in (demo(SECRETARY), OWNER):
        assert delete(file_url, auth).status_code in (401, 403)
    transaction.begin()
    assert "roster.txt" in document.objectIds()
    assert len(opinions(document)) == 1


def test_r_o13_rest_void_needs_a_reason_and_voids_the_number(registered):
    document, url = registered
    number = document.receipt_number
    refused = transition(url, SECRETARY, "void", "  ")
    assert refused.status_code == 400
    assert "作废原因" in refused.json()["error"]["message"]
    done = transition(url, "cy_secretary2", "void", REASON)
    assert done.status_code == 200, done.text
    assert done.json()["review_state"] == "voided"
    transaction.begin()
    last = opinions(document)[-1]
    assert (last.step, last.action, last.actor, last.text, last.subject) == (
        "registered",
        "void",
        "cy_secretary2",
        REASON,
        number,
    )
    record = series_record(document.__parent__.__parent__, "receipt", datetime.date.today().year)
    (entry,) = [e for e in record["voided"] if e["number"] == number]
    assert entry["voided"]["reason"] == REASON
    assert delete(url, OWNER).status_code in (401, 403)
    assert transition(url, SECRETARY, "send_to_propose").status_code in (400, 403)


def test_r_o13_rest_void_is_refused_once_a_leader_has_it(functional_portal, portal_url):
    document = at_leader_reading(functional_portal, leaders=["cy_leader1"])
    transaction.commit()
    url = url_of(portal_url, document)
    refused = transition(url, SECRETARY, "void", REASON)
    assert refused.status_code in (400, 403), refused.text
    assert refused.json()["error"]["message"]
    transaction.begin()
    assert api.content.get_state(obj=document) == "leader_reading"
