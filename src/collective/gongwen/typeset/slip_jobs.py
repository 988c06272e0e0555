"""The kept slip's render jobs (R-T2, R-RUN1): after an opinion, and at a milestone.

No step renders the slip (about 0.2 s against the ≤ 50 ms of a step): it
asks for a render job of kind ``child.SLIP`` (``render_jobs``), which a
worker renders in its own process once the transaction commits and files
(``rendered``) — in place after an opinion (``queue_slip_refresh``), as a
new version at a milestone (``queue_milestone_slip``). Requests in a row
coalesce into one job, which keeps the new version a milestone asked for.
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


def queue_milestone_slip(document):
    """Have ``document``'s kept slip rendered by a worker after commit, as a new version.

    A refresh asked for after it does not take the new version away.
    """
    return queue_render(document, SLIP, version=True)
