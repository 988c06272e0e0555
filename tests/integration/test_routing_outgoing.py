"""发文 routing on the Plone layer (SPEC §4, R-O1…R-O5, R-O9) with the demo organisation.

长垣河务局: cy_eng_staff drafts for 工程管理科 (head cy_eng_head, supervising
leader cy_leader2); cy_office_head/cy_office_deputy 把关; cy_director signs
上行文; cy_print numbers; the secretaries' group sends; archivists archive.
"""

import pytest
from plone import api
from zExceptions import BadRequest
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.content import times
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of
from tests.support.archive import archive_as
from tests.support.outgoing import draft_outgoing
from tests.support.renders import run_render_jobs

UNRELATED = "cy_flood_staff"  # a staff member of another department

UPWARD_PATH = [
    # (user, action, opinion, state after)
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "approve", "同意，请办公室把关。", "office_review"),
    ("cy_office_head", "approve", "文字已核，请局领导审阅。", "leader_review"),
    ("cy_leader2", "approve", "同意，请局长签发。", "director_sign"),
    ("cy_director", "sign", "同意上报。", "numbering"),
    ("cy_print", "number", "", "secretary_check"),
    ("cy_secretary2", "send", "", "sent"),
    ("cy_archivist", "archive", "", "archived"),
]
DOWNWARD_PATH = [
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "approve", "同意。", "office_review"),
    ("cy_office_deputy", "approve", "请李局长签发。", "leader_sign"),
    ("cy_leader2", "sign", "同意印发。", "numbering"),
    ("cy_print", "number", "", "secretary_check"),
    ("cy_secretary1", "send", "", "sent"),
    ("cy_archivist", "archive", "", "archived"),
]
EVERYONE = sorted({user for user, *_ in UPWARD_PATH + DOWNWARD_PATH} | {UNRELATED, "cy_leader1"})

# R-O10: the 报告 goes up to the superior unit on the portal; the 通知 to the
# departments (outside the portal's units), copied to the superior.
RECIPIENTS = {"upward": ["新乡河务局"], "downward": ["局属各科室"]}
COPIED = {"upward": [], "downward": ["新乡河务局", "局属各科室"]}


def draft(portal, direction):
    return draft_outgoing(
        portal, direction, main_recipients=RECIPIENTS[direction], cc_recipients=COPIED[direction]
    )


def do(document, user, action, opinion="", **kwargs):
    """``user`` does ``action``; after 登记编号 the worker typesets the 正式文件 (R-RUN1), as it
    has done before anyone may press 发送 (R-T1)."""
    if action == "archive":
        # R-R1: 归档 is archive.filing's, not the panel's (its slip made first)
        run_render_jobs(document)
        return archive_as(document, user)
    with api.env.adopt_user(username=user):
        result = act(document, action, opinion, **kwargs)
    if action == "number":
        run_render_jobs(document, kinds=("official",))
    return result


def state(document):
    return api.content.get_state(obj=document)


def todo(user):
    """The to-do list: one catalog query on ``assignees``."""
    catalog = api.portal.get_tool("portal_catalog")
    return [b.getId for b in catalog.unrestrictedSearchResults(assignees=principals_of(user))]


def can_view(document, user):
    with api.env.adopt_user(username=user):
        return bool(api.user.has_permission("View", obj=document))


def can_modify(document, user):
    with api.env.adopt_user(username=user):
        return bool(api.user.has_permission("Modify portal content", obj=document))


def can_delete(document, user):
    with api.env.adopt_user(username=user):
        return bool(api.user.has_permission("Delete objects", obj=document))


def transitions(document, user):
    """The workflow transitions DCWorkflow's guards offer ``user`` on ``document``."""
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=user):
        return [t["id"] for t in workflow.getTransitionsFor(document)]


def others_refused(document, action, allowed):
    """Every demo user not among ``allowed`` is refused ``action`` by act and the guards (R-O1)."""
    for user in EVERYONE:
        if user in allowed:
            continue
        with pytest.raises((rules.StepError, ArchiveError)):
            do(document, user, action, "试图越权办理。")
        # R-O11: who handed it over is offered only the 撤回 of that (test_r_o11_retract)
        assert [t for t in transitions(document, user) if not t.startswith("retract_")] == []


@pytest.mark.parametrize("direction, path", [("upward", UPWARD_PATH), ("downward", DOWNWARD_PATH)])
def test_r_o1_document_goes_draft_to_archived_each_step_by_its_assignee(portal, direction, path):
    document = draft(portal, direction)
    assert state(document) == "draft"
    for user, action, opinion, after in path:
        holders = {u for u in EVERYONE if set(principals_of(u)) & set(document.assignees)}
        assert user in holders, (state(document), document.assignees)
        assert document.getId() in todo(user)
        others_refused(document, action, holders)
        assert transitions(document, user) or action == "archive"  # archive.filing's only
        assert can_view(document, user) and not can_view(document, UNRELATED)
        do(document, user, action, opinion)
        assert state(document) == after
        assert document.getId() not in todo(user) or after == "draft"
    assert document.assignees == ()
    assert document.issue_number  # issued at numbering
    steps_before = ["draft"] + [after for *_, after in path[:-1]]
    expected = [
        (step, action, user, opinion)
        for (user, action, opinion, _), step in zip(path, steps_before, strict=True)
    ]
    assert [(r.step, r.action, r.actor, r.text) for r in opinions(document)] == expected
    # everyone who held a step still reads; nobody else does
    for user, *_ in path:
        assert can_view(document, user)
        assert not can_modify(document, user)
    assert not can_view(document, UNRELATED)


def test_r_o1_assignees_per_step_and_todo_query(portal):
    document = draft(portal, "upward")
    assert document.assignees == ("cy_eng_staff",)
    do(document, "cy_eng_staff", "submit")
    assert document.assignees == ("cy_eng_head",)
    assert document.getId() in todo("cy_eng_head")
    assert document.getId() not in todo("cy_eng_staff")
    do(document, "cy_eng_head", "approve", "同意")
    assert set(document.assignees) == {"cy_office_head", "cy_office_deputy"}
    assert document.getId() in todo("cy_office_deputy")
    do(document, "cy_office_head", "approve", "同意")
    assert document.assignees == ("cy_leader2",)  # 工程管理科's supervising leader
    assert document.getId() not in todo("cy_leader1")


def test_r_o1_secretaries_are_a_role_mailbox(portal):
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:5]:
        do(document, user, action, opinion)
    assert document.assignees == ("changyuan-secretaries",)
    assert document.getId() in todo("cy_secretary1")
    assert document.getId() in todo("cy_secretary2")


def test_r_o1_drafter_chooses_the_reviewer_among_candidates(portal):
    document = draft_outgoing(
        portal, drafter="cy_flood_staff", department="flood", title="关于防汛物资的通知"
    )
    with pytest.raises(rules.NotAssigneeError):
        do(document, "cy_flood_staff", "submit", assignees=["cy_eng_head"])
    do(document, "cy_flood_staff", "submit", assignees=["cy_flood_deputy"])
    assert document.assignees == ("cy_flood_deputy",)
    with pytest.raises(rules.NotAssigneeError):
        do(document, "cy_flood_head", "approve", "同意")


def test_r_o2_empty_or_blank_opinion_refused(portal):
    document = draft(portal, "upward")
    do(document, "cy_eng_staff", "submit")
    for blank in ("", "   ", "\n\t "):
        with pytest.raises(rules.EmptyOpinionError) as refused:
            do(document, "cy_eng_head", "approve", blank)
        assert "意见" in refused.value.message.default
    assert state(document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]


def test_r_o2_opinion_records_are_immutable_and_in_history(portal):
    document = draft(portal, "upward")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "approve", "  同意。 ")
    record = opinions(document)[-1]
    assert (record.step, record.action, record.actor, record.text) == (
        "dept_review",
        "approve",
        "cy_eng_head",
        "同意。",
    )
    with pytest.raises(AttributeError):
        record.text = "改过的意见"
    assert isinstance(opinions(document), tuple)
    history = document.workflow_history["gongwen_outgoing_workflow"]
    assert history[-1]["comments"] == "同意。"
    assert history[-1]["actor"] == "cy_eng_head"


def test_r_o3_return_with_reason_then_resubmit_keeps_both_rounds(portal):
    document = draft(portal, "upward")
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "approve", "同意")
    with pytest.raises(rules.EmptyOpinionError):
        do(document, "cy_office_head", "return", " ")
    do(document, "cy_office_head", "return", "引用文件名称有误，请修改。")
    assert state(document) == "draft"
    assert document.assignees == ("cy_eng_staff",)
    assert can_view(document, "cy_office_head") and not can_modify(document, "cy_office_head")
    assert can_modify(document, "cy_eng_staff")
    do(document, "cy_eng_staff", "submit", "已修改。")
    do(document, "cy_eng_head", "approve", "同意")
    records = opinions(document)
    assert [(r.round, r.action) for r in records] == [
        (1, "submit"),
        (1, "approve"),
        (1, "return"),
        (2, "submit"),
        (2, "approve"),
    ]
    assert records[2].text == "引用文件名称有误，请修改。"
    history = document.workflow_history["gongwen_outgoing_workflow"]
    actions = [entry["action"] for entry in history]
    assert actions == [None, "submit", "approve", "return", "submit", "approve"]


def test_r_o4_upward_cannot_be_numbered_without_director_signature(portal):
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:3]:
        do(document, user, action, opinion)
    assert state(document) == "leader_sign"
    # made upward while waiting for the leader's signature: the leader cannot sign
    document.direction = "upward"
    with pytest.raises(rules.DirectorSignatureRequiredError):
        do(document, "cy_leader2", "sign", "同意")
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="cy_leader2"):
        assert "sign" not in [t["id"] for t in workflow.getTransitionsFor(document)]
    assert state(document) == "leader_sign"
    # and the guard on 登记编号 wants the director's 签发 record of this round
    guard = document.restrictedTraverse("@@gongwen-routing-guard")
    assert not guard.may_number()


def test_r_o4_upward_director_signature_allows_numbering(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:5]:
        do(document, user, action, opinion)
    assert document.restrictedTraverse("@@gongwen-routing-guard").may_number()


def test_r_o5_sign_fills_and_locks_signer_and_written_date(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:5]:
        do(document, user, action, opinion)
    director = api.user.get(userid="cy_director").getProperty("fullname")
    assert document.signer == director
    assert document.written_date == times.date_of(opinions(document)[-1].time)
    document.signer = "别人"
    with pytest.raises(BadRequest):
        notify(ObjectModifiedEvent(document))


def test_r_o9_paper_opinion_entered_on_behalf_of_the_leader(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:3]:
        do(document, user, action, opinion)
    assert state(document) == "leader_review"
    # not for someone who does not hold the step
    with pytest.raises(rules.OnBehalfError):
        do(document, "cy_eng_staff", "approve", "同意", on_behalf_of="cy_leader1")
    # not typed by an unrelated person
    with pytest.raises(rules.NotAssigneeError):
        do(document, UNRELATED, "approve", "同意", on_behalf_of="cy_leader2")
    record = do(document, "cy_eng_staff", "approve", "同意（纸质意见）", on_behalf_of="cy_leader2")
    assert (record.actor, record.on_behalf_of, record.step) == (
        "cy_eng_staff",
        "cy_leader2",
        "leader_review",
    )
    assert state(document) == "director_sign"
    # the director's signature entered by the office head: 签发人 is the director
    record = do(document, "cy_office_head", "sign", "同意", on_behalf_of="cy_director")
    assert document.signer == api.user.get(userid="cy_director").getProperty("fullname")


def test_r_sec1_view_denied_to_unrelated_staff_in_every_state(portal):
    document = draft(portal, "upward")
    seen = []
    for user, action, opinion, _after in [(None, None, None, None)] + UPWARD_PATH:
        if user:
            do(document, user, action, opinion)
        seen.append(state(document))
        for outsider in (UNRELATED, "cy_fin_head", "cy_leader1", "cy_eng_receiver"):
            assert not can_view(document, outsider), (state(document), outsider)
        with api.env.adopt_user(username=UNRELATED):
            catalog = api.portal.get_tool("portal_catalog")
            assert not catalog(UID=document.UID())
    assert seen == [
        "draft",
        "dept_review",
        "office_review",
        "leader_review",
        "director_sign",
        "numbering",
        "secretary_check",
        "sent",
        "archived",
    ]


def test_classified_documents_keep_the_classified_workflow(portal):
    workflow = api.portal.get_tool("portal_workflow")
    unit = portal["changyuan"]
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=unit["outgoing"],
            type="gongwen_outgoing",
            title="涉密登记",
            classification="secret",
        )
    assert workflow.getChainFor(document) == ("gongwen_classified_workflow",)
    with pytest.raises(rules.ActionNotAvailableError):
        do(document, "cy_eng_staff", "submit")


def test_r_o7_countersign_forward_and_last_sends_back_to_the_office(portal):
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    do(
        document,
        "cy_office_head",
        "request_countersign",
        "请会签。",
        assignees=["cy_leader1", "cy_leader3"],
    )
    assert state(document) == "countersign"
    assert set(document.assignees) == {"cy_leader1", "cy_leader3"}
    assert document.getId() in todo("cy_leader3")
    with pytest.raises(rules.NotAssigneeError):
        do(document, "cy_leader2", "countersign", "同意")
    with pytest.raises(rules.EmptyOpinionError):
        do(document, "cy_leader1", "countersign", " ")
    # 转交相关领导: cy_leader1 co-signs and forwards to cy_leader2
    do(document, "cy_leader1", "countersign", "同意，请张局长阅。", assignees=["cy_leader2"])
    assert state(document) == "countersign"
    assert set(document.assignees) == {"cy_leader3", "cy_leader2"}
    assert document.getId() not in todo("cy_leader1")
    assert can_view(document, "cy_leader1")
    # the document cannot advance while a co-signer is pending
    guard = document.restrictedTraverse("@@gongwen-routing-guard")
    assert not guard.countersign_complete()
    assert "countersign_done" not in transitions(document, "cy_leader3")
    do(document, "cy_leader3", "countersign", "同意。")
    assert state(document) == "countersign"
    # the last pending co-signer's action is 送秘书: back to the office heads
    do(document, "cy_leader2", "countersign", "同意。")
    assert state(document) == "office_review"
    assert set(document.assignees) == {"cy_office_head", "cy_office_deputy"}
    assert [(r.actor, r.action) for r in opinions(document)][2:] == [
        ("cy_office_head", "request_countersign"),
        ("cy_leader1", "countersign"),
        ("cy_leader3", "countersign"),
        ("cy_leader2", "countersign"),
    ]
    do(document, "cy_office_head", "approve", "会签完毕，请签发。")
    assert state(document) == "leader_sign"


@pytest.mark.parametrize("direction, path", [("upward", UPWARD_PATH), ("downward", DOWNWARD_PATH)])
def test_r_o7_a_leader_holding_the_document_asks_others_to_countersign(portal, direction, path):
    document = draft(portal, direction)
    for user, action, opinion, _after in path[:3]:
        do(document, user, action, opinion)
    leader_step = state(document)
    assert leader_step in ("leader_review", "leader_sign")
    with pytest.raises(rules.NoCountersignersError):
        do(document, "cy_leader2", "request_countersign", "请会签。")
    do(document, "cy_leader2", "request_countersign", "请张局长会签。", assignees=["cy_leader1"])
    assert state(document) == "countersign"
    assert document.assignees == ("cy_leader1",)
    do(document, "cy_leader1", "countersign", "同意。")
    # 送秘书: back to the office heads, who send it up again
    assert state(document) == "office_review"
    assert [(r.step, r.action, r.actor) for r in opinions(document)][3:] == [
        (leader_step, "request_countersign", "cy_leader2"),
        ("countersign", "countersign", "cy_leader1"),
    ]


def test_upgrade_1002_makes_existing_outgoing_documents_drafts_of_their_owner(portal):
    from collective.gongwen.setuphandlers.upgrades import outgoing_workflow

    document = draft(portal, "upward")
    # as before the upgrade: only the placeholder workflow's history, no routing roles
    document.workflow_history = {
        "gongwen_document_workflow": document.workflow_history.pop("gongwen_outgoing_workflow")
    }
    del document.routing_drafter
    document.manage_delLocalRoles(["cy_eng_staff"])
    document.manage_setLocalRoles("cy_eng_staff", ["Owner"])
    document.assignees = ()
    with api.env.adopt_roles(["Manager"]):
        outgoing_workflow(None)
    assert state(document) == "draft"
    assert document.assignees == ("cy_eng_staff",)
    assert document.getId() in todo("cy_eng_staff")
    do(document, "cy_eng_staff", "submit")
    assert state(document) == "dept_review"


def test_r_d5_a_draft_without_its_body_cannot_be_submitted(portal):
    document = draft_outgoing(portal, title="关于堤防巡查的通知", text=None)
    with pytest.raises(rules.StepError) as refused:
        do(document, "cy_eng_staff", "submit")
    assert "电子正文" in translate(refused.value.message, target_language="zh_CN")
    assert state(document) == "draft"
    # Nor through the workflow tool directly (REST @workflow, a crafted POST).
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="cy_eng_staff"):
        assert "submit" not in [t["id"] for t in workflow.getTransitionsFor(document)]


def to_numbering(portal, direction="downward"):
    """A 发文 carried to 文印室 by its assignees (signed)."""
    document = draft(portal, direction)
    path = UPWARD_PATH if direction == "upward" else DOWNWARD_PATH
    for user, action, opinion, after in path:
        do(document, user, action, opinion)
        if after == "numbering":
            return document
    raise AssertionError("path without numbering")


@pytest.mark.parametrize("direction", ["upward", "downward"])
def test_r_o10_sending_records_a_delivery_per_recipient(portal, direction):
    from collective.gongwen.exchange.deliveries import deliveries

    document = draft(portal, direction)
    path = UPWARD_PATH if direction == "upward" else DOWNWARD_PATH
    for user, action, opinion, after in path:
        assert deliveries(document) == []  # nothing is delivered before sending
        do(document, user, action, opinion)
        if after == "sent":
            break
    records = deliveries(document)
    xinxiang = portal["xinxiang"].UID()
    if direction == "upward":
        assert [(r["recipient"], r["kind"], r["unit_uid"]) for r in records] == [
            ("新乡河务局", "main", xinxiang)
        ]
    else:
        # 主送 first; a 主送 recipient is not copied again; a unit on the portal is linked;
        # 「局属各科室」 reaches each department of the unit (R-D7), never 系统外.
        changyuan = portal["changyuan"].UID()
        assert [(r["recipient"], r["kind"], r["unit_uid"]) for r in records] == [
            ("办公室", "main", changyuan),
            ("工程管理科", "main", changyuan),
            ("防汛办公室", "main", changyuan),
            ("财务科", "main", changyuan),
            ("新乡河务局", "cc", xinxiang),
        ]
    sender = path[[after for *_, after in path].index("sent")][0]
    for record in records:
        assert record["state"] == "sent"
        assert [(e["event"], e["actor"]) for e in record["trail"]] == [("sent", sender)]


def test_r_o10_a_document_without_main_recipient_cannot_be_sent(portal):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        if after == "sent":
            document.main_recipients = []
            with pytest.raises(rules.NoRecipientsError):
                do(document, user, action, opinion)
            assert transitions(document, user) == []  # nor through the workflow tool
            assert state(document) == "secretary_check"
            return
        do(document, user, action, opinion)


def test_r_o2_the_workflow_refuses_a_review_without_opinion_on_any_path(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    workflow = api.portal.get_tool("portal_workflow")
    # What plone.restapi's @workflow does: the workflow tool, with or without a comment.
    with api.env.adopt_user(username="cy_eng_head"):
        with pytest.raises(rules.EmptyOpinionError):
            workflow.doActionFor(document, "approve", comment="  ")
        assert state(document) == "dept_review"
        workflow.doActionFor(document, "approve", comment="同意。")
    assert state(document) == "office_review"


@pytest.mark.parametrize("direction, path", [("upward", UPWARD_PATH), ("downward", DOWNWARD_PATH)])
def test_r_t1_numbering_typesets_the_official_pdf_named_by_number_and_title(
    portal, direction, path
):
    from collective.gongwen.content.files import TYPESET
    from collective.gongwen.content.files import role_of

    document = draft(portal, direction)
    for user, action, opinion, after in path:
        do(document, user, action, opinion)
        if after == "secretary_check":
            break
    run_render_jobs(document)  # the worker typesets it (R-RUN1)
    official = document["official"]
    assert role_of(official) == TYPESET
    assert official.file.data.startswith(b"%PDF")
    assert official.file.filename == f"{document.issue_number}{document.Title()}.pdf"
    # the 附件说明 counts 附件 only: sending is not blocked by the 正式文件
    do(document, path[-2][0], "send")
    assert state(document) == "sent"


def test_r_t1_the_holder_typesets_again_until_sent(portal):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer
    from tests.support.uploads import post

    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        if after == "secretary_check":
            break

    def retypeset(user):
        with api.env.adopt_user(username=user):
            post(document.REQUEST, {})
            document.restrictedTraverse("@@gongwen-typeset")()
        run_render_jobs(document)  # the worker typesets it (R-RUN1)
        repository = api.portal.get_tool("portal_repository")
        with api.env.adopt_roles(["Manager"]):
            return len(repository.getHistoryMetadata(document["official"]) or [])

    with api.env.adopt_user(username="cy_secretary1"):
        assert "gongwen-retypeset" in document.restrictedTraverse("@@gongwen-action-panel")()
    before = retypeset("cy_eng_staff")  # the drafter: refused, nothing changes
    document.remarks = "此件公开发布"  # a correction the 正式文件 must show
    assert retypeset("cy_secretary1") == before + 1
    do(document, "cy_secretary1", "send")
    assert retypeset("cy_secretary1") == before + 1  # sent: no more
