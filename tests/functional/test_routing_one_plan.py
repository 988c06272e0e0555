"""R-O1, R-O3, R-O4, R-O5, R-O7, R-O8, R-O13: one plan per 发文 transition, whatever the path.

Two drafts walk the same actions side by side: one through the 办理 panel's
``routing.actions.act``, the other through plone.restapi's ``@workflow`` over
real HTTP. After each step their state, holders, pending co-signers, opinion
records (every field but the time), 签发人 and whether a 文号 was issued
must be the same — the 下行 and 上行 paths, 退回 and 作废, and 会签.
"""

import dataclasses

import pytest
import transaction
from plone import api

from collective.gongwen.routing import rules
from collective.gongwen.routing.plan import next_assignees
from collective.gongwen.routing.plan import pending_countersigners
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH as DOWNWARD_TO_ARCHIVE
from tests.integration.test_routing_outgoing import UPWARD_PATH as UPWARD_TO_ARCHIVE
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.renders import typeset_served
from tests.support.rest import transition
from tests.support.rest import url_of

# 归档 is no step of the plan: only archive.filing makes the transition (R-R1), never the
# panel or @workflow, so the two paths are compared up to 已发送.
DOWNWARD_PATH = [step for step in DOWNWARD_TO_ARCHIVE if step[1] != "archive"]
UPWARD_PATH = [step for step in UPWARD_TO_ARCHIVE if step[1] != "archive"]

RETURN_AND_VOID = [
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "approve", "同意。", "office_review"),
    ("cy_office_head", "return", "请补充依据。", "draft"),
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "return", "不必再发。", "draft"),
    ("cy_eng_staff", "void", "情况已变化，不再发文。", "voided"),
]
COUNTERSIGN_PATH = DOWNWARD_PATH[:2] + [
    ("cy_office_head", "request_countersign", "请各位领导会签。", "countersign"),
    ("cy_leader1", "countersign", "同意。", "countersign"),
    ("cy_leader2", "countersign", "同意。", "countersign"),
    ("cy_leader3", "countersign", "同意。", "countersign"),
    ("cy_director", "countersign", "同意。", "office_review"),
    ("cy_office_head", "approve", "请李局长签发。", "leader_sign"),
    ("cy_leader2", "sign", "同意印发。", "numbering"),
    ("cy_print", "number", "", "secretary_check"),
]


def outcome(document):
    """What a transition left: everything but times and the 文号's sequence number."""
    transaction.begin()  # see the server's commits
    records = [
        {k: v for k, v in dataclasses.asdict(record).items() if k != "time"}
        for record in opinions(document)
    ]
    return {
        "state": api.content.get_state(obj=document),
        "holders": sorted(document.assignees),
        "pending": pending_countersigners(document),
        "records": records,
        "signer": getattr(document, "signer", None),
        "numbered": bool(getattr(document, "issue_number", None)),
    }


def rest_transition(document, user, action):
    """The workflow transition ``action`` is at the document's step (what REST is asked)."""
    step = api.content.get_state(obj=document)
    if action == rules.COUNTERSIGN_ACTION:
        return "countersign"  # the plan says whether it is 送秘书 (R-O7)
    return rules.transition_for(step, action, document.direction)


@pytest.mark.slow
@pytest.mark.parametrize(
    "direction, path",
    [
        ("downward", DOWNWARD_PATH),
        ("upward", UPWARD_PATH),
        ("downward", RETURN_AND_VOID),
        ("downward", COUNTERSIGN_PATH),
    ],
    ids=["downward", "upward", "return-void", "countersign"],
)
def test_r_o7_the_panel_and_rest_leave_the_same_records(
    functional_portal, portal_url, direction, path
):
    panel = draft(functional_portal, direction)
    served = draft(functional_portal, direction)
    transaction.commit()
    url = url_of(portal_url, served)
    for user, action, opinion, after in path:
        assignees = None
        if action == rules.REQUEST_COUNTERSIGN:
            # REST names nobody: every leader but the one asking, as the panel chooses here
            assignees = [p for p in next_assignees(panel, rules.COUNTERSIGN) if p != user]
        do(panel, user, action, opinion, assignees=assignees)
        transaction.commit()
        name = rest_transition(served, user, action)
        response = transition(url, user, name, opinion)
        assert response.status_code == 200, (user, action, response.text)
        assert response.json()["review_state"] == after
        if action == rules.NUMBER:
            typeset_served(served, functional_portal)
        by_panel, by_rest = outcome(panel), outcome(served)
        assert by_panel["state"] == after
        assert by_panel == by_rest, (user, action)
