"""R-O1 under concurrency: two people act on the same 发文 step at the same moment.

At 办公室把关 of a 下行文 both office heads (cy_office_head and
cy_office_deputy) are assignees. Two threads act as them like requests on
their own connections, retrying on ConflictError as Zope's publisher does
(``tests/support/races.py``: reload the document, call ``act`` again). The retried
request must be refused — the document has moved on — never make a second
transition or a second opinion record.

The same race through HTTP: one user's 同意 form posted twice at once to
``@@gongwen-act`` on the functional layer's server.
"""

import html
import re
import threading

import pytest
import requests
import transaction
from plone import api
from zope.i18n import translate

from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing
from tests.support.races import race

OFFICE_HEADS = ("cy_office_head", "cy_office_deputy")
PASSWORD = "gongwen2026"  # the demo organisation's password (profiles/demo)
STALE = "公文已被他人处理"


def at_office_review(portal):
    """A committed 下行文 at 办公室把关; returns its path below the site."""
    document = draft_outgoing(portal)
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    assert api.content.get_state(obj=document) == "office_review"
    assert set(OFFICE_HEADS) <= set(document.assignees), document.assignees
    transaction.commit()
    return "/".join(document.getPhysicalPath()[2:])


def review_transitions(document):
    """Workflow history entries that left 办公室把关 (the 同意 there)."""
    history = document.workflow_history["gongwen_outgoing_workflow"]
    return [entry for entry in history if entry.get("review_state") == "leader_sign"]


def test_r_o1_two_reviewers_acting_at_once_make_one_transition(functional):
    portal = functional["portal"]
    path = at_office_review(portal)

    def approve(portal):
        user = api.user.get_current().getId()
        return act(portal.unrestrictedTraverse(path), rules.APPROVE, f"{user}：同意印发。")

    outcome = race(functional, [(user, approve) for user in OFFICE_HEADS])
    assert len(outcome["done"]) == 1, outcome
    assert len(outcome["refused"]) == 1, outcome
    winner = outcome["done"][0][0]
    loser, error = outcome["refused"][0]
    assert loser != winner
    assert outcome["conflicts"] == [loser]  # the requests really collided; the loser retried
    message = translate(error.message, target_language="zh_CN")
    assert re.search(r"[\u4e00-\u9fff]", message), message

    transaction.abort()  # see what the workers committed
    document = portal.unrestrictedTraverse(path)
    assert api.content.get_state(obj=document) == "leader_sign"
    assert len(review_transitions(document)) == 1
    assert review_transitions(document)[0]["actor"] == winner
    reviews = [r for r in opinions(document) if r.step == "office_review"]
    assert [(r.actor, r.action, r.text) for r in reviews] == [
        (winner, rules.APPROVE, f"{winner}：同意印发。")
    ]


def hidden_inputs(page):
    """The hidden inputs of the 办理 form: name → value."""
    form = re.search(r'<form[^>]*class="gongwen-act".*?</form>', page, re.S)
    assert form, "no 办理 form on the page"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def status_messages(page):
    """The texts of Plone's status messages on a page."""
    found = re.findall(r'<div[^>]*class="[^"]*portalMessage[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in found]


@pytest.mark.slow
def test_r_o1_double_submission_over_http_makes_one_transition(functional, portal_url):
    portal = functional["portal"]
    path = at_office_review(portal)
    url = f"{portal_url}/{path}"
    auth = ("cy_office_head", PASSWORD)
    headers = {"Accept-Language": "zh-CN,zh;q=0.9"}

    page = requests.get(url, auth=auth, headers=headers, timeout=60)
    assert page.status_code == 200, page.text[:500]
    fields = hidden_inputs(page.text)
    assert {"_authenticator", "state", "seen"} <= set(fields), fields
    assert fields["state"] == "office_review"
    data = dict(fields, opinion="同意，请李局长签发。", action=rules.APPROVE)

    responses = {}
    barrier = threading.Barrier(2)

    def post(index):
        session = requests.Session()  # its own cookies: its own status message
        session.auth = auth
        session.headers.update(headers)
        barrier.wait(timeout=30)
        responses[index] = session.post(f"{url}/@@gongwen-act", data=data, timeout=120)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(responses) == [0, 1]

    messages = []
    for response in responses.values():
        assert response.status_code == 200, response.text[:1000]
        assert response.history and response.history[0].status_code == 302
        assert "Traceback" not in response.text
        messages.append(status_messages(response.text))
    done = [m for m in messages if any("已办理" in text for text in m)]
    stale = [m for m in messages if any(STALE in text for text in m)]
    assert len(done) == 1 and len(stale) == 1, messages
    # the refused request hands back what was typed: the office head may still
    # enter the leader's opinion (代录), so it is back in the opinion box
    refused = next(r for r in responses.values() if STALE in r.text)
    assert ">同意，请李局长签发。</textarea>" in refused.text

    transaction.abort()
    document = portal.unrestrictedTraverse(path)
    assert api.content.get_state(obj=document) == "leader_sign"
    assert len(review_transitions(document)) == 1
    assert [r.actor for r in opinions(document) if r.step == "office_review"] == ["cy_office_head"]
