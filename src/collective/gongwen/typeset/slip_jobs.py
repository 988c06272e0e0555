"""The kept slip's background refresh after an opinion (R-T2): its job and its queueing.

An opinion recorded between milestones does not render the slip in the step
(about 0.2 s against the ≤ 50 ms of a step): it gives the document a new
current job id and, once the transaction commits, hands the job to the
conversion queue's workers (``conversion.tasks.refresh_slip``). The worker
asks ``@@gongwen-slip-refresh`` (``refresh``) with the job's token; only the
document's current job is done, so opinions in a row supersede each other
and a milestone, which keeps the slip itself, drops the job pending.
"""

import logging
import uuid

from Acquisition import aq_base
from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen.content.commit import pending

logger = logging.getLogger("collective.gongwen.typeset")

SLIP_JOB = "_gongwen_slip_job"

# Key of a transaction's pending refreshes (uid → payload) in its data.
_PENDING = object()


def current_slip_job(document):
    """The id of the slip refresh ``document`` waits for, or None."""
    return getattr(aq_base(document), SLIP_JOB, None)


def is_current_slip_job(document, job_id):
    """True while ``job_id`` is the refresh ``document`` waits for."""
    return bool(job_id) and current_slip_job(document) == job_id


def forget_slip_job(document):
    """The slip is as it is now: no refresh is waited for any more."""
    if current_slip_job(document) is not None:
        setattr(document, SLIP_JOB, None)


def queue_slip_refresh(document):
    """Have ``document``'s kept slip rendered again by a worker after commit; return the job id.

    One job per document and transaction reaches the queue: a second
    opinion in the same transaction only replaces the job id.
    """
    job_id = uuid.uuid4().hex
    setattr(document, SLIP_JOB, job_id)
    uid = IUUID(document)
    queued = pending(_PENDING, _enqueue_after_commit, factory=dict, after_commit=True)
    queued[uid] = {"uid": uid, "job_id": job_id, "site_url": api.portal.get().absolute_url()}
    return job_id


def _enqueue_after_commit(committed, queued):
    if not committed:
        return
    from collective.gongwen.conversion.tasks import refresh_slip

    for payload in queued.values():
        try:
            refresh_slip(payload)
        except Exception:
            # The kept slip stays as it was until the next opinion or milestone.
            logger.exception("could not queue slip refresh %s", payload)
