"""The notification mails composed for one person from the portal (SPEC §15).

The words are ``rules``'; here they get their values from a document or its
catalog entry: label (title and 文号/收文编号, none for a classified
document), address, step, deadline. Each function returns a ``mail.Mail``,
or None when the person has no address to write to.
"""

from Acquisition import aq_base
from plone import api
from zope.globalrequest import getRequest

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.content.rules import is_classified
from collective.gongwen.notify import rules
from collective.gongwen.notify.mail import Mail
from collective.gongwen.notify.mail import mail_language
from collective.gongwen.notify.mail import settings_url
from collective.gongwen.notify.mail import translator
from collective.gongwen.notify.recipients import address_of
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.steps.titles import step_title


def _value(item, name):
    # Brains and documents alike; never acquired from the folder around a document.
    value = getattr(aq_base(item), name, None)
    return value() if callable(value) else value


def label_of(item):
    """The mail label of a document or its catalog entry; None when it is classified."""
    number = _value(item, "issue_number") or _value(item, "receipt_number")
    classified = is_classified(_value(item, "classification"))
    return rules.document_label(_value(item, "Title"), number or None, classified)


def compose(user_id, make):
    """The ``Mail`` to ``user_id`` of ``make(tr)`` → ``(subject, body)``; None without address."""
    recipient = address_of(user_id)
    if recipient is None:
        return None
    tr = translator()
    subject, body = make(tr)
    return Mail(recipient[1], recipient[0], tr(subject), body)


def todo_mail(document, user_id, actor):
    """「【待办】……」 to ``user_id``: ``document``'s current step is now theirs, from ``actor``."""

    def make(tr):
        label = label_of(document)
        state = api.content.get_state(document)
        step = step_title(state, getRequest(), document.portal_type, mail_language())
        system = _("mail_actor_system", default="电子公文系统")
        actor_name = principal_name(actor) if actor else tr(system)
        url = document.absolute_url()
        body = rules.todo_body(tr, label, url, step, actor_name, settings_url())
        return rules.todo_subject(label), body

    return compose(user_id, make)


def overdue_mail(brain, user_id, deadline):
    """「【超期提醒】……」 to ``user_id`` for the catalog entry ``brain`` due on ``deadline``."""

    def make(tr):
        label = label_of(brain)
        body = rules.overdue_body(tr, label, brain.getURL(), deadline, settings_url())
        return rules.overdue_subject(label), body

    return compose(user_id, make)


def remind_mail(document, user_id, record):
    """「【催办】……」 to ``user_id``, a holder of ``document``'s current step: the 催办
    ``record`` (``steps.deadlines.remind``: actor, step, deadline, note)."""

    def make(tr):
        label = label_of(document)
        step = step_title(record["step"], getRequest(), document.portal_type, mail_language())
        deadline = record.get("deadline")
        body = rules.remind_body(
            tr,
            label,
            document.absolute_url(),
            step,
            principal_name(record["actor"]),
            times.format_date(deadline) if deadline else "",
            record.get("note") or "",
        )
        return rules.remind_subject(label), body

    return compose(user_id, make)


def digest_mail(user_id, rows, others=()):
    """「【每日待办汇总】……」 to ``user_id``; ``rows`` are ``(brain, deadline, overdue)``, then
    ``others`` (``steps.todo.TodoItem``: a 销毁申请 to approve …)."""

    def make(tr):
        items = [
            (label_of(brain), brain.getURL(), deadline, late) for brain, deadline, late in rows
        ]
        items.extend((item.title, item.url, None, False) for item in others)
        todo_url = f"{api.portal.get().absolute_url()}/@@gongwen-todo"
        body = rules.digest_body(tr, items, todo_url, settings_url())
        return rules.digest_subject(len(items)), body

    return compose(user_id, make)
