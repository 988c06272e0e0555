"""R-U1: each event the issue lists gathers exactly one audit entry with its fields (actor, unit,
on-behalf-of, object, from/to state, client address, summary, flags), whatever the entry point;
entries are written when the transaction commits, none when it aborts, and a failing store
aborts the action (audit/record.py, audit/subscribers.py)."""

import pytest
import transaction
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.event import notify
from zope.lifecycleevent import modified

from collective.gongwen.accounts.events import WRONG
from collective.gongwen.accounts.events import LoginFailed
from collective.gongwen.audit import record
from collective.gongwen.audit.store import AuditStore
from collective.gongwen.content.events import FILE
from collective.gongwen.content.events import DocumentViewed
from collective.gongwen.content.events import FileDownloaded
from tests.integration.test_routing_keeping import returned
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.views import post_as


def gathered(action=None):
    return [e for e in record.pending() if action is None or e["action"] == action]


def only(action):
    found = gathered(action)
    assert len(found) == 1, (action, found)
    return found[0]


def stored():
    return AuditStore(record.store_path())


def test_r_u1_create_names_actor_unit_object_and_title(portal):
    document = draft_outgoing(portal, title="关于审计的通知")
    entry = only("create")
    assert entry["actor"] == "cy_eng_staff"
    assert entry["unit"] == "长垣河务局"
    assert (entry["object_uid"], entry["object_path"]) == (
        document.UID(),
        "/".join(document.getPhysicalPath()),
    )
    assert "关于审计的通知" in entry["summary"] and entry["flags"] == ""


def test_r_u1_transition_opinion_and_proxy_opinion(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:3]:
        do(document, user, action, opinion)
    before = len(gathered("transition"))
    do(document, "cy_eng_staff", "approve", "同意（纸质意见）", on_behalf_of="cy_leader2")
    transitions = gathered("transition")
    assert len(transitions) == before + 1
    entry = transitions[-1]
    assert (entry["from_state"], entry["to_state"]) == ("leader_review", "director_sign")
    assert (entry["actor"], entry["on_behalf_of"]) == ("cy_eng_staff", "cy_leader2")
    # the transition by its Chinese title, not its id (the summary is stored text)
    workflow = portal.portal_workflow["gongwen_outgoing_workflow"]
    title = workflow.transitions["approve_to_director"].title
    assert entry["summary"].endswith(title) and "approve" not in entry["summary"]
    proxy = only("proxy_opinion")
    assert (proxy["actor"], proxy["on_behalf_of"]) == ("cy_eng_staff", "cy_leader2")
    assert "纸质意见" in proxy["summary"]
    # the three earlier steps: two with words (opinion entries), the submit without
    assert len(gathered("opinion")) == 2


def test_r_u1_numbering_and_void(portal):
    document = draft(portal, "upward")
    for user, action, opinion, _after in UPWARD_PATH[:6]:
        do(document, user, action, opinion)
    number = only("number")
    assert document.UID() == number["object_uid"] and "〔" in number["summary"]
    voidable = returned(portal)
    do(voidable, "cy_eng_staff", "void", "情况已变化，本文不再印发。")
    void = only("void")
    assert (void["from_state"], void["to_state"], void["actor"]) == (
        "draft",
        "voided",
        "cy_eng_staff",
    )


def test_r_u1_view_and_download_once_each(portal):
    document = draft_outgoing(portal)
    with api.env.adopt_user(username="cy_eng_staff"):
        notify(DocumentViewed(document, "cy_eng_staff"))
        notify(DocumentViewed(document, "cy_eng_staff"))
        notify(FileDownloaded(document, FILE, "a1", "附件一.pdf", "cy_eng_staff"))
    assert only("view")["actor"] == "cy_eng_staff"
    assert "附件一.pdf" in only("download")["summary"]


def test_r_u1_edit_once_per_transaction_and_any_deletion(portal):
    document = draft_outgoing(portal)
    with api.env.adopt_roles(["Manager"]):
        document.title = "改过的标题"
        modified(document)
        modified(document)
        page = api.content.create(container=portal, type="Document", title="管理员删除的页面")
        uid, path = page.UID(), "/".join(page.getPhysicalPath())
        api.content.delete(obj=page, check_linkintegrity=False)
    assert "改过的标题" in only("edit")["summary"]
    assert not gathered("create")[1:]  # a plain page is not ours: only the 发文's creation
    deleted = only("delete")
    assert (deleted["object_uid"], deleted["object_path"]) == (uid, path)


def test_r_u1_accounts_groups_and_local_roles(portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="audit@example.org", username="audit_new", password="Xx-12345678")
        api.group.add_user(groupname="Reviewers", username="audit_new")
        api.user.delete(username="audit_new")
    assert "audit_new" in only("account_create")["summary"]
    assert "Reviewers" in gathered("group_change")[0]["summary"]
    assert "audit_new" in only("account_delete")["summary"]


def test_r_u1_sharing_names_who_holds_which_local_role(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", title="共享的文件夹")
    post_as(
        folder,
        "sharing",
        "admin",
        **{
            "form.button.Save": "1",
            "form.submitted": "1",
            "entries": [{"id": "cy_eng_staff", "type": "user", "role_Reader": True}],
        },
    )
    entry = only("local_roles_change")
    assert entry["object_uid"] == folder.UID()
    assert "cy_eng_staff" in entry["summary"] and "Reader" in entry["summary"]


def test_r_u1_settings_change_masks_secrets(portal):
    registry = getUtility(IRegistry)
    registry["plone.smtp_pass"] = "very-secret-password"
    registry["plone.site_title"] = "黄河电子公文"
    entries = gathered("settings_change")
    assert len(entries) == 2
    masked, shown = entries
    assert "very-secret-password" not in masked["summary"] and "******" in masked["summary"]
    assert "黄河电子公文" in shown["summary"]
    # The label in the site's language (Plone's 「zh-cn」), as the control panel shows it
    assert api.portal.get_default_language() == "zh-cn"
    assert "站点标题" in shown["summary"] and "Site title" not in shown["summary"]
    registry["collective.gongwen.accounts.settings.IAccountSettings.lockout_minutes"] = 20
    (labelled,) = gathered("settings_change")[2:]
    assert "锁定时长（分钟）" in labelled["summary"] and "15 → 20" in labelled["summary"]


def test_r_u1_failed_login_is_written_at_once_with_the_address(portal):
    request = portal.REQUEST
    request._client_addr = "10.1.2.3"
    count = stored().count()
    notify(LoginFailed("nobody", WRONG, request))
    assert stored().count() == count + 1  # not waiting for a commit
    row = stored().connection.execute("SELECT * FROM entry ORDER BY seq DESC LIMIT 1").fetchone()
    assert (row["action"], row["actor"], row["client_address"]) == (
        "login_failed",
        "nobody",
        "10.1.2.3",
    )


def test_r_u1_emergency_flag_for_the_zope_root_user(portal):
    from AccessControl.SecurityManagement import newSecurityManager

    app = portal.aq_parent
    root_user = app.acl_users.getUserById("admin")
    assert root_user is not None
    newSecurityManager(None, root_user.__of__(app.acl_users))
    context = record.request_context(portal.REQUEST)
    assert (context["actor"], context["flags"], context["unit"]) == ("admin", "emergency", "")


def test_r_u1_commit_writes_abort_does_not_and_a_failing_store_aborts(functional_portal):
    portal = functional_portal
    count = stored().count()
    document = draft_outgoing(portal, title="提交后写入")
    transaction.abort()
    assert stored().count() == count  # aborted: nothing
    document = draft_outgoing(portal, title="提交后写入")
    uid = document.UID()
    transaction.commit()
    rows = (
        stored()
        .connection.execute("SELECT action FROM entry WHERE object_uid = ? ORDER BY seq", (uid,))
        .fetchall()
    )
    assert [r["action"] for r in rows] == ["create"]
    # a store that cannot be written: the action is not done either
    failing = record.audit_store()

    def refuse(entries):
        raise OSError("disk full")

    failing.append_many = refuse
    try:
        draft_outgoing(portal, title="写不进审计")
        with pytest.raises(OSError):
            transaction.commit()
    finally:
        del failing.append_many
        transaction.abort()
    assert not api.content.find(portal_type="gongwen_outgoing", Title="写不进审计")


def test_r_u1_objects_added_in_savepoints_are_named_when_the_commit_writes(functional_portal):
    """Two 收文 registered in one transaction (savepoints, then ghosts): between ZODB's tpc_begin
    and tpc_finish such an object cannot load, so uids and paths are read before the commit."""
    first = register_incoming(functional_portal, title="同一来文", source_number="新河〔2026〕41号")
    second = register_incoming(
        functional_portal, "cy_secretary2", title="同一来文", source_number="新河〔2026〕42号"
    )
    expected = {doc.UID(): "/".join(doc.getPhysicalPath()) for doc in (first, second)}
    transaction.commit()
    rows = stored().connection.execute(
        "SELECT object_uid, object_path FROM entry "
        "WHERE action = 'create' AND object_uid IN (?, ?)",
        tuple(expected),
    )
    assert {row["object_uid"]: row["object_path"] for row in rows} == expected


def test_r_u1_entries_after_an_older_savepoint_rolled_back_are_still_written(functional_portal):
    """Rolling back a savepoint taken before the entries' manager joined unjoins it; the next
    entry joins it again, so nothing gathered afterwards is lost."""
    count = stored().count()
    savepoint = transaction.savepoint()
    record.record("edit", None, "回滚前")
    savepoint.rollback()
    record.record("edit", None, "回滚后")
    transaction.commit()
    rows = stored().connection.execute("SELECT summary FROM entry WHERE seq > ?", (count,))
    assert [r["summary"] for r in rows] == ["回滚后"]


def test_r_u1_failure_after_the_vote_is_compensated(functional_portal):
    """A resource failing after ours voted: the entries stay, a rolled_back entry names them."""
    count = stored().count()

    class LateFailure:
        transaction_manager = transaction.manager

        def sortKey(self):
            return "~~~ after the audit"

        def tpc_vote(self, txn):
            raise RuntimeError("late")

        def abort(self, txn):
            pass

        tpc_begin = commit = tpc_finish = tpc_abort = abort

    record.record("edit", None, "测试")
    transaction.get().join(LateFailure())
    with pytest.raises(RuntimeError):
        transaction.commit()
    transaction.abort()
    rows = (
        stored()
        .connection.execute("SELECT seq, action, summary FROM entry WHERE seq > ?", (count,))
        .fetchall()
    )
    assert [r["action"] for r in rows] == ["edit", "rolled_back"]
    assert str(rows[0]["seq"]) in rows[1]["summary"]
