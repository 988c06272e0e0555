"""New to-do mails (SPEC §15): whoever a step is handed to hears of it by mail.

``steps.roles.hand_over`` fires ``ToDoAssigned`` with the principals it
newly assigned (发文 and 收文 alike). They are collected per transaction and
the mails composed just before it commits, from the document as the step
leaves it: a 文号 issued later in the same request is in the subject, and
someone handed a step that moved on again in the same request gets nothing.
A group (role mailbox) reaches its members; the person who handed the step
over, anyone who turned these mails off and anyone without an address are
left out.
"""

import logging

from plone import api
from plone.uuid.interfaces import IUUID
from ZODB.POSException import ConflictError

from collective.gongwen.content.commit import pending
from collective.gongwen.notify import rules
from collective.gongwen.notify.compose import todo_mail
from collective.gongwen.notify.mail import notifications_enabled
from collective.gongwen.notify.mail import send_after_commit
from collective.gongwen.notify.recipients import member_users
from collective.gongwen.notify.recipients import wants
from collective.gongwen.steps.roles import current_assignees

logger = logging.getLogger("collective.gongwen.notify")

# Key of a transaction's to-do items waiting to be mailed, in its data.
_PENDING = object()


def todo_assigned(document, event):
    """Remember ``event.principals``' new to-do item, to be mailed at commit (subscriber)."""
    if not event.principals or not notifications_enabled():
        return
    actor = None if api.user.is_anonymous() else api.user.get_current().getId()
    pending(_PENDING, mail_pending).append((document, tuple(event.principals), actor))


def mail_pending(items):
    """Compose and send the to-do mails of ``items`` ``(document, principals, actor)``.

    Runs inside the commit: a mail that cannot be composed is logged, never
    allowed to undo the step it reports.
    """
    mails = []
    done = set()
    for document, principals, actor in items:
        try:
            holding = set(current_assignees(document))
            users = member_users([p for p in principals if p in holding])
            for user_id in rules.mail_recipients(users, actor, wants(rules.TODO)):
                key = (IUUID(document), user_id)
                if key in done:
                    continue
                done.add(key)
                mail = todo_mail(document, user_id, actor)
                if mail is not None:
                    mails.append(mail)
        except ConflictError:
            raise
        except Exception:
            logger.exception("could not compose the to-do mails of %r", document)
    send_after_commit(mails)
