"""R-R2: the approvers of a 销毁申请 find it in 我的待办 (and on the front page's count) and are
mailed when it is made; the row goes once they decided or the request is no longer pending.

Demo 长垣河务局: 办公室负责人 cy_office_head, 局长 cy_director, 监销人 cy_supervisor approve by
default (IArchiveSettings.destruction_approvers); cy_archivist makes the request.
"""

import datetime

import transaction
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.archive import disposal
from collective.gongwen.notify import rules
from collective.gongwen.notify.recipients import set_preferences
from collective.gongwen.notify.reminders import run_reminders
from collective.gongwen.portal.browser.front import FrontPage
from collective.gongwen.steps.browser.todo import TodoView
from tests.support.expired import APPROVERS
from tests.support.expired import ARCHIVIST
from tests.support.expired import archived_item
from tests.support.smtp import address
from tests.support.views import render_as

STEPS = {
    "cy_office_head": "办公室负责人审批",
    "cy_office_deputy": "办公室负责人审批",  # the second 办公室负责人: either decides
    "cy_director": "局长审批",
    "cy_supervisor": "监销人审批",
}
OTHERS = (ARCHIVIST, "cy_eng_staff", "cy_leader1", "xx_supervisor", "xx_office_head")


def pending_request(portal, count=1, reason="2015年度定期10年档案保管期限已满，经鉴定无保存价值。"):
    """A 销毁申请 of ``count`` archived items of 长垣, made by its archivist."""
    documents = [
        archived_item(portal, title=f"关于2015年防汛工作的通知（{n}）") for n in range(count)
    ]
    for document in documents:
        disposal.appraise(document, "destroy", ARCHIVIST, note="无保存价值")
    unit = portal["changyuan"]
    return disposal.create_request(unit, [d.UID() for d in documents], reason, ARCHIVIST)


def destruction_rows(portal, user):
    """The 销毁申请 rows of ``user``'s 我的待办."""
    with api.env.adopt_user(username=user):
        rows = TodoView(portal, portal.REQUEST).rows(user)
    return [row for row in rows if row.get("source") == "destruction"]


def test_r_r2_pending_request_is_in_each_approvers_todo_only(portal):
    request = pending_request(portal, count=2)
    title = f"销毁申请 {request['id']}（2 件）待您审批"
    url = (
        f"{portal['changyuan']['archive'].absolute_url()}/@@gongwen-destruction?id={request['id']}"
    )
    for user in STEPS:
        (row,) = destruction_rows(portal, user)
        assert row["title"] == title and row["url"] == url
        assert row["kind"] == "销毁申请" and row["step"] == STEPS[user]
        assert row["deadline"] == "" and not row["overdue"] and row["waited"]
    for user in OTHERS:
        assert destruction_rows(portal, user) == [], user


def test_r_r2_todo_row_goes_once_decided_and_when_no_longer_pending(portal):
    request = pending_request(portal)
    disposal.decide(request["id"], "approve", "同意销毁。", "cy_office_head")
    assert destruction_rows(portal, "cy_office_head") == []
    assert destruction_rows(portal, "cy_office_deputy") == []  # 办公室负责人 has decided
    assert len(destruction_rows(portal, "cy_director")) == 1
    assert len(destruction_rows(portal, "cy_supervisor")) == 1
    disposal.decide(request["id"], "reject", "涉及在建工程，暂缓销毁。", "cy_director")
    assert disposal.get_request(request["id"])["state"] == "rejected"
    for user in APPROVERS:
        assert destruction_rows(portal, user) == [], user
    assert disposal.pending_requests() == []


def test_r_r2_approved_request_leaves_every_todo(portal):
    request = pending_request(portal)
    for user in APPROVERS:
        assert len(destruction_rows(portal, user)) == 1
        disposal.decide(request["id"], "approve", "同意。", user)
    assert disposal.get_request(request["id"])["state"] == "approved"
    for user in (*APPROVERS, ARCHIVIST):
        assert destruction_rows(portal, user) == []


def test_r_r2_todo_page_and_front_page_show_the_request(portal):
    request = pending_request(portal, count=3)
    _view, page = render_as(portal, "gongwen-todo", "cy_supervisor")
    assert f"销毁申请 {request['id']}（3 件）待您审批" in page
    assert f"@@gongwen-destruction?id={request['id']}" in page
    assert 'data-source="destruction"' in page and "监销人审批" in page
    _view, page = render_as(portal, "gongwen-todo", "cy_eng_staff")
    assert "销毁申请" not in page
    with api.env.adopt_user(username="cy_supervisor"):
        panel = FrontPage(portal, portal.REQUEST).personal_panel()
    assert panel["todo_count"] >= 1
    assert any(row["title"].startswith(f"销毁申请 {request['id']}") for row in panel["todo"])


def test_r_r2_approver_opens_the_request_from_the_row(portal):
    """The row's link: the request on @@gongwen-destruction, with the decision form, for the
    approver who holds no 'Archive documents' and is offered none of the archivist's actions."""
    request = pending_request(portal)
    folder = portal["changyuan"]["archive"]
    assert not api.user.has_permission(
        "collective.gongwen: Archive documents", username="cy_supervisor", obj=folder
    )
    view, page = render_as(folder, "gongwen-destruction", "cy_supervisor", id=request["id"])
    assert "同意销毁" in page and "gongwen-decide-form" in page
    assert "@@gongwen-appraisal" not in page and "提出销毁申请" not in page
    assert not view.is_archivist()
    with api.env.adopt_user(username="cy_supervisor"):
        assert folder.restrictedTraverse("@@gongwen-destruction") is not None


def test_r_r2_pending_index_is_made_from_the_stored_requests(portal):
    """A site whose requests predate the pending index lists them all, and the first
    request written afterwards makes the index from every stored one."""
    first = pending_request(portal)
    del IAnnotations(portal)[disposal.PENDING_KEY]
    assert [r["id"] for r in disposal.pending_requests()] == [first["id"]]
    second = pending_request(portal)
    assert set(IAnnotations(portal)[disposal.PENDING_KEY]) == {first["id"], second["id"]}
    assert [r["id"] for r in disposal.pending_requests()] == [first["id"], second["id"]]
    assert len(destruction_rows(portal, "cy_director")) == 2


def test_r_r2_deciders_are_the_undecided_functions_holders(portal):
    request = pending_request(portal)
    assert sorted(disposal.deciders(request)) == sorted(STEPS)
    request = disposal.decide(request["id"], "approve", "同意。", "cy_director")
    assert sorted(disposal.deciders(request)) == sorted({*STEPS} - {"cy_director"})
    request = disposal.decide(request["id"], "approve", "同意。", "cy_office_deputy")
    assert disposal.deciders(request) == ["cy_supervisor"]


# --- the mail on creation, to a real SMTP server (commits: the functional layer) --------


def test_r_r2_new_request_mails_its_approvers(functional_portal, mail_inbox):
    set_preferences("cy_director", {"todo": False, "overdue": True, "digest": False})
    transaction.commit()
    request = pending_request(functional_portal, count=2)
    transaction.commit()
    mail_inbox.wait_for(lambda: len(mail_inbox.recipients()) >= 3)
    assert mail_inbox.recipients() == sorted(
        address(user) for user in ("cy_office_head", "cy_office_deputy", "cy_supervisor")
    )  # cy_director turned 待办 mails off
    (mail,) = mail_inbox.to("cy_supervisor")
    assert mail.subject == f"【待办】销毁申请 {request['id']}（2 件）待您审批"
    assert "长垣河务局档案员" in mail.body and "共 2 件" in mail.body
    assert "销毁理由：2015年度定期10年档案保管期限已满" in mail.body
    for item in request["items"]:
        assert item["archival_code"] in mail.body
    url = functional_portal["changyuan"]["archive"].absolute_url()
    assert f"{url}/@@gongwen-destruction?id={request['id']}" in mail.body
    assert "@@gongwen-mail-settings" in mail.body
    assert mail_inbox.to(ARCHIVIST) == [] and mail_inbox.to("cy_director") == []


def test_r_r2_no_mail_when_notifications_are_off(functional_portal, mail_inbox):
    api.portal.set_registry_record(
        "collective.gongwen.org.settings.IGongwenSettings.email_notifications", False
    )
    transaction.commit()
    pending_request(functional_portal)
    transaction.commit()
    assert mail_inbox.recipients() == []


def test_r_r2_pending_request_is_in_its_approvers_daily_digest(functional_portal, mail_inbox):
    """cy_supervisor holds no document step: the request alone brings them a digest."""
    for user in STEPS:
        set_preferences(user, {"todo": False, "overdue": False, "digest": user != "cy_director"})
    transaction.commit()
    request = pending_request(functional_portal, count=2)
    transaction.commit()
    morning = datetime.datetime.combine(datetime.date.today(), datetime.time(9, 0))
    assert run_reminders(morning)[rules.DIGEST] >= 3
    transaction.commit()
    mail_inbox.wait_for(lambda: mail_inbox.to("cy_supervisor"))
    (digest,) = mail_inbox.to("cy_supervisor")
    assert digest.subject == "【每日待办汇总】您有 1 件待办"
    assert f"销毁申请 {request['id']}（2 件）待您审批" in digest.body
    assert f"@@gongwen-destruction?id={request['id']}" in digest.body
    assert mail_inbox.to("cy_director") == []  # asked for no digest
    assert mail_inbox.to(ARCHIVIST) == []
    assert run_reminders(morning)[rules.DIGEST] == 0  # once a day
