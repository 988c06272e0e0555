"""R-T2 for real: an opinion committed on a 发文 reaches its kept slip through a worker.

The step only queues the refresh; a real ``gongwen-worker`` takes the job
from the session's queue and calls ``@@gongwen-slip-refresh`` over HTTP.
"""

import pytest
import transaction

from collective.gongwen.typeset.slip_jobs import current_slip_job
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_typeset_kept_slips import text_of
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow


def slip_text(document):
    slip = document.get("slip")
    return text_of(slip.file.data) if slip is not None else ""


def test_r_t2_a_worker_refreshes_the_kept_slip_after_an_opinion(
    functional_portal, conversion_worker
):
    document = draft(functional_portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    assert "slip" not in document
    transaction.commit()

    assert wait_for(lambda: "同意。" in slip_text(document), timeout=60), slip_text(document)
    assert current_slip_job(document) is None

    do(document, "cy_office_deputy", "approve", "请李局长签发。")
    transaction.commit()
    assert wait_for(lambda: "请李局长签发。" in slip_text(document), timeout=60)
