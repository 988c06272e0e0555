"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the notification tests (SPEC §15).

``running_inbox()`` starts one on a free port and yields its ``Inbox``;
``point_portal_at`` configures the site's MailHost (网站设置 → 邮件) and turns
notifications on in 公文设置, as an administrator would.
"""

import contextlib
import email
import threading
import time
from email.policy import default as default_policy
from typing import NamedTuple

from aiosmtpd.controller import Controller
from plone import api

from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.setuphandlers.demo import DEMO_EMAIL_DOMAIN
from tests.support.network import free_port

SENDER = "gongwen@bureau.example.com"


def address(user_id):
    """A demo user's e-mail address."""
    return f"{user_id}@{DEMO_EMAIL_DOMAIN}"


class Received(NamedTuple):
    """One message as the server got it: the envelope recipients and the parsed mail."""

    recipients: tuple
    message: email.message.EmailMessage

    @property
    def subject(self):
        """The decoded subject (Chinese, not =?utf-8?…?=)."""
        return str(self.message["Subject"])

    @property
    def body(self):
        return self.message.get_content()


class Inbox:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self):
        self.received = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.received.append(Received(tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, user_id):
        """The messages the demo user ``user_id`` received."""
        with self._lock:
            return [r for r in self.received if address(user_id) in r.recipients]

    def subjects(self, user_id):
        return [r.subject for r in self.to(user_id)]

    def recipients(self):
        """Everyone who received something, sorted."""
        with self._lock:
            return sorted({a for r in self.received for a in r.recipients})

    def clear(self):
        with self._lock:
            self.received.clear()

    def wait_for(self, condition, timeout=30, interval=0.1):
        """Poll ``condition()`` until true or ``timeout`` seconds; return its last value."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result or time.monotonic() > deadline:
                return result
            time.sleep(interval)


@contextlib.contextmanager
def running_inbox():
    """An SMTP server on 127.0.0.1 (a free port) while the block runs; yields ``(inbox, port)``."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def point_portal_at(port, notifications=True):
    """Send the site's mail through 127.0.0.1:``port`` and turn notifications on."""
    # 网站设置 → 邮件: Plone's MailHost reads its server from these records.
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", port)
    api.portal.set_registry_record("plone.email_from_address", SENDER)
    api.portal.set_registry_record("plone.email_from_name", "电子公文系统")
    api.portal.set_registry_record("email_notifications", notifications, interface=IGongwenSettings)
