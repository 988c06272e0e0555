"""SPEC §15 for real: the workers' periodic job has the served portal send reminders.

A real ``gongwen-worker`` takes ``send_reminders`` from the session's queue
and POSTs to ``@@gongwen-reminders`` over HTTP with a token of the
conversion secret; the overdue reminder arrives at a real SMTP server.
"""

import datetime
import time

import pytest
import requests
import transaction
from plone import api

from collective.gongwen.jobs.queue import huey
from collective.gongwen.notify.schedule import REMINDER_MINUTES
from collective.gongwen.notify.schedule import reminders_token
from collective.gongwen.notify.schedule import request_reminders
from collective.gongwen.notify.tasks import send_reminders
from collective.gongwen.org.settings import IGongwenSettings
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing
from tests.support.smtp import address

pytestmark = pytest.mark.slow

NOTICE = "关于做好汛前检查的通知"


@pytest.fixture
def overdue(functional_portal, mail_inbox):
    """A 通知 three days past its 办理时限 held by cy_eng_head; reminders due at any hour."""
    deadline = datetime.date.today() - datetime.timedelta(days=3)
    document = draft_outgoing(functional_portal, deadline=deadline)
    do(document, "cy_eng_staff", "submit")
    api.portal.set_registry_record("email_reminder_hour", 0, interface=IGongwenSettings)
    transaction.commit()
    mail_inbox.clear()  # the to-do mail of the submission
    return document


def test_spec15_reminders_are_a_periodic_task_every_quarter_hour():
    def due_at(minute):
        moment = datetime.datetime(2026, 3, 2, 8, minute)
        return [task.name for task in huey.read_periodic(moment)]

    assert REMINDER_MINUTES == 15
    assert [minute for minute in range(60) if "send_reminders" in due_at(minute)] == [0, 15, 30, 45]


def test_spec15_the_workers_periodic_job_runs_the_reminders_over_http(
    overdue, mail_inbox, conversion_worker, portal_url
):
    send_reminders()  # what the worker's scheduler enqueues every quarter of an hour
    assert mail_inbox.wait_for(lambda: mail_inbox.to("cy_eng_head"), timeout=60)
    (mail,) = mail_inbox.to("cy_eng_head")
    assert mail.subject == f"【超期提醒】{NOTICE}"
    assert mail.recipients == (address("cy_eng_head"),)
    # Run again (as the next quarter's job would): nothing more today.
    assert request_reminders(portal_url) == {"overdue": 0, "digest": 0}
    assert len(mail_inbox.received) == 1


def test_spec15_reminder_endpoint_refuses_bad_or_stale_tokens(overdue, mail_inbox, portal_url):
    url = f"{portal_url}/@@gongwen-reminders"
    now = str(int(time.time()))
    stale = str(int(time.time()) - 3600)
    refused = [
        requests.post(url, data={"stamp": now}, headers={"X-Gongwen-Token": "forged"}, timeout=30),
        requests.post(
            url, data={"stamp": stale}, headers={"X-Gongwen-Token": reminders_token(stale)}
        ),
        requests.post(url, data={"stamp": now}, timeout=30),
    ]
    assert [response.status_code for response in refused] == [403, 403, 403]
    assert requests.get(url, timeout=30).status_code == 405
    assert mail_inbox.received == []
    answer = requests.post(
        url, data={"stamp": now}, headers={"X-Gongwen-Token": reminders_token(now)}, timeout=60
    )
    assert answer.json() == {"overdue": 1, "digest": 0}
    assert mail_inbox.subjects("cy_eng_head") == [f"【超期提醒】{NOTICE}"]
