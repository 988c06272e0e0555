"""The daily reminder run (SPEC §15, R-I5 催办): overdue reminders and the to-do digest.

The workers' periodic job (``schedule``) asks ``@@gongwen-reminders`` every
quarter of an hour; nothing goes out before the hour set in 公文设置
(``email_reminder_hour``). Each user who holds a to-do item, directly or
through a role mailbox, or another row of 我的待办 (a 销毁申请 to approve,
``steps.todo.ITodoItems``), gets their 我的待办 computed as they see it
(``todo_brains`` as that user, ``brain_deadline`` for the deadline), then a
reminder for each overdue item and, if they asked for it, one digest.

However often it runs, a user gets at most one reminder per document and
one digest per day: each mail is recorded under the day in the portal's
annotations (``SENT_KEY``) in the transaction that sends it, so two runs at
once conflict and the retried one finds the first one's records.
"""

import logging
from functools import partial

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from plone import api
from ZODB.POSException import ConflictError

from collective.gongwen.content import times
from collective.gongwen.content.annotations import annotation
from collective.gongwen.notify import rules
from collective.gongwen.notify.compose import digest_mail
from collective.gongwen.notify.compose import overdue_mail
from collective.gongwen.notify.mail import notifications_enabled
from collective.gongwen.notify.mail import send_after_commit
from collective.gongwen.notify.recipients import member_users
from collective.gongwen.notify.recipients import preferences
from collective.gongwen.org.settings import get_setting
from collective.gongwen.steps.todo import brain_deadline
from collective.gongwen.steps.todo import other_todo_holders
from collective.gongwen.steps.todo import other_todo_items
from collective.gongwen.steps.todo import todo_brains

SENT_KEY = "collective.gongwen.notify.sent"

logger = logging.getLogger("collective.gongwen.notify")


def sent_records(portal):
    """The portal's record of mails sent: ``{ISO day: OOTreeSet of rules.mail_key}``."""
    return annotation(portal, SENT_KEY, OOBTree)


def record_sent(records, day, key):
    """Remember that the mail ``key`` went out on ``day`` (a date)."""
    day_records = records.get(day.isoformat())
    if day_records is None:
        day_records = records[day.isoformat()] = OOTreeSet()
    day_records.insert(key)


def todo_holders():
    """The users who hold a to-do item now, directly or through a group, or a row another
    capability adds to 我的待办 (``steps.todo.other_todo_holders``)."""
    catalog = api.portal.get_tool("portal_catalog")
    holders = member_users(catalog.uniqueValuesFor("assignees"))
    return [*holders, *sorted(other_todo_holders() - set(holders))]


def todo_rows(user_id, today):
    """The user's 我的待办 as they see it: ``(brain, deadline, overdue)`` per item."""
    user = api.user.get(userid=user_id)
    if user is None:
        return []
    with api.env.adopt_user(user=user):
        brains = list(todo_brains(user_id))
    rows = []
    for brain in brains:
        deadline = brain_deadline(brain)
        rows.append((brain, deadline, rules.is_overdue(deadline, today)))
    return rows


def daily_mails(user_id, wanted, rows, others=()):
    """The mails the user may get today: ``(rules.mail_key, make_mail)`` for each reminder
    of an overdue item and for the digest of ``rows`` and ``others`` (their 我的待办's other
    rows), as ``wanted`` (their choices) allows."""
    if wanted[rules.OVERDUE]:
        for brain, deadline, late in rows:
            if late:
                key = rules.mail_key(rules.OVERDUE, user_id, brain.UID)
                yield key, partial(overdue_mail, brain, user_id, deadline)
    if wanted[rules.DIGEST] and (rows or others):
        key = rules.mail_key(rules.DIGEST, user_id)
        yield key, partial(digest_mail, user_id, rows, others)


def user_mails_due(user_id, today, records):
    """``(key, mail)`` for each mail the user wants and has not had ``today``."""
    wanted = preferences(user_id)
    if not (wanted[rules.OVERDUE] or wanted[rules.DIGEST]):
        return []
    composed = []
    others = other_todo_items(user_id) if wanted[rules.DIGEST] else []
    for key, make_mail in daily_mails(user_id, wanted, todo_rows(user_id, today), others):
        if rules.already_sent(records, today, key):
            continue
        mail = make_mail()
        if mail is not None:  # else no address (logged); tried again on the next run
            composed.append((key, mail))
    return composed


def run_reminders(now=None):
    """Send the day's reminders and digests not sent yet; return how many of each."""
    now = now or times.now()
    sent = {rules.OVERDUE: 0, rules.DIGEST: 0}
    if not notifications_enabled():
        return sent
    if not rules.daily_mails_due(now, get_setting("email_reminder_hour")):
        return sent
    today = now.date()
    records = sent_records(api.portal.get())
    for day in rules.days_to_prune(records, today):
        del records[day]
    mails = []
    for user_id in todo_holders():
        try:
            composed = user_mails_due(user_id, today, records)
        except ConflictError:
            raise
        except Exception:
            # One person's broken item must not stop everyone's reminders.
            logger.exception("could not compose the reminders of %s", user_id)
            continue
        for key, mail in composed:
            record_sent(records, today, key)
            mails.append(mail)
            sent[key[0]] += 1
    send_after_commit(mails)
    return sent
