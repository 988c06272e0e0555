"""R-T1, R-RUN1: a 发文 is sent with its 正式文件 — 发送 waits while the worker typesets it,
on the 办理 panel's path and on the workflow's (REST ``@workflow``) alike."""

import pytest
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.typeset.child import OFFICIAL
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.support.renders import run_render_jobs


def numbered(portal):
    """A 下行文 just numbered by the print room; its 正式文件's render job not run yet."""
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        with api.env.adopt_user(username=user):
            act(document, action, opinion)
        if after == "secretary_check":
            return document
    raise AssertionError("never numbered")


def test_r_t1_the_official_work_key_is_the_typesetting_kind():
    assert rules.OFFICIAL_WORK == OFFICIAL


def test_r_t1_send_refused_on_the_panel_path_until_the_official_is_typeset(portal):
    document = numbered(portal)
    assert "official" not in document.objectIds()
    with api.env.adopt_user(username="cy_secretary1"), pytest.raises(rules.OfficialPendingError):
        act(document, "send", "")
    assert state(document) == "secretary_check"
    run_render_jobs(document, portal)
    assert "official" in document.objectIds()
    with api.env.adopt_user(username="cy_secretary1"):
        act(document, "send", "")
    assert state(document) == "sent"


def test_r_t1_send_refused_on_the_workflow_path_until_the_official_is_typeset(portal):
    document = numbered(portal)
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="cy_secretary1"), pytest.raises(WorkflowException) as refused:
        workflow.doActionFor(document, "send")
    assert "正式文件正在排版" in str(refused.value)
    assert state(document) == "secretary_check"
    run_render_jobs(document, portal)
    with api.env.adopt_user(username="cy_secretary1"):
        api.portal.get_tool("portal_workflow").doActionFor(document, "send")
    assert state(document) == "sent"
