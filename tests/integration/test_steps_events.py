"""The named events (issue 16): each fires once per action, on every path, with what subscribers
need — StepTransitioned and OpinionRecorded (steps/events.py), DocumentNumbered
(numbering/events.py).

Two paths per 发文/收文 action: the 办理 panel's domain function (``act``, ``act_incoming``)
and what plone.restapi's ``@workflow`` does (the workflow tool's ``doActionFor`` with a
``comment``). The typesetting that follows the events is tested by the R-T1/R-T2 tests.
"""

import pytest
from plone import api

from collective.gongwen.numbering.events import IDocumentNumbered
from collective.gongwen.routing.rules import transition_for
from collective.gongwen.steps.events import IOpinionRecorded
from collective.gongwen.steps.events import IStepTransitioned
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.support.events import catching
from tests.support.events import of
from tests.support.incoming import at_leader_reading
from tests.support.incoming import do_incoming
from tests.support.incoming import register_incoming
from tests.support.renders import run_render_jobs

EVENTS = (IStepTransitioned, IOpinionRecorded, IDocumentNumbered)


@pytest.fixture
def fired():
    """``[(interface, document, event), …]`` of the named events fired during the test."""
    with catching(*EVENTS) as seen:
        yield seen


def workflow_action(document, user, transition, comment=""):
    """What ``POST …/@workflow/<transition>`` does: the workflow tool, with the comment."""
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=user):
        if comment:
            workflow.doActionFor(document, transition, comment=comment)
        else:
            workflow.doActionFor(document, transition)


def outgoing_transition(document, action):
    return transition_for(state(document), action, document.direction)


def rest_action(document, user, action, opinion):
    """The REST path; after 登记编号 the worker typesets the 正式文件 before 发送 (R-T1).
    归档 has no REST path: archive.filing makes it, whatever the entry point (R-R1)."""
    if action == "archive":
        return do(document, user, action, opinion)
    workflow_action(document, user, outgoing_transition(document, action), opinion)
    if action == "number":
        run_render_jobs(document, kinds=("official",))


PATHS = {
    "panel": lambda document, user, action, opinion: do(document, user, action, opinion),
    "rest": rest_action,
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_r_o1_each_outgoing_transition_fires_one_step_event_and_one_opinion_event(
    portal, fired, path
):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        before = state(document)
        transition = outgoing_transition(document, action)
        fired.clear()
        PATHS[path](document, user, action, opinion)
        assert state(document) == after
        (step,) = of(fired, IStepTransitioned)
        record = opinions(document)[-1]
        assert step.object is document
        assert (step.transition, step.action, step.actor, step.on_behalf_of) == (
            transition,
            action,
            user,
            None,
        )
        assert (step.old_state, step.new_state) == (before, after)
        assert step.opinion == record and step.opinion.text == opinion
        (recorded,) = of(fired, IOpinionRecorded)
        assert recorded.object is document
        assert (recorded.record, recorded.transition) == (record, transition)
        numbered = of(fired, IDocumentNumbered)
        if action == "number":
            (numbered,) = numbered
            assert (numbered.number, numbered.kind, numbered.repeated) == (
                document.issue_number,
                "issue",
                False,
            )
            assert numbered.number.startswith("长河〔")
        else:
            assert numbered == []
        # the events come after the bookkeeping: the opinion is recorded before the step event
        kinds = [kind for kind, *_ in fired]
        assert kinds.index(IOpinionRecorded) < kinds.index(IStepTransitioned)


def test_r_o9_the_step_event_names_whom_the_opinion_was_entered_for(portal, fired):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        if after == "leader_sign":
            do(document, user, action, opinion)
            break
        do(document, user, action, opinion)
    fired.clear()
    do(document, "cy_secretary1", "sign", "同意印发。", on_behalf_of="cy_leader2")
    (step,) = of(fired, IStepTransitioned)
    assert (step.action, step.actor, step.on_behalf_of) == ("sign", "cy_secretary1", "cy_leader2")
    assert step.opinion.signer_id == "cy_leader2"


def test_r_i1_registration_fires_document_numbered_with_the_receipt_number(portal, fired):
    document = register_incoming(portal)
    (numbered,) = of(fired, IDocumentNumbered)
    assert numbered.object.UID() == document.UID()
    assert (numbered.number, numbered.kind) == (document.receipt_number, "receipt")
    assert of(fired, IStepTransitioned) == []  # creation is not a step


INCOMING_STEPS = [
    # (user, action, its transition, opinion) from 领导阅批 to 分送
    ("cy_leader2", "read", "read_done", "同意。"),
    ("cy_secretary1", "dispatch", "dispatch", ""),
]


@pytest.mark.parametrize("path", ["panel", "rest"])
def test_r_i3_each_incoming_transition_fires_one_step_event(portal, fired, path):
    document = at_leader_reading(
        portal, leaders=["cy_leader2"], opinion="请李局长阅示。", circulate=["cy_flood_head"]
    )
    for user, action, transition, opinion in INCOMING_STEPS:
        before = state(document)
        fired.clear()
        if path == "panel":
            do_incoming(document, user, action, opinion)
        else:
            workflow_action(document, user, transition, opinion)
        (step,) = of(fired, IStepTransitioned)
        record = opinions(document)[-1]
        assert (step.transition, step.action, step.actor) == (transition, action, user)
        assert step.opinion == record
        assert (step.old_state, step.new_state) == (before, state(document))
        assert step.opinion.text == opinion
        (recorded,) = of(fired, IOpinionRecorded)
        assert (recorded.record, recorded.transition) == (record, transition)
    # 已阅 is an opinion outside a transition: one OpinionRecorded, no step event
    fired.clear()
    with api.env.adopt_user(username="cy_flood_head"):
        from tests.support.uploads import post

        post(document.REQUEST, {})
        document.restrictedTraverse("@@gongwen-mark-read")()
    (recorded,) = of(fired, IOpinionRecorded)
    assert (recorded.record.action, recorded.record.actor, recorded.transition) == (
        "acknowledge",
        "cy_flood_head",
        None,
    )
    assert of(fired, IStepTransitioned) == []
