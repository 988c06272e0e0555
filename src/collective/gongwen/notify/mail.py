"""Sending notification mails through Plone's MailHost (网站设置 → 邮件).

Mails leave only when the transaction that decided them commits, so a
retried request (a ZODB conflict) or a refused transition sends nothing
twice or wrongly. With the MailHost's queue (``smtp_queue``) on they are
written to the queue at commit and its thread delivers them; without it
they are sent right after the commit, and a mail server that is down is
logged, never allowed to fail the document's step (zope.sendmail's direct
delivery would connect while voting and abort the transaction).
"""

import logging
from email.utils import formataddr
from typing import NamedTuple

import transaction
from plone import api
from zope.i18n import translate

from collective.gongwen.content.settings import catalog_language
from collective.gongwen.org.settings import get_setting

logger = logging.getLogger("collective.gongwen.notify")


class Mail(NamedTuple):
    """One message to one person: the address, their name and the text."""

    address: str
    name: str
    subject: str
    body: str


def notifications_enabled():
    """True when 公文设置 turns mail on and 邮件设置 name a server and a sender address."""
    if not get_setting("email_notifications"):
        return False
    # Plone keeps the MailHost's server in the registry (its SMTPMailer reads it there).
    server = api.portal.get_registry_record("plone.smtp_host", default=None)
    sender = api.portal.get_registry_record("plone.email_from_address", default=None)
    if not (server and sender):
        logger.warning("e-mail notifications are on but the MailHost is not configured")
        return False
    return True


def mail_language():
    """The mails' language: the site's (a mail is the recipient's, not the actor's browser's)."""
    return catalog_language(api.portal.get_registry_record("plone.default_language"))


def translator():
    """``tr(message)`` in ``mail_language``."""
    language = mail_language()
    return lambda message: translate(message, target_language=language)


def settings_url():
    """Where a user turns notification mails on and off."""
    return f"{api.portal.get().absolute_url()}/@@gongwen-mail-settings"


def sender_address():
    """The portal's From: 「电子公文系统 <noreply@…>」 from the mail settings."""
    address = api.portal.get_registry_record("plone.email_from_address")
    name = api.portal.get_registry_record("plone.email_from_name", default=None)
    return formataddr((name, address)) if name else address


def send_after_commit(mails):
    """Have ``mails`` (``Mail``) sent when the current transaction commits."""
    mails = list(mails)
    if not mails:
        return
    mailhost = api.portal.get_tool("MailHost")
    sender = sender_address()
    charset = api.portal.get_registry_record("plone.email_charset", default=None) or "utf-8"
    if mailhost.smtp_queue:
        for mail in mails:
            send(mailhost, mail, sender, charset, immediate=False)
        return
    transaction.get().addAfterCommitHook(_deliver, args=(mailhost, mails, sender, charset))


def send(mailhost, mail, sender, charset, immediate):
    """Hand one ``mail`` to ``mailhost`` (a plain-text message)."""
    mailhost.send(
        mail.body,
        mto=[formataddr((mail.name, mail.address))],
        mfrom=sender,
        subject=mail.subject,
        charset=charset,
        msg_type="text/plain",
        immediate=immediate,
    )


def _deliver(committed, mailhost, mails, sender, charset):
    if not committed:
        return
    for mail in mails:
        try:
            send(mailhost, mail, sender, charset, immediate=True)
        except Exception:
            logger.exception("could not send notification mail to %s", mail.address)
        else:
            logger.info("notification mail sent to %s", mail.address)
