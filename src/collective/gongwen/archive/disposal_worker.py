"""执行销毁 as a worker drives it (R-R2, R-RUN1): batch after batch, never in a user's request.

Plain Python, no database: the worker asks the portal (``@@gongwen-destruction-batch``, with
the job's token on the unit's UID) to destroy the batch at the job's cursor; the portal does
it in that request's transaction (``disposal.destroy_batch``: the 销毁清册 entries first,
then the purge) and answers the new cursor, until the job is done. A lost answer is harmless:
the worker asks again at the position it knows, the portal answers the cursor it has.
"""

import logging

from collective.gongwen.archive.worker import MAX_BATCHES
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob

logger = logging.getLogger("collective.gongwen.archive")

BATCH_VIEW = "gongwen-destruction-batch"


def run_destruction(payload, client=None):
    """Drive the ``destroy`` job ``payload`` (uid of the unit, job_id, site_url) to its end;
    its final state, or "stale" when the portal no longer runs it."""
    client = client or JobClient.for_payload(payload)
    position = 0
    try:
        for _batch in range(MAX_BATCHES):
            answer = client.post(BATCH_VIEW, data={"position": str(position)}).json()
            if answer.get("state") in ("done", "failed"):
                return answer["state"]
            position = int(answer["cursor"])
    except StaleJob as error:
        logger.info("destruction job %s dropped: %r", payload["job_id"], error)
        return "stale"
    raise RuntimeError(f"destruction job {payload['job_id']}: more than {MAX_BATCHES} batches")
