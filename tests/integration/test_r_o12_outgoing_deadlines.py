"""R-O12: every 发文 step has a deadline (the unit's 「办理时限」 in 自然日, capped by the
document's 办理时限), overdue marks, 催办 (the office and the drafter; the holder is mailed,
the audit trail records it) and the overdue statistics, as R-I5 for 收文; one place for the
days (issue 19 item 4) and the upgrade of an existing site.

Demo organisation (长垣河务局): cy_eng_staff drafts in 工程管理科 (head cy_eng_head);
cy_office_head and cy_office_deputy are the office heads, cy_secretary1/2 the
secretaries. Time is moved by putting a step's deadline in the past.
"""

import datetime
import json

import pytest
import transaction
from plone import api
from plone.registry import field
from plone.registry.interfaces import IRegistry
from plone.registry.record import Record
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.audit import record as audit_record
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.routing.actions import retract
from collective.gongwen.routing.deadlines import upgrade_1012
from collective.gongwen.steps import deadlines
from collective.gongwen.steps.browser.todo import TodoView
from tests.integration.test_files_panel import messages
from tests.integration.test_incoming_deadlines import overdue_page
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.incoming import overdue_now
from tests.support.incoming import register_incoming
from tests.support.outgoing import TITLES
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.smtp import address
from tests.support.uploads import post

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=3)
DAY = datetime.timedelta(days=1)
NOTICE = TITLES["downward"]  # 关于做好汛前检查的通知


@pytest.fixture(autouse=True)
def layer(request):
    portal = request.getfixturevalue(
        "functional_portal" if "functional_portal" in request.fixturenames else "portal"
    )
    alsoProvides(portal.REQUEST, IGongwenLayer)


def submitted(portal, **fields):
    """A 通知 submitted by cy_eng_staff: cy_eng_head holds 部门负责人核稿."""
    document = draft_outgoing(portal, main_recipients=["局属各科室"], **fields)
    do(document, "cy_eng_staff", "submit")
    return document


def catalog_deadline(document):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=document.UID())
    return brain.step_deadline


# --- deadlines -----------------------------------------------------------------------------


def test_r_o12_each_outgoing_step_gets_a_deadline(portal):
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    assert deadlines.current_deadline(document) is None  # 拟稿 is not timed
    portal.changyuan.step_days_normal = 4
    for user, action, opinion, after in DOWNWARD_PATH[:6]:
        document.step_deadline = None if after == "dept_review" else PAST
        do(document, user, action, opinion)
        assert api.content.get_state(obj=document) == after
        if after == "sent":
            break
        # each step starts its own deadline: the unit's days from today (自然日)
        assert document.step_deadline == TODAY + 4 * DAY, after
        assert catalog_deadline(document).Date() == (TODAY + 4 * DAY).strftime("%Y/%m/%d")


def test_r_o12_outgoing_step_deadline_by_urgency_and_capped_by_the_documents(portal):
    portal.changyuan.step_days_urgent = 2
    urgent = submitted(portal, urgency="urgent", deadline=TODAY + 30 * DAY)
    assert urgent.step_deadline == TODAY + 2 * DAY
    capped = submitted(portal, deadline=TODAY + DAY)
    assert capped.step_deadline == TODAY + DAY


def test_r_o12_a_returned_draft_is_timed_for_its_drafter(portal):
    document = submitted(portal)
    do(document, "cy_eng_head", "return", "请补充检查范围。")
    assert api.content.get_state(obj=document) == "draft"
    assert document.step_deadline == TODAY + 3 * DAY
    overdue_now(document)
    assert deadlines.is_overdue(document)


def test_r_o12_a_draft_taken_back_is_not_timed_and_nobody_reminds_its_holder(portal):
    document = submitted(portal)
    with api.env.adopt_user(username="cy_eng_staff"):
        retract(document)
    assert api.content.get_state(obj=document) == "draft"
    # 撤回 (R-O11) leaves a draft as before its 提交: untimed, never overdue, not 催办-able
    assert document.step_deadline is None
    assert remind(document, "cy_eng_staff") == ["该发文当前没有待办理的环节，无需催办。"]
    assert remind_form(document, "cy_eng_staff") == ""
    # a returned draft is timed, but its drafter, who holds it, has nobody to 催办
    do(document, "cy_eng_staff", "submit")
    do(document, "cy_eng_head", "return", "请补充检查范围。")
    assert document.step_deadline == TODAY + 3 * DAY
    assert remind(document, "cy_eng_staff") == ["本环节由您办理，无需催办。"]
    assert remind_form(document, "cy_eng_staff") == ""
    assert deadlines.remind_refused(document, "cy_office_head") is None


def test_r_o12_sent_document_has_no_step_deadline(portal):
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    overdue_now(document)
    do(document, "cy_secretary1", "send")
    assert api.content.get_state(obj=document) == "sent"
    assert document.step_deadline is None
    assert catalog_deadline(document) is None
    assert not deadlines.is_overdue(document)
    # the step that ended late is in the log, counted for the office
    last = deadlines.logged_steps(document)[-1]
    assert (last["step"], last["deadline"], last["department"]) == ("secretary_check", PAST, None)


def test_r_o12_a_voided_draft_has_no_deadline_and_counts_for_nobody(portal):
    document = submitted(portal)
    do(document, "cy_eng_head", "return", "不再需要。")
    overdue_now(document)
    do(document, "cy_eng_staff", "void", "改为电话通知。")
    assert api.content.get_state(obj=document) == "voided"
    assert document.step_deadline is None
    counts = deadlines.department_counts(
        portal.changyuan, PAST.year, portal_type="gongwen_outgoing"
    )
    assert counts == {}


def test_r_o12_overdue_outgoing_step_marked_in_todo(portal):
    # the document's own 办理时限 is far away; the step's deadline is past
    document = submitted(portal, deadline=TODAY + 30 * DAY)
    assert not deadlines.is_overdue(document)
    overdue_now(document)
    assert deadlines.is_overdue(document)
    with api.env.adopt_user(username="cy_eng_head"):
        html = TodoView(portal, portal.REQUEST)()
    assert NOTICE in html and "已超期" in html and PAST.isoformat() in html


def test_r_o12_late_outgoing_steps_counted_per_department(portal):
    unit = portal.changyuan
    engineering = unit.engineering.UID()

    def counts():
        return deadlines.department_counts(unit, PAST.year, portal_type="gongwen_outgoing")

    document = submitted(portal)
    overdue_now(document)
    # 部门负责人核稿 past its deadline: the drafting department's, still open
    assert counts()[engineering] == {"overdue": 1, "late": 0}
    do(document, "cy_eng_head", "approve", "同意。")
    assert counts()[engineering] == {"overdue": 0, "late": 1}
    overdue_now(document)  # 办公室把关 past its deadline: the office's
    assert counts()[None] == {"overdue": 1, "late": 0}
    # the 收文 counts are apart
    incoming = deadlines.department_counts(unit, PAST.year, portal_type="gongwen_incoming")
    assert engineering not in incoming


# --- 催办 -------------------------------------------------------------------------------------


def remind(document, user, note=""):
    """POST ``@@gongwen-remind`` as ``user``; the status messages shown after."""
    with api.env.adopt_user(username=user):
        request = post(document.REQUEST, {"note": note})
        document.restrictedTraverse("@@gongwen-remind")()
    return messages(request)


def remind_form(document, user):
    with api.env.adopt_user(username=user):
        return document.restrictedTraverse("@@gongwen-remind-form")()


def with_the_leader(portal):
    """A 通知 waiting for cy_leader2's 签发, past its deadline (the office has seen it)."""
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    walk_until(document, DOWNWARD_PATH, "leader_sign")
    overdue_now(document)
    return document


def test_r_o12_office_reminds_an_outgoing_step_and_it_is_recorded_and_audited(portal):
    document = with_the_leader(portal)
    assert 'action="' in remind_form(document, "cy_office_head")
    before = len([e for e in audit_record.pending() if e["action"] == "remind"])
    shown = remind(document, "cy_office_head", "  请今天内签发。 ")
    assert shown == ["已催办：主管局领导签发（张志强）。"]
    (record,) = deadlines.reminders(document)
    assert record["actor"] == "cy_office_head"
    assert record["step"] == "leader_sign"
    assert record["holders"] == ("cy_leader2",)
    assert record["deadline"] == PAST
    assert record["note"] == "请今天内签发。"
    (entry,) = [e for e in audit_record.pending() if e["action"] == "remind"][before:]
    assert entry["actor"] == "cy_office_head" and entry["from_state"] == "leader_sign"
    assert NOTICE in entry["summary"] and "张志强：请今天内签发。" in entry["summary"]
    # the records, for the document page
    with api.env.adopt_user(username="cy_eng_staff"):
        records = document.restrictedTraverse("@@gongwen-remind-records")()
    assert "催办记录" in records and "请今天内签发。" in records


def test_r_o12_drafter_may_remind_others_may_not(portal):
    document = with_the_leader(portal)
    for user in ("cy_eng_staff", "cy_office_deputy", "cy_office_head"):
        assert remind_form(document, user).strip()
        assert remind(document, user)[0].startswith("已催办：")
    refused = "只有本单位办公室负责人、秘书和拟稿人可以催办发文。"
    for user in ("cy_eng_head", "cy_leader2"):  # they see it, but do not supervise it
        assert remind_form(document, user) == ""
        assert remind(document, user) == [refused]
    # who may not even see it is refused by the domain too (R-SEC1 keeps the page from them)
    assert deadlines.remind_refused(document, "cy_flood_staff").message.default == refused
    # the secretaries supervise the steps: the rule lets them (they see it from 编号 on)
    assert deadlines.remind_refused(document, "cy_secretary1") is None
    assert [r["actor"] for r in deadlines.reminders(document)] == [
        "cy_eng_staff",
        "cy_office_deputy",
        "cy_office_head",
    ]


def test_r_o12_no_remind_of_a_draft_never_submitted_or_a_sent_document(portal):
    draft = draft_outgoing(portal, main_recipients=["局属各科室"])
    refused = ["该发文当前没有待办理的环节，无需催办。"]
    assert remind(draft, "cy_eng_staff") == refused
    assert remind_form(draft, "cy_eng_staff") == ""
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    walk_until(document, DOWNWARD_PATH, "sent")
    assert remind(document, "cy_secretary1") == refused
    assert deadlines.reminders(draft) == deadlines.reminders(document) == ()


def test_r_o12_remind_of_an_incoming_stays_with_the_secretaries(portal):
    document = register_incoming(portal)
    refused = deadlines.remind_refused(document, "cy_office_head")
    assert refused.message.default == "只有本单位秘书可以催办。"
    assert remind_form(document, "cy_secretary2").strip()
    assert remind(document, "cy_secretary1")[0].startswith("已催办：秘书登记")


def test_r_o12_office_reminds_and_the_holder_is_mailed(functional_portal, mail_inbox):
    document = with_the_leader(functional_portal)
    transaction.commit()
    mail_inbox.clear()
    remind(document, "cy_office_head", "请今天内签发。")
    assert mail_inbox.recipients() == []  # only once the 催办 is committed
    transaction.commit()
    assert mail_inbox.recipients() == [address("cy_leader2")]
    (mail,) = mail_inbox.to("cy_leader2")
    assert mail.subject == f"【催办】{NOTICE}"
    assert "催办您尽快办理以下公文" in mail.body
    assert "当前环节：主管局领导签发" in mail.body
    assert f"办理时限：{PAST.year}年{PAST.month}月{PAST.day}日" in mail.body
    assert "催办说明：请今天内签发。" in mail.body
    assert document.absolute_url() in mail.body


def test_r_o12_a_reminded_role_mailbox_mails_its_members(functional_portal, mail_inbox):
    """The secretaries hold 审核发送 (a role mailbox): each is mailed, not the one who asks."""
    document = draft_outgoing(functional_portal, main_recipients=["局属各科室"])
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    transaction.commit()
    mail_inbox.clear()
    remind(document, "cy_office_head")
    transaction.commit()
    assert sorted(mail_inbox.recipients()) == sorted(
        [address("cy_secretary1"), address("cy_secretary2")]
    )
    mail_inbox.clear()
    remind(document, "cy_secretary1")
    transaction.commit()
    assert mail_inbox.recipients() == [address("cy_secretary2")]


# --- the overdue statistics ------------------------------------------------------------------


def test_r_o12_overdue_statistics_count_outgoing(portal):
    at_department = submitted(portal, title="关于部门核稿超期的通知")
    overdue_now(at_department)  # 部门负责人核稿: 工程管理科's
    with_leader = with_the_leader(portal)  # 主管局领导签发: the office's and leaders'
    incoming = register_incoming(portal, title="关于报送防汛物资的函")
    overdue_now(incoming)  # 秘书登记: the office's
    data = json.loads(overdue_page(portal, "cy_office_head", year=str(PAST.year), format="json"))
    rows = {row["title"]: row for row in data["departments"]}
    engineering = rows[portal.changyuan.engineering.Title()]
    assert (engineering["outgoing_overdue"], engineering["overdue"]) == (1, 0)
    office = rows["办公室及局领导环节"]
    assert (office["outgoing_overdue"], office["overdue"]) == (1, 1)
    # overdue now, of what the office head may see: kind, step, holder
    items = {item["title"]: item for item in data["overdue"]}
    assert items[NOTICE]["kind_title"] == "发文"
    assert items[NOTICE]["step"] == "主管局领导签发" and items[NOTICE]["holders"] == "张志强"
    assert items[NOTICE]["url"] == with_leader.absolute_url()
    data = json.loads(overdue_page(portal, "cy_secretary1", year=str(PAST.year), format="json"))
    items = {item["title"]: item for item in data["overdue"]}
    assert items["关于报送防汛物资的函"]["kind_title"] == "收文"
    html = overdue_page(portal, "cy_secretary1", year=str(PAST.year))
    for text in (
        "公文超期情况",
        "收文超期未办",
        "收文超期办结",
        "发文超期未办",
        "发文超期办结",
        "类别",
    ):
        assert text in html
    # once late and sent on, the department's step counts as 超期办结
    do(at_department, "cy_eng_head", "approve", "同意。")
    data = json.loads(overdue_page(portal, "cy_office_head", year=str(PAST.year), format="json"))
    engineering = {row["title"]: row for row in data["departments"]}[
        portal.changyuan.engineering.Title()
    ]
    assert (engineering["outgoing_overdue"], engineering["outgoing_late"]) == (0, 1)


# --- one place for deadlines; the upgrade ------------------------------------------------------


def test_r_o12_unit_days_drive_incoming_and_outgoing_steps(portal):
    portal.changyuan.step_days_normal = 6
    assert deadlines.step_days(portal.changyuan)["normal"] == 6
    assert register_incoming(portal).step_deadline == TODAY + 6 * DAY
    assert submitted(portal).step_deadline == TODAY + 6 * DAY
    assert "deadline_normal" not in IGongwenSettings
    # the unit's fields say how the days are counted
    for name in ("step_days_normal", "step_days_urgent", "step_days_very_urgent"):
        assert "（自然日）" in translate(IGongwenUnit[name].title, target_language="zh_CN")
    description = IGongwenUnit["step_days_normal"].description
    assert "按自然日计" in translate(description, target_language="zh_CN")


def test_r_o12_upgrade_1012_drops_the_settings_deadlines_and_times_open_outgoing(portal):
    registry = getUtility(IRegistry)
    prefix = f"{IGongwenSettings.__identifier__}."
    for name in ("deadline_normal", "deadline_urgent", "deadline_very_urgent"):
        registry.records[prefix + name] = Record(field.Int(title="old"), 10)
    under_way = submitted(portal)
    under_way.step_deadline = None  # made before issue 19
    under_way.reindexObject()
    draft = draft_outgoing(portal, main_recipients=["局属各科室"])
    upgrade_1012(None)
    for name in ("deadline_normal", "deadline_urgent", "deadline_very_urgent"):
        assert prefix + name not in registry.records
    assert under_way.step_deadline == TODAY + 3 * DAY
    assert catalog_deadline(under_way) is not None
    assert deadlines.current_deadline(draft) is None
    upgrade_1012(None)  # again: nothing more to do
    assert under_way.step_deadline == TODAY + 3 * DAY
