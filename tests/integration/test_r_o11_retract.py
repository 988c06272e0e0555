"""R-O11 撤回 on the Plone layer: whoever handed a 发文 on takes it back while none of the next
holders has opened it; the history keeps both moves; after the holder opened it the 撤回 is
refused in Chinese. One path (``actions.retract``) for the page, ``@workflow`` and code.

长垣河务局: cy_eng_staff drafts for 工程管理科 (head cy_eng_head); the office heads
(cy_office_head, cy_office_deputy) 把关 and ask leaders to co-sign.
"""

import pytest
from plone import api
from zope.event import notify
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.content.events import FILE
from collective.gongwen.content.events import DocumentViewed
from collective.gongwen.content.events import FileDownloaded
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import retract
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.roles import handed_over_by
from collective.gongwen.steps.roles import step_opened
from tests.integration.test_files_panel import messages
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import can_delete
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.integration.test_routing_outgoing import transitions
from tests.support.outgoing import walk_until
from tests.support.views import post_as
from tests.support.views import render_as

DRAFTER = "cy_eng_staff"
OFFICE_HEADS = {"cy_office_head", "cy_office_deputy"}


@pytest.fixture
def submitted(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft(portal, "downward")
    do(document, DRAFTER, "submit")
    assert state(document) == "dept_review"
    return document


def as_user(user, function, *args, **kwargs):
    with api.env.adopt_user(username=user):
        return function(*args, **kwargs)


def moves(document):
    return [(r.step, r.action, r.actor, r.text) for r in opinions(document)]


def zh(message):
    return translate(message, target_language="zh_CN")


def test_r_o11_drafter_retracts_before_the_head_opens_it(submitted):
    document = submitted
    assert handed_over_by(document) == DRAFTER
    assert document.assignees == ("cy_eng_head",)
    # the guards offer the drafter (a mere participant now) the 撤回 back to 拟稿, nobody else
    assert transitions(document, DRAFTER) == ["retract_draft"]
    assert "retract_draft" not in transitions(document, "cy_eng_head")
    record = as_user(DRAFTER, retract, document, "  发现附件漏传。 ")
    assert state(document) == "draft"
    assert document.assignees == (DRAFTER,)
    # the history keeps both moves: the 提交 and its 撤回 (at the step it was taken from)
    assert moves(document) == [
        ("draft", "submit", DRAFTER, ""),
        ("dept_review", "retract", DRAFTER, "发现附件漏传。"),
    ]
    assert record == opinions(document)[-1]
    # the head's 待办 no longer holds it; the drafter may submit again
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(UID=document.UID(), assignees="cy_eng_head")
    do(document, DRAFTER, "submit")
    assert state(document) == "dept_review"


def view_page(document, user):
    """What the document page does for ``user`` (content/browser/document.py; its firing is
    tests/integration/test_content_events.py's, the whole page the browser test's)."""
    notify(DocumentViewed(document, user))


def test_r_o11_retract_refused_once_the_head_opened_the_page(submitted):
    document = submitted
    # the drafter's own view of the page opens nothing (not a holder)
    view_page(document, DRAFTER)
    assert step_opened(document) == ()
    view_page(document, "cy_eng_head")
    view_page(document, "cy_eng_head")  # once per holder and step
    assert [who for who, _time in step_opened(document)] == ["cy_eng_head"]
    assert transitions(document, DRAFTER) == []
    with pytest.raises(rules.RetractOpenedError) as refused:
        as_user(DRAFTER, retract, document)
    assert "已打开此公文，不能再撤回" in zh(refused.value.message)
    assert "cy_eng_head" not in zh(refused.value.message)  # named, not by id
    assert state(document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]


def test_r_o11_a_file_download_by_the_holder_counts_as_opening(submitted):
    notify(FileDownloaded(submitted, FILE, "x", "正文", "cy_flood_staff"))  # not a holder
    assert step_opened(submitted) == ()
    notify(FileDownloaded(submitted, FILE, "x", "正文", "cy_eng_head"))
    with pytest.raises(rules.RetractOpenedError):
        as_user(DRAFTER, retract, submitted)


def test_r_o11_only_who_handed_it_over_may_retract_and_not_after_acting(submitted):
    document = submitted
    for user in ("cy_eng_head", "cy_office_head", "cy_flood_staff"):
        with pytest.raises(rules.RetractNotAllowedError):
            as_user(user, retract, document)
    do(document, "cy_eng_head", "approve", "同意。")
    # the drafter's 提交 was acted on: no longer theirs to take back
    with pytest.raises(rules.RetractNotAllowedError):
        as_user(DRAFTER, retract, document)
    # the head's own 同意 is, to their step, with the holders it had (the head)
    assert transitions(document, "cy_eng_head") == ["retract_dept_review"]
    as_user("cy_eng_head", retract, document)
    assert state(document) == "dept_review"
    assert document.assignees == ("cy_eng_head",)


def test_r_o11_an_office_review_hand_over_returns_to_every_office_head(portal):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "office_review")
    assert set(document.assignees) == OFFICE_HEADS
    do(document, "cy_office_deputy", "approve", "请李局长签发。")
    assert state(document) == "leader_sign"
    as_user("cy_office_deputy", retract, document, "再核一遍文字。")
    assert state(document) == "office_review"
    assert set(document.assignees) == OFFICE_HEADS


def test_r_o11_no_retract_of_a_signature(portal):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "numbering")
    with pytest.raises(rules.RetractNotAllowedError):
        as_user("cy_leader2", retract, document)
    assert not [t for t in transitions(document, "cy_leader2") if t.startswith("retract")]


def test_r_o11_retract_undoes_a_request_for_countersign(portal):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "office_review")
    do(document, "cy_office_head", "request_countersign", "请会签。", assignees=["cy_leader1"])
    assert state(document) == "countersign"
    assert transitions(document, "cy_office_head") == ["retract_office_review"]
    as_user("cy_office_head", retract, document)
    assert state(document) == "office_review"
    assert set(document.assignees) == OFFICE_HEADS
    assert document.pending_countersigners == ()


def test_r_o11_the_last_co_signer_takes_back_the_send_to_secretary(portal):
    document = walk_until(draft(portal, "downward"), DOWNWARD_PATH, "office_review")
    do(document, "cy_office_head", "request_countersign", "请会签。", assignees=["cy_leader1"])
    do(document, "cy_leader1", "countersign", "同意。")
    assert state(document) == "office_review"
    as_user("cy_leader1", retract, document, "意见写错了。")
    assert state(document) == "countersign"
    assert document.assignees == ("cy_leader1",)
    assert document.pending_countersigners == ("cy_leader1",)
    do(document, "cy_leader1", "countersign", "同意印发。")
    assert state(document) == "office_review"


def test_r_o11_retract_through_the_workflow_tool_is_planned_the_same(submitted):
    """plone.restapi's ``@workflow/retract_draft`` calls the workflow tool like this."""
    document = submitted
    with api.env.adopt_user(username=DRAFTER):
        api.content.transition(obj=document, transition="retract_draft", comment="REST")
    assert state(document) == "draft"
    assert document.assignees == (DRAFTER,)
    assert moves(document)[-1] == ("dept_review", "retract", DRAFTER, "REST")


def test_r_o11_the_reason_is_bounded(submitted):
    with pytest.raises(rules.StepError) as refused:
        as_user(DRAFTER, retract, submitted, "长" * 5000)
    assert "意见" in zh(refused.value.message)
    assert state(submitted) == "dept_review"


def test_r_o11_page_button_and_post(submitted):
    document = submitted
    _view, html = render_as(document, "gongwen-retract-button", DRAFTER)
    assert "gongwen-retract" in html and "撤回" in html
    # nobody else sees it (those who may see the document at all)
    for user in ("cy_eng_head", "admin"):
        assert render_as(document, "gongwen-retract-button", user)[1].strip() == ""
    post_as(document, "gongwen-retract", DRAFTER, reason="补充附件。")
    assert messages(document.REQUEST) == ["已撤回，公文回到「拟稿」，可修改后重新送出。"]
    assert state(document) == "draft"
    # a second POST (the old page): refused, in Chinese, no 500
    post_as(document, "gongwen-retract", DRAFTER)
    assert messages(document.REQUEST) == [zh(rules.RetractNotAllowedError.default)]
    assert render_as(document, "gongwen-retract-button", DRAFTER)[1].strip() == ""


def test_r_o11_r_o13_a_retracted_draft_is_kept_and_voided_not_deleted(submitted):
    document = submitted
    as_user(DRAFTER, retract, document)
    # submitted once: kept (R-O13), even though it is a draft again
    for user in (DRAFTER, "cy_office_head", "admin"):
        assert not can_delete(document, user)
    do(document, DRAFTER, "void", "不再印发。")
    assert state(document) == "voided"
    assert [r.action for r in opinions(document)] == ["submit", "retract", "void"]


def test_r_o11_the_read_mark_is_written_once_per_holder_and_step(submitted):
    import transaction

    document = submitted
    view_page(document, "cy_eng_head")
    transaction.savepoint()
    view_page(document, "cy_eng_head")  # a GET that writes nothing more
    assert not document._p_changed
    do(document, "cy_eng_head", "approve", "同意。")
    assert step_opened(document) == ()  # a new step, not opened yet
    as_user("cy_eng_head", retract, document)
    # back with the head by their own 撤回: viewing it marks nothing
    view_page(document, "cy_eng_head")
    assert step_opened(document) == ()
