"""The kept slip's background refresh after an opinion (R-T2, R-RUN1): its coalesced render job.

An opinion recorded between milestones does not render the slip in the step
(about 0.2 s against the ≤ 50 ms of a step): it asks for a render job of
kind ``child.SLIP`` (``render_jobs``), which a worker renders in its own
process once the transaction commits and files in place, without a new
version (``rendered``). Opinions in a row coalesce into one job; a
milestone, which keeps the slip itself, drops the job pending.
"""

from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import drop_render
from collective.gongwen.typeset.render_jobs import queue_render
from collective.gongwen.typeset.render_jobs import waiting_job


def current_slip_job(document):
    """The id of the slip refresh ``document`` waits for, or None."""
    return waiting_job(document, SLIP)


def is_current_slip_job(document, job_id):
    """True while ``job_id`` is the refresh ``document`` waits for."""
    return bool(job_id) and current_slip_job(document) == job_id


def forget_slip_job(document):
    """The slip is as it is now: no refresh is waited for any more."""
    drop_render(document, SLIP)


def queue_slip_refresh(document):
    """Have ``document``'s kept slip rendered again by a worker after commit; return the job id.

    One job per document reaches the queue while it waits: a second opinion
    replaces the queued job, or marks the running one for one follow-up.
    """
    return queue_render(document, SLIP)
