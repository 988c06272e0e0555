"""R-T2 between milestones: an opinion queues a background refresh of the kept slip.

The step itself only records a job id and an after-commit hook (it must stay
≤ 50 ms); ``@@gongwen-slip-refresh`` is called here the way a worker calls
it. The worker side is tested for real in tests/functional/test_slip_refresh_worker.py.
"""

import transaction
from plone import api

from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.slip_jobs import current_slip_job
from collective.gongwen.typeset.slip_jobs import queue_milestone_slip
from collective.gongwen.typeset.tasks import render_document
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_typeset_kept_slips import text_of
from tests.integration.test_typeset_kept_slips import versions
from tests.support.outgoing import draft_outgoing
from tests.support.renders import call_endpoint
from tests.support.renders import render_round_trip
from tests.support.renders import run_render_jobs

OPINION = "请李局长签发。"


def slip_hooks():
    return [
        args
        for hook, args, _kwargs in transaction.get().getAfterCommitHooks()
        if hook.__module__ == "collective.gongwen.jobs.dispatch"
    ]


def refresh(portal, document, job=None, token=None, method="POST"):
    """Have the slip's render job done as a worker does it (claim, render, result; no user)."""
    return render_round_trip(portal, document, SLIP, job, token, method)


def reviewed(portal):
    """A 通知 approved by its department head, its slip kept (as a milestone would)."""
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    queue_milestone_slip(document)
    run_render_jobs(document)
    return document


def test_r_t2_an_opinion_queues_a_slip_refresh_for_after_commit(portal):
    document = draft(portal, "downward")
    do(document, "cy_eng_staff", "submit")
    first = current_slip_job(document)
    do(document, "cy_eng_head", "approve", "同意。")
    job = current_slip_job(document)
    assert job and job != first
    assert "slip" not in document  # not rendered in the step
    # one hook for the transaction; it sends the document's latest job only
    [(pending,)] = slip_hooks()
    task, payload = pending[f"{document.UID()}:slip"]
    assert task is render_document
    assert payload["job_id"] == job
    assert payload["site_url"] == portal.absolute_url()


def test_r_t2_a_milestone_keeps_the_slip_and_drops_the_pending_refresh(portal):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        if after == "secretary_check":
            break
    run_render_jobs(document)  # the worker keeps it (R-RUN1)
    assert "slip" in document
    assert current_slip_job(document) is None


def test_r_t2_the_refresh_renders_the_new_opinion_without_a_version(portal):
    document = reviewed(portal)
    slip = document["slip"]
    before, kept_versions = slip.file.data, versions(slip)
    assert OPINION not in text_of(before)
    do(document, "cy_office_deputy", "approve", OPINION)
    assert OPINION not in text_of(slip.file.data)  # the step left it as it was

    job = current_slip_job(document)
    status, _body = refresh(portal, document)

    assert status == 200
    assert slip.file.data != before
    assert OPINION in text_of(slip.file.data)
    assert versions(slip) == kept_versions
    assert current_slip_job(document) is None
    assert refresh(portal, document, job=job)[0] == 409  # done: the same job again is stale


def test_r_t2_the_refresh_refuses_a_wrong_token_and_a_superseded_job(portal):
    document = reviewed(portal)
    before = document["slip"].file.data
    do(document, "cy_office_deputy", "approve", OPINION)
    superseded = current_slip_job(document)
    assert refresh(portal, document, token="0" * 64)[0] == 403
    assert refresh(portal, document, method="GET")[0] == 405
    do(document, "cy_leader2", "sign", "同意印发。")
    assert refresh(portal, document, job=superseded)[0] == 409
    assert document["slip"].file.data == before
    assert refresh(portal, document)[0] == 200
    assert "同意印发。" in text_of(document["slip"].file.data)


def test_r_t2_a_refresh_of_a_deleted_document_is_gone(portal):
    # A submitted document is never deleted (R-O13): a never-submitted draft is.
    document = reviewed(portal)
    do(document, "cy_office_deputy", "approve", OPINION)
    job = current_slip_job(document)
    draft = draft_outgoing(portal)
    uid = draft.UID()
    with api.env.adopt_user(username=draft.routing_drafter):
        api.content.delete(obj=draft)
    status, _body = call_endpoint(portal, "gongwen-render-claim", uid, job, {"kind": SLIP})
    assert status == 410


def test_r_t2_an_incoming_reading_and_its_acknowledgement_queue_refreshes(portal):
    from collective.gongwen.incoming.reading import acknowledge
    from tests.support.incoming import at_leader_reading
    from tests.support.incoming import do_incoming

    document = at_leader_reading(
        portal, leaders=["cy_leader2"], opinion="请李局长阅示。", circulate=["cy_flood_head"]
    )
    do_incoming(document, "cy_leader2", "read", "同意，抓紧落实。")
    read = current_slip_job(document)
    assert read
    assert refresh(portal, document)[0] == 200
    assert "同意，抓紧落实。" in text_of(document["slip"].file.data)

    do_incoming(document, "cy_secretary1", "dispatch")
    dispatched = current_slip_job(document)
    assert acknowledge(document, "cy_flood_head", "handling")
    assert current_slip_job(document) not in (None, read, dispatched)
