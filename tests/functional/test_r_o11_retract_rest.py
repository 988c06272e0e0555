"""R-O11 撤回 through plone.restapi (real HTTP on the functional layer): ``@workflow/
retract_draft`` by the drafter takes the 提交 back as the page does; once the department head
opened the document it is refused with a 4xx, never a 500, and nothing changes."""

import requests
import transaction
from plone import api

from collective.gongwen.steps.opinions import opinions
from tests.support.outgoing import draft_outgoing
from tests.support.rest import demo
from tests.support.rest import get
from tests.support.rest import transition
from tests.support.rest import url_of

DRAFTER = "cy_eng_staff"


def submitted(functional_portal, portal_url):
    document = draft_outgoing(functional_portal, main_recipients=["新乡河务局"])
    transaction.commit()
    url = url_of(portal_url, document)
    assert transition(url, DRAFTER, "submit").status_code == 200
    return document, url


def test_r_o11_rest_retract_before_the_holder_opens_it(functional_portal, portal_url):
    document, url = submitted(functional_portal, portal_url)
    # the drafter is offered it in @workflow's transitions, the head is not
    for user, expected in ((DRAFTER, ["retract_draft"]), ("cy_eng_head", ["approve", "return"])):
        workflow = get(f"{url}/@workflow", demo(user)).json()
        offered = [t["@id"].rsplit("/", 1)[-1] for t in workflow["transitions"]]
        assert offered == expected, (user, offered)
    response = transition(url, DRAFTER, "retract_draft", "附件漏传。")
    assert response.status_code == 200, response.text[:500]
    transaction.begin()
    assert api.content.get_state(obj=document) == "draft"
    assert [(r.step, r.action, r.text) for r in opinions(document)] == [
        ("draft", "submit", ""),
        ("dept_review", "retract", "附件漏传。"),
    ]


def test_r_o11_rest_retract_refused_once_opened(functional_portal, portal_url):
    document, url = submitted(functional_portal, portal_url)
    # the head opens the page (the HTML page, as a browser does)
    page = requests.get(url, auth=demo("cy_eng_head"), headers={"Accept": "text/html"}, timeout=60)
    assert page.ok and "部门负责人核稿" in page.text
    response = transition(url, DRAFTER, "retract_draft")
    assert response.status_code == 400, response.text[:500]
    assert "已打开此公文，不能再撤回" in response.json()["error"]["message"]
    # nor may someone who did not hand it over
    response = transition(url, "cy_eng_head", "retract_draft")
    assert response.status_code == 403
    assert "只能撤回由您送出" in response.json()["error"]["message"]
    assert "application/json" in response.headers["Content-Type"]
    transaction.begin()
    assert api.content.get_state(obj=document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]
