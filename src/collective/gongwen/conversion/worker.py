"""One conversion job as a worker does it: claim, fetch, check, convert, report.

The worker talks to the portal over HTTP with the job's token
(``jobs.client.JobClient``). Errors that a retry may cure (portal
unreachable or busy) raise ``TransientError`` for the durable task to retry
with back-off; a bad file or failing tools are reported to the portal as the
file's failed status and never retried; a job whose result the portal
already filed (a retry after a lost answer) stops at its claim.
"""

import contextlib
import json
import logging
import os
import tempfile

from collective.gongwen.conversion import preflight
from collective.gongwen.conversion import tools
from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.jobs.client import TransientError
from collective.gongwen.jobs.client import site_url_for

logger = logging.getLogger("collective.gongwen.conversion")


def conversion_timeout():
    """Seconds one file's tools may run (``GONGWEN_CONVERSION_TIMEOUT``, default 900)."""
    return int(os.environ.get("GONGWEN_CONVERSION_TIMEOUT", "900"))


class Portal(JobClient):
    """The portal's conversion endpoints, as seen by a worker for one job."""

    def __init__(self, payload):
        super().__init__(site_url_for(payload), payload["uid"], payload["job_id"])

    def claim(self):
        """Mark the file as converting; return the job's details (options, limits, file name)."""
        return self.post("gongwen-conversion-claim").json()

    def download(self, target):
        """Save the file to ``target``."""
        response = self.post("gongwen-conversion-source", stream=True)
        with open(target, "wb") as out:
            for chunk in response.iter_content(1 << 20):
                out.write(chunk)

    def report_done(self, output_dir, pages):
        """Send the pages, text and PDF the tools made."""
        archive = tools.pack(output_dir, output_dir + ".tar")
        with open(archive, "rb") as result:
            self.post(
                "gongwen-conversion-result",
                data={"state": "done", "pages": str(pages)},
                files={"result": ("result.tar", result, "application/x-tar")},
            )

    def report_failed(self, reason, mapping=None):
        """Record why the file cannot be converted."""
        data = {"state": "failed", "reason": reason, "mapping": json.dumps(mapping or {})}
        self.post("gongwen-conversion-result", data=data)


def run_job(payload, last_attempt=False):
    """Do the job ``payload`` (uid, job_id, site_url) from claim to report."""
    portal = Portal(payload)
    try:
        job = portal.claim()
        with tempfile.TemporaryDirectory(prefix="gongwen-job-") as workdir:
            source = os.path.join(workdir, "source")
            portal.download(source)
            problem = preflight.preflight(source, job["filename"], job["limits"])
            if problem is not None:
                portal.report_failed(*problem)
                return "failed"
            output_dir = os.path.join(workdir, "out")
            os.mkdir(output_dir)
            options = dict(job["options"], source=source, output_dir=output_dir)
            try:
                pages = tools.run(options, conversion_timeout())
            except tools.ToolsTimedOut as error:
                portal.report_failed("timeout", {"seconds": error.args[0]})
                return "failed"
            except tools.ToolsFailed as error:
                portal.report_failed("tool_failed", {"detail": error.args[0]})
                return "failed"
            portal.report_done(output_dir, pages)
            return "done"
    except StaleJob as error:
        logger.info("conversion job %s dropped: %s", payload["job_id"], error)
        return "stale"
    except AlreadyDone:
        logger.info("conversion job %s was already done", payload["job_id"])
        return "already_done"
    except TransientError as error:
        if last_attempt:
            with contextlib.suppress(TransientError, StaleJob, AlreadyDone):
                portal.report_failed("retries_exhausted", {"detail": str(error)[:200]})
        raise
