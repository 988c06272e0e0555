"""收文 on the Plone layer (SPEC §5, R-I1 … R-I6) with the demo organisation.

长垣河务局: cy_secretary1/2 (the secretaries' mailbox) register; cy_office_head
拟办; leaders cy_leader1..3 and cy_director read in the order given; 工程管理科
(receiver cy_eng_receiver, head cy_eng_head) and 防汛办公室 (receiver
cy_flood_staff, heads cy_flood_head/deputy) handle.
"""

import pytest
from plone import api

from collective.gongwen.incoming import rules
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of
from tests.support.archive import archive_as
from tests.support.incoming import at_leader_reading
from tests.support.incoming import department_uid
from tests.support.incoming import do_incoming
from tests.support.incoming import proposed_incoming
from tests.support.incoming import register_incoming
from tests.support.renders import run_render_jobs

SECRETARIES = "changyuan-secretaries"


def state(document):
    return api.content.get_state(obj=document)


def todo(user):
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username=user):
        return [
            b.getId for b in catalog(assignees=principals_of(user), portal_type="gongwen_incoming")
        ]


def test_r_i1_registration_issues_a_receipt_number_and_goes_to_the_mailbox(portal):
    document = register_incoming(portal)
    assert state(document) == "registered"
    assert document.receipt_number.startswith("长河收〔")
    assert document.assignees == (SECRETARIES,) or document.assignees[0].endswith("secretaries")
    assert document.getId() in todo("cy_secretary2")  # the mailbox, not a person


def test_r_i2_r_i3_r_i4_walk_from_registration_to_done(portal):
    document = proposed_incoming(portal)
    assert state(document) == "routing"
    assert document.proposal == "请局领导阅示，工程管理科办理。"
    do_incoming(document, "cy_secretary2", "send_to_leaders")
    assert state(document) == "leader_reading"
    assert document.assignees == ("cy_leader1",)
    # a leader out of turn
    with pytest.raises(rules.NotYourTurnError):
        do_incoming(document, "cy_leader2", "read", "已阅。")
    with pytest.raises(rules.EmptyOpinionError):
        do_incoming(document, "cy_leader1", "read", "  ")
    do_incoming(document, "cy_leader1", "read", "请工程管理科抓紧落实。")
    assert document.assignees == ("cy_leader2",)
    do_incoming(document, "cy_leader2", "read", "同意。")
    do_incoming(document, "cy_leader3", "read", "阅。")
    # R-I3: back to the secretaries' mailbox only after every leader has read
    assert state(document) == "dispatching"
    assert document.assignees[0].endswith("secretaries")
    do_incoming(document, "cy_secretary1", "dispatch")
    assert state(document) == "handling"
    assert document.getId() in todo("cy_eng_receiver")
    with pytest.raises(rules.InstructionFirstError):
        do_incoming(document, "cy_eng_receiver", "finish_part")
    do_incoming(document, "cy_eng_receiver", "ask_instruction")
    assert document.getId() in todo("cy_eng_head")
    do_incoming(document, "cy_eng_head", "instruct", "请按通知要求组织检查。")
    do_incoming(document, "cy_eng_receiver", "finish_part")
    assert state(document) == "closing"
    do_incoming(document, "cy_secretary2", "close")
    assert state(document) == "done"
    assert [(r.step, r.action, r.actor) for r in opinions(document)] == [
        ("registered", "send_to_propose", "cy_secretary1"),
        ("proposing", "propose", "cy_office_head"),
        ("routing", "send_to_leaders", "cy_secretary2"),
        ("leader_reading", "read", "cy_leader1"),
        ("leader_reading", "read", "cy_leader2"),
        ("leader_reading", "read", "cy_leader3"),
        ("dispatching", "dispatch", "cy_secretary1"),
        ("handling", "ask_instruction", "cy_eng_receiver"),
        ("handling", "instruct", "cy_eng_head"),
        ("handling", "finish_part", "cy_eng_receiver"),
        ("closing", "close", "cy_secretary2"),
    ]


def test_upgrade_1004_starts_existing_incoming_at_registration(portal):
    from collective.gongwen.setuphandlers.upgrades import incoming_workflow

    document = register_incoming(portal)
    # as before the upgrade: the placeholder workflow's history, no number, nobody holding it
    document.workflow_history = {
        "gongwen_document_workflow": document.workflow_history.pop("gongwen_incoming_workflow")
    }
    document.receipt_number = None
    document.manage_delLocalRoles([document.assignees[0]])
    document.assignees = ()
    with api.env.adopt_roles(["Manager"]):
        incoming_workflow(None)
    assert state(document) == "registered"
    assert document.receipt_number.startswith("长河收〔")
    assert document.getId() in todo("cy_secretary2")


# --- the panel and its POST -----------------------------------------------------------


def panel_html(document, user):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer

    alsoProvides(document.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username=user):
        return document.restrictedTraverse("@@gongwen-action-panel")()


def post_panel(document, user, action, opinion="", **form):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer
    from collective.gongwen.steps.browser.opinion_box import form_seen
    from tests.integration.test_files_panel import messages
    from tests.support.uploads import post

    alsoProvides(document.REQUEST, IGongwenLayer)
    step, seen = form_seen(document)
    data = {"action": action, "opinion": opinion, "state": step, "seen": str(seen), **form}
    with api.env.adopt_user(username=user):
        request = post(document.REQUEST, data)
        document.restrictedTraverse("@@gongwen-incoming-act")()
    return messages(request)


def test_r_i2_proposal_through_the_panel_orders_the_leaders(portal):
    document = register_incoming(portal)
    shown = post_panel(document, "cy_secretary1", "send_to_propose")
    assert shown == ["已办理「送拟办」，当前环节：办公室主任拟办。"]
    html = panel_html(document, "cy_office_head")
    assert 'name="leaders:list"' in html and 'name="departments:list"' in html
    # no leader chosen: refused, the proposal kept
    shown = post_panel(document, "cy_office_head", "propose", "请阅。", **{"departments": []})
    assert shown == [
        "拟办须选择阅批领导（按顺序）和承办部门。 您填写的意见已保留在下方「办理」栏中。"
    ]
    shown = post_panel(
        document,
        "cy_office_head",
        "propose",
        "请李局长、张局长阅示，工程管理科办理。",
        **{
            "leaders": ["cy_leader2", "", "cy_leader1"],
            "departments": [department_uid(portal, "engineering")],
            "circulate": ["cy_fin_head"],
        },
    )
    assert shown[0].startswith("已办理「拟办」")
    assert document.reading_leaders == ["cy_leader2", "cy_leader1"]
    assert document.circulate_to == ["cy_fin_head"]
    post_panel(document, "cy_secretary2", "send_to_leaders")
    html = panel_html(document, "cy_secretary1")
    assert "阅批中" in html and 'name="insert_leader"' in html and 'name="skip_leader"' in html
    # a secretary inserts cy_leader3 first, with a reason
    shown = post_panel(
        document,
        "cy_secretary1",
        "insert_reader",
        "局长交办，请王局长先阅。",
        insert_leader="cy_leader3",
        position="1",
    )
    assert shown[0].startswith("已办理「加入阅批领导」")
    assert document.assignees == ("cy_leader3",)
    assert opinions(document)[-1].subject == "cy_leader3"
    # leaders out of turn see no form
    assert 'class="gongwen-act"' not in panel_html(document, "cy_leader2")
    assert 'class="gongwen-act"' in panel_html(document, "cy_leader3")


def test_r_p3_circulated_people_get_it_to_read_at_dispatch_and_mark_it_read(portal):
    from collective.gongwen.steps.browser.toread import ToReadView

    document = at_leader_reading(
        portal,
        leaders=["cy_leader2"],
        opinion="请李局长阅示，工程管理科办理，防汛办公室阅知。",
        circulate=["cy_flood_head"],
    )
    do_incoming(document, "cy_leader2", "read", "同意。")

    def to_read_titles(user):
        with api.env.adopt_user(username=user):
            return [row["title"] for row in ToReadView(portal, portal.REQUEST).rows(user)]

    assert to_read_titles("cy_flood_head") == []  # not before the leaders' 批示
    do_incoming(document, "cy_secretary1", "dispatch")
    assert to_read_titles("cy_flood_head") == [document.Title()]
    assert document.getId() not in todo("cy_flood_head")  # to read, not to act on
    html = panel_html(document, "cy_flood_head")
    assert "gongwen-mark-read" in html and 'class="gongwen-act"' not in html
    with api.env.adopt_user(username="cy_flood_head"):
        from tests.support.uploads import post

        post(document.REQUEST, {})
        document.restrictedTraverse("@@gongwen-mark-read")()
    assert to_read_titles("cy_flood_head") == []
    assert (opinions(document)[-1].action, opinions(document)[-1].actor) == (
        "acknowledge",
        "cy_flood_head",
    )


def test_r_i1_the_same_delivery_is_not_registered_twice(portal):
    from zExceptions import BadRequest

    from collective.gongwen.incoming.registration import registration_key

    first = register_incoming(portal, source_number="新河〔2026〕30号")
    with pytest.raises(BadRequest) as refused:
        register_incoming(portal, secretary="cy_secretary2", source_number="新河 [2026] 30号")
    assert f"该来文已登记为{first.receipt_number}" in str(refused.value)
    # the same number from another sender is another document
    register_incoming(portal, source_organ="濮阳河务局", source_number="新河〔2026〕30号")
    # one normal form with the search's (numbering.keys.number_key): any brackets, widths, 第
    assert registration_key("新乡河务局 ", "新河【2026】30号") == "新乡河务局|新河/2026/30"
    with pytest.raises(BadRequest):
        register_incoming(
            portal, secretary="cy_secretary2", source_number="新河（２０２６）第030号"
        )


def test_r_i7_notices_from_the_superior_are_registered_as_incoming(portal):
    for kind in ("notice", "announcement"):
        document = register_incoming(portal, doc_kind=kind, title="关于汛期值班的通知")
        assert state(document) == "registered"
        assert document.receipt_number


def done_document(portal, **fields):
    document = proposed_incoming(portal, leaders=("cy_leader1",))
    document_fields = fields
    for name, value in document_fields.items():
        setattr(document, name, value)
    do_incoming(document, "cy_secretary1", "send_to_leaders")
    do_incoming(document, "cy_leader1", "read", "阅。")
    do_incoming(document, "cy_secretary1", "dispatch")
    do_incoming(document, "cy_eng_receiver", "ask_instruction")
    do_incoming(document, "cy_eng_head", "instruct", "办理。")
    do_incoming(document, "cy_eng_receiver", "finish_part")
    do_incoming(document, "cy_secretary1", "close")
    return document


def test_r_i6_secretary_publishes_a_done_document_to_the_front_page(portal):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer

    document = done_document(portal)
    assert not api.user.has_permission("View", username="cy_fin_staff", obj=document)
    with pytest.raises(rules.NotAssigneeError):
        do_incoming(document, "cy_eng_head", "publish")
    do_incoming(document, "cy_secretary2", "publish")
    assert document.published_front
    # every member of staff reads it now; it is in the front page's 收文 column
    assert api.user.has_permission("View", username="cy_fin_staff", obj=document)
    alsoProvides(portal.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username="cy_fin_staff"):
        html = portal()
    assert "gongwen-front-incoming" in html and document.Title() in html
    # once only
    with pytest.raises(rules.NotPublishableError):
        do_incoming(document, "cy_secretary2", "publish")
    assert "publish" not in panel_html(document, "cy_secretary1")


def test_r_i6_only_done_documents_are_published(portal):
    document = proposed_incoming(portal)
    with pytest.raises(rules.StepError):
        do_incoming(document, "cy_secretary1", "publish")
    assert not getattr(document, "published_front", None)


def test_r_i5_the_unit_sets_the_days_per_step_on_its_form(portal):
    from collective.gongwen.content.unit import IGongwenUnit as IUnitSchema

    assert IUnitSchema["step_days_normal"].default == 3
    portal.changyuan.step_days_normal = 5
    document = register_incoming(portal)
    assert (document.step_deadline - document.received_date).days == 5


def test_r_i6_asked_for_at_registration_it_is_published_as_it_closes(portal):
    document = done_document(portal, publish_to_front_page=True)
    assert document.published_front
    assert [(r.action, r.actor) for r in opinions(document)][-2:] == [
        ("close", "cy_secretary1"),
        ("publish", "cy_secretary1"),
    ]
    not_asked = done_document(portal, publish_to_front_page=False)
    assert not getattr(not_asked, "published_front", None)


def test_r_sec1_incoming_hidden_from_unrelated_staff_in_every_state(portal):
    def seen_by(user):
        return api.user.has_permission("View", username=user, obj=document)

    document = register_incoming(portal)
    walk = [
        ("cy_secretary1", "send_to_propose", "", {}),
        (
            "cy_office_head",
            "propose",
            "请阅。",
            {"leaders": ["cy_leader1"], "departments": [department_uid(portal, "engineering")]},
        ),
        ("cy_secretary1", "send_to_leaders", "", {}),
        ("cy_leader1", "read", "阅。", {}),
        ("cy_secretary1", "dispatch", "", {}),
        ("cy_eng_receiver", "ask_instruction", "", {}),
        ("cy_eng_head", "instruct", "办理。", {}),
        ("cy_eng_receiver", "finish_part", "", {}),
        ("cy_secretary1", "close", "", {}),
        ("cy_archivist", "archive", "", {}),
    ]
    for user, action, opinion, choices in walk:
        step = state(document)
        # the unit's secretaries keep the register; an unrelated member of staff sees nothing
        assert seen_by("cy_secretary2"), step
        assert not seen_by("cy_fin_staff"), step
        assert not seen_by("cy_leader3"), step  # a leader not asked to read
        if action == "archive":  # R-R1: archive.filing's, after the slip is made
            run_render_jobs(document)
            archive_as(document, user)
            continue
        do_incoming(document, user, action, opinion, **choices)
    assert state(document) == "archived"
    assert not seen_by("cy_fin_staff")


def test_r_i6_the_front_page_column_is_on_the_front_page_only(portal):
    from zope.interface import alsoProvides

    from collective.gongwen.interfaces import IGongwenLayer
    from collective.gongwen.steps.browser.toread import ToReadView

    alsoProvides(portal.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username="cy_fin_staff"):
        assert "gongwen-front-incoming" in portal()
        portal.REQUEST["ACTUAL_URL"] = portal.absolute_url() + "/@@gongwen-toread"
        html = ToReadView(portal, portal.REQUEST)()
    assert "我的待阅" in html and "gongwen-front-incoming" not in html
