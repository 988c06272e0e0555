"""催办 mails (R-I5, R-O12; the lead's decision 5): whoever holds the step a 催办 names hears
of it by mail, 发文 and 收文 alike.

``steps.deadlines.remind`` fires ``StepReminded`` with the step's holders; a
group (a role mailbox such as the secretaries, 第十五条) reaches its members.
The mails are composed at once and leave when the transaction commits
(``mail.send_after_commit``): a refused or retried request sends nothing. The
person who reminds, and anyone without an address, are left out; a 催办 is a
request from a person, not a notice one turns off, so the mail settings do not
hold it back.
"""

import logging

from ZODB.POSException import ConflictError

from collective.gongwen.notify import rules
from collective.gongwen.notify.compose import remind_mail
from collective.gongwen.notify.mail import notifications_enabled
from collective.gongwen.notify.mail import send_after_commit
from collective.gongwen.notify.recipients import member_users

logger = logging.getLogger("collective.gongwen.notify")


def step_reminded(document, event):
    """Mail the holders of ``document``'s reminded step (subscriber of ``StepReminded``)."""
    if not event.holders or not notifications_enabled():
        return
    mails = []
    try:
        for user_id in rules.mail_recipients(member_users(event.holders), event.actor):
            mail = remind_mail(document, user_id, event.record)
            if mail is not None:
                mails.append(mail)
    except ConflictError:
        raise
    except Exception:
        # a mail that cannot be composed is logged, never allowed to undo the 催办
        logger.exception("could not compose the 催办 mails of %r", document)
    send_after_commit(mails)
