"""Telling the approvers of a 销毁申请 (R-R2) that it waits for them.

* ``DestructionTodo``: the named ``steps.todo.ITodoItems`` utility ``destruction``: each
  pending request the user may decide now (``disposal.may_decide``) is a row of their
  我的待办 (and of the front page's count) 「销毁申请 2026-0001（3 件）待您审批」 linking to the
  request on ``@@gongwen-destruction``, in their daily 待办 digest too (``holders``); it goes
  once they decided, or the request is no longer pending.
* ``request_made``: the subscriber of ``DestructionRequested`` mailing those who may decide
  it, through notify's path (SPEC §15: 公文设置's switch, each person's choice of 待办
  mails, their address, sent when the transaction commits).

The words are ``disposal_rules``'; who may decide is ``disposal``'s.
"""

import logging

from ZODB.POSException import ConflictError
from zope.interface import implementer

from collective.gongwen.archive import disposal
from collective.gongwen.archive import disposal_rules as rules
from collective.gongwen.notify import rules as mail_rules
from collective.gongwen.notify.compose import compose
from collective.gongwen.notify.mail import notifications_enabled
from collective.gongwen.notify.mail import send_after_commit
from collective.gongwen.notify.mail import settings_url
from collective.gongwen.notify.recipients import wants
from collective.gongwen.org.units import unit_by_uid
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.steps.todo import ITodoItems
from collective.gongwen.steps.todo import TodoItem

logger = logging.getLogger("collective.gongwen.archive")


def request_url(request_record, unit=None):
    """The request on its unit's ``@@gongwen-destruction`` (the 档案 folder's)."""
    unit = unit if unit is not None else unit_by_uid(request_record["unit_uid"])
    if unit is None:
        return ""
    folder = unit.get("archive") or unit
    return f"{folder.absolute_url()}/@@gongwen-destruction?id={request_record['id']}"


@implementer(ITodoItems)
class DestructionTodo:
    """我的待办's rows of the pending 销毁申请 the user may decide now."""

    def items(self, user_id):
        if not user_id:
            return []
        found = []
        for request_record in disposal.pending_requests():
            if not disposal.may_decide(request_record, user_id):
                continue
            unit = unit_by_uid(request_record["unit_uid"])
            required = request_record["required"]
            held = disposal.user_functions(unit, user_id, required)
            key = rules.deciding_function(required, request_record["decisions"], held)
            found.append(
                TodoItem(
                    title=rules.todo_title(request_record["id"], len(request_record["items"])),
                    url=request_url(request_record, unit),
                    kind=rules.TODO_KIND,
                    step=rules.todo_step(disposal.function_title(key)),
                    since=request_record["requested_at"],
                )
            )
        return found

    def holders(self):
        return {u for record in disposal.pending_requests() for u in disposal.deciders(record)}


def request_made(event):
    """``DestructionRequested``: mail everyone who may decide the new request (subscriber).

    A mail that cannot be composed is logged, never allowed to undo the request.
    """
    if not notifications_enabled():
        return
    request_record = event.request
    try:
        users = disposal.deciders(request_record)
        chosen = mail_rules.mail_recipients(users, event.actor, wants(mail_rules.TODO))
        url = request_url(request_record)
        requester = principal_name(request_record["requested_by"])
        mails = [request_mail(user_id, request_record, requester, url) for user_id in chosen]
    except ConflictError:
        raise
    except Exception:
        logger.exception("could not compose the mails of 销毁申请 %s", request_record.get("id"))
        return
    send_after_commit(mail for mail in mails if mail is not None)


def request_mail(user_id, request_record, requester, url):
    """The ``notify.mail.Mail`` telling ``user_id`` of ``request_record``; None without address."""

    def make(tr):
        count = len(request_record["items"])
        body = rules.mail_body(tr, request_record, requester, url, settings_url())
        return rules.mail_subject(request_record["id"], count), body

    return compose(user_id, make)
