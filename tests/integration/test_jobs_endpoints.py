"""R-RUN1 on the Plone layer: ``@@gongwen-ready`` and a job's result filed exactly once.

The worker side is tested for real in tests/functional/test_jobs_durable.py;
here the endpoints are called the way a worker calls them, and the way a
stranger or a worker's retry after a lost answer would.
"""

import time

from plone import api

from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.jobs.once import ALREADY_DONE
from collective.gongwen.jobs.once import ALREADY_DONE_HEADER
from collective.gongwen.jobs.tokens import stamp_token
from tests.integration.test_conversion_endpoints import attachment  # noqa: F401 (fixture)
from tests.integration.test_conversion_endpoints import call


def ask_ready(portal, stamp=None, token=None, method="POST"):
    request = portal.REQUEST
    stamp = str(int(time.time())) if stamp is None else stamp
    request.form.clear()
    request.form.update(stamp=stamp)
    request.method = method
    request.environ["HTTP_X_GONGWEN_TOKEN"] = (
        stamp_token("gongwen-ready", stamp) if token is None else token
    )
    request.response.setStatus(200)
    api.content.get_view("gongwen-ready", portal, request)()
    return request.response.getStatus()


def test_r_run1_ready_answers_a_stamped_worker_only(portal):
    assert ask_ready(portal) == 200
    assert ask_ready(portal, method="GET") == 405
    assert ask_ready(portal, token="0" * 64) == 403
    old = str(int(time.time()) - 3600)
    assert ask_ready(portal, stamp=old) == 403
    # A token for another purpose (the reminder run) proves nothing here.
    now = str(int(time.time()))
    assert ask_ready(portal, stamp=now, token=stamp_token("gongwen-reminders", now)) == 403
    assert ask_ready(portal, stamp="9" * 5000) == 403


def test_r_run1_a_result_is_filed_once_and_a_retry_is_already_done(portal, attachment):  # noqa: F811
    assert call(portal, "gongwen-conversion-claim", attachment)[0] == 200
    failed = {"state": "failed", "reason": "encrypted", "mapping": "{}"}
    assert call(portal, "gongwen-conversion-result", attachment, **failed)[0] == 200
    assert portal.REQUEST.response.getHeader(ALREADY_DONE_HEADER) is None
    filed = conversion_status(attachment)
    # The worker timed out reading the answer and sends it again: no second effect.
    again = {"state": "failed", "reason": "retries_exhausted", "mapping": "{}"}
    status, body = call(portal, "gongwen-conversion-result", attachment, **again)
    assert status == 200 and ALREADY_DONE in body
    assert portal.REQUEST.response.getHeader(ALREADY_DONE_HEADER) == ALREADY_DONE
    assert conversion_status(attachment) == filed
    # The whole job retried from its claim stops there: the file is not converting again.
    status, body = call(portal, "gongwen-conversion-claim", attachment)
    assert status == 200 and ALREADY_DONE in body
    assert conversion_status(attachment) == filed
    assert filed["attempts"] == 1


def test_r_run1_a_refused_result_files_nothing_and_may_be_sent_again(portal, attachment):  # noqa: F811
    call(portal, "gongwen-conversion-claim", attachment)
    # A wrong token files nothing, and the job is not marked done by it.
    status, _ = call(
        portal, "gongwen-conversion-result", attachment, token="0" * 64, state="failed"
    )
    assert status == 403
    assert conversion_status(attachment)["state"] == "converting"
    failed = {"state": "failed", "reason": "corrupt", "mapping": "{}"}
    assert call(portal, "gongwen-conversion-result", attachment, **failed)[0] == 200
    assert conversion_status(attachment)["reason"] == "corrupt"
