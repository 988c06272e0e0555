"""SPEC §15 notifications against a real SMTP server (aiosmtpd on 127.0.0.1).

Mails leave when the transaction commits (``notify.mail``), so these tests
run on the functional layer, which may commit; the ``mail_inbox`` fixture
points the site's MailHost at the server and turns notifications on. Each
test asserts who received what, with the subjects decoded from their
RFC 2047 form.
"""

import datetime
import logging

import transaction
from plone import api
from plone.protect.authenticator import createToken

from collective.gongwen.notify import rules
from collective.gongwen.notify.compose import label_of
from collective.gongwen.notify.recipients import member_users
from collective.gongwen.notify.recipients import preferences
from collective.gongwen.notify.recipients import set_preferences
from collective.gongwen.notify.reminders import run_reminders
from collective.gongwen.org.settings import IGongwenSettings
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.incoming import register_incoming
from tests.support.outgoing import TITLES
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.smtp import SENDER
from tests.support.smtp import address

NOTICE = TITLES["downward"]  # 关于做好汛前检查的通知
TODAY = datetime.date.today()
MORNING = datetime.datetime.combine(TODAY, datetime.time(9, 0))


def submitted(portal, **fields):
    """A 通知 drafted and submitted by cy_eng_staff: cy_eng_head holds 部门负责人核稿."""
    document = draft_outgoing(portal, **fields)
    do(document, "cy_eng_staff", "submit")
    transaction.commit()
    return document


def overdue_for_the_head(portal):
    """A 通知 whose 办理时限 was three days ago, waiting for cy_eng_head."""
    return submitted(portal, deadline=TODAY - datetime.timedelta(days=3))


def test_spec15_new_todo_mails_the_assignee(functional_portal, mail_inbox):
    document = submitted(functional_portal)
    assert mail_inbox.recipients() == [address("cy_eng_head")]
    (mail,) = mail_inbox.to("cy_eng_head")
    assert mail.subject == f"【待办】{NOTICE}"
    assert SENDER in mail.message["From"]
    assert "电子公文系统" in str(mail.message["From"])
    assert "当前环节：部门负责人核稿" in mail.body
    assert "送交人：何磊" in mail.body  # the drafter's full name
    assert document.absolute_url() in mail.body
    assert "@@gongwen-mail-settings" in mail.body


def test_spec15_the_actor_is_never_mailed(functional_portal, mail_inbox):
    """The drafter holds a new draft; returned to them, they hear of it from the head."""
    document = submitted(functional_portal)
    assert mail_inbox.to("cy_eng_staff") == []
    mail_inbox.clear()
    do(document, "cy_eng_head", "return", "请补充检查范围。")
    transaction.commit()
    assert mail_inbox.recipients() == [address("cy_eng_staff")]
    assert "送交人：马涛" in mail_inbox.to("cy_eng_staff")[0].body


def test_spec15_role_mailbox_mails_its_members_with_the_number_issued(
    functional_portal, mail_inbox
):
    """The print room numbers it: both secretaries hear, the 文号 in the subject (R-O8)."""
    document = draft_outgoing(functional_portal)
    walk_until(document, DOWNWARD_PATH, "numbering")
    transaction.commit()
    mail_inbox.clear()
    do(document, "cy_print", "number")
    transaction.commit()
    assert mail_inbox.recipients() == [address("cy_secretary1"), address("cy_secretary2")]
    assert document.issue_number.startswith("长河〔")
    assert mail_inbox.subjects("cy_secretary1") == [f"【待办】{NOTICE}（{document.issue_number}）"]


def test_spec15_registering_incoming_mails_the_other_secretaries(functional_portal, mail_inbox):
    """The secretaries' mailbox holds a new 收文: all its members but the registrar hear."""
    register_incoming(functional_portal, secretary="cy_secretary1")
    transaction.commit()
    assert mail_inbox.recipients() == [address("cy_secretary2")]
    assert mail_inbox.subjects("cy_secretary2")[0].startswith(
        "【待办】关于做好2026年防汛工作的通知（"
    )


def test_spec15_groups_expand_to_their_member_users(functional_portal):
    users = member_users(["changyuan-secretaries", "cy_eng_head", "cy_secretary1"])
    assert users == ["cy_secretary1", "cy_secretary2", "cy_eng_head"]


def test_spec15_opt_out_of_todo_mails_is_respected(functional_portal, mail_inbox):
    set_preferences("cy_eng_head", {rules.TODO: False, rules.OVERDUE: True, rules.DIGEST: False})
    transaction.commit()
    submitted(functional_portal)
    assert mail_inbox.received == []


def test_spec15_a_user_without_address_is_skipped_and_logged(functional_portal, mail_inbox, caplog):
    api.user.get(userid="cy_eng_head").setMemberProperties({"email": ""})
    transaction.commit()
    with caplog.at_level(logging.INFO, logger="collective.gongwen.notify"):
        submitted(functional_portal)
    assert mail_inbox.received == []
    assert "cy_eng_head: the user has no e-mail address" in caplog.text


def test_spec15_nothing_is_mailed_while_notifications_are_off(functional_portal, mail_inbox):
    api.portal.set_registry_record("email_notifications", False, interface=IGongwenSettings)
    transaction.commit()
    submitted(functional_portal)
    assert run_reminders(MORNING) == {rules.OVERDUE: 0, rules.DIGEST: 0}
    transaction.commit()
    assert mail_inbox.received == []


def test_spec15_reminder_run_twice_in_one_day_sends_once(functional_portal, mail_inbox):
    overdue_for_the_head(functional_portal)
    mail_inbox.clear()
    assert run_reminders(MORNING) == {rules.OVERDUE: 1, rules.DIGEST: 0}
    transaction.commit()
    assert run_reminders(MORNING + datetime.timedelta(hours=2)) == {
        rules.OVERDUE: 0,
        rules.DIGEST: 0,
    }
    transaction.commit()
    (mail,) = mail_inbox.received
    assert mail.recipients == (address("cy_eng_head"),)
    assert mail.subject == f"【超期提醒】{NOTICE}"
    deadline = (TODAY - datetime.timedelta(days=3)).isoformat()
    assert f"以下公文的办理时限为 {deadline}，已经超期" in mail.body
    # The next day it is due again.
    assert run_reminders(MORNING + datetime.timedelta(days=1))[rules.OVERDUE] == 1


def test_spec15_reminders_wait_for_the_configured_hour(functional_portal, mail_inbox):
    overdue_for_the_head(functional_portal)
    api.portal.set_registry_record("email_reminder_hour", 10, interface=IGongwenSettings)
    assert run_reminders(MORNING) == {rules.OVERDUE: 0, rules.DIGEST: 0}
    assert run_reminders(MORNING.replace(hour=10))[rules.OVERDUE] == 1


def test_spec15_opt_out_of_reminders_is_respected(functional_portal, mail_inbox):
    overdue_for_the_head(functional_portal)
    set_preferences("cy_eng_head", {rules.TODO: True, rules.OVERDUE: False, rules.DIGEST: False})
    assert run_reminders(MORNING) == {rules.OVERDUE: 0, rules.DIGEST: 0}


def test_spec15_daily_digest_once_a_day_for_who_asked(functional_portal, mail_inbox):
    overdue_for_the_head(functional_portal)
    submitted(functional_portal, id="second", title="关于开展堤防检查的通知")
    set_preferences("cy_eng_head", {rules.TODO: True, rules.OVERDUE: False, rules.DIGEST: True})
    transaction.commit()
    mail_inbox.clear()
    assert run_reminders(MORNING) == {rules.OVERDUE: 0, rules.DIGEST: 1}
    transaction.commit()
    assert run_reminders(MORNING)[rules.DIGEST] == 0
    transaction.commit()
    (digest,) = mail_inbox.to("cy_eng_head")
    assert digest.subject == "【每日待办汇总】您有 2 件待办"
    assert "（已超期）" in digest.body
    assert "关于开展堤防检查的通知" in digest.body
    assert mail_inbox.recipients() == [address("cy_eng_head")]  # nobody else asked


def test_r_d3_classified_register_entry_has_no_title_in_mails(functional_portal):
    entry = register_incoming(
        functional_portal,
        title="关于某绝密事项的通报",
        classification="secret",
        copy_number="001",
        secrecy_period="10年",
    )
    assert label_of(entry) is None
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=entry.UID())
    assert label_of(brain) is None


def test_spec15_personal_settings_form_stores_the_choices(functional_portal):
    request = functional_portal.REQUEST
    with api.env.adopt_user(username="cy_eng_head"):
        assert preferences("cy_eng_head") == {
            rules.TODO: True,
            rules.OVERDUE: True,
            rules.DIGEST: False,
        }
        view = api.content.get_view("gongwen-mail-settings", functional_portal, request)
        html = view()
        assert "有新的待办公文时发邮件通知我" in html
        assert address("cy_eng_head") in html
        request.method = "POST"
        request.form.update(
            {"form.buttons.save": "1", "mail_digest": "1", "_authenticator": createToken()}
        )
        view()
    assert preferences("cy_eng_head") == {
        rules.TODO: False,
        rules.OVERDUE: False,
        rules.DIGEST: True,
    }


def test_spec15_reminder_hour_defaults_to_eight_and_notifications_to_off(portal):
    assert api.portal.get_registry_record("email_reminder_hour", interface=IGongwenSettings) == 8
    assert (
        api.portal.get_registry_record("email_notifications", interface=IGongwenSettings) is False
    )


def test_spec15_profile_defines_the_choices_and_uninstall_removes_them(portal):
    memberdata = api.portal.get_tool("portal_memberdata")
    names = [rules.preference_name(kind) for kind in rules.DEFAULT_WANTS]
    assert [memberdata.getProperty(name) for name in names] == [True, True, False]
    with api.env.adopt_roles(["Manager"]):
        portal.portal_setup.runAllImportStepsFromProfile("profile-collective.gongwen:uninstall")
    assert [memberdata.hasProperty(name) for name in names] == [False, False, False]
