"""One conversion job as a worker does it: claim, fetch, check, convert, report.

Workers hold no database connection: they talk to the portal over HTTP with
the job's token (``tokens.job_token``), so they run on any machine that can
reach the portal and the queue. Errors that a retry may cure (portal
unreachable or busy) raise ``TransientError`` for huey to retry with
back-off; a bad file or failing tools are reported to the portal as the
file's failed status and never retried.
"""

import contextlib
import json
import logging
import os
import tempfile

import requests

from collective.gongwen.conversion import preflight
from collective.gongwen.conversion import tools
from collective.gongwen.conversion.tokens import job_token

logger = logging.getLogger("collective.gongwen.conversion")

HTTP_TIMEOUT = 60


class TransientError(Exception):
    """The portal could not be reached or asked us to come back later."""


class StaleJob(Exception):
    """The portal no longer waits for this job (file replaced, re-queued or deleted)."""


def conversion_timeout():
    """Seconds one file's tools may run (``GONGWEN_CONVERSION_TIMEOUT``, default 900)."""
    return int(os.environ.get("GONGWEN_CONVERSION_TIMEOUT", "900"))


class Portal:
    """The portal's worker endpoints, as seen by a worker for one job."""

    def __init__(self, payload):
        self.site_url = (os.environ.get("GONGWEN_SITE_URL") or payload["site_url"]).rstrip("/")
        self.uid = payload["uid"]
        self.job_id = payload["job_id"]
        self.headers = {"X-Gongwen-Token": job_token(self.uid, self.job_id)}

    def _request(self, method, view, **kwargs):
        url = f"{self.site_url}/@@{view}"
        data = {"uid": self.uid, "job": self.job_id, **kwargs.pop("data", {})}
        try:
            response = requests.request(
                method, url, headers=self.headers, data=data, timeout=HTTP_TIMEOUT, **kwargs
            )
        except requests.RequestException as error:
            raise TransientError(f"{url}: {error}") from error
        # 403: a token of another portal (or key); 409/410: replaced or deleted.
        if response.status_code in (403, 404, 409, 410):
            raise StaleJob(response.text[:200])
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientError(f"{url}: HTTP {response.status_code}")
        response.raise_for_status()
        return response

    def claim(self):
        """Mark the file as converting; return the job's details (options, limits, file name)."""
        return self._request("POST", "gongwen-conversion-claim").json()

    def download(self, target):
        """Save the file to ``target``."""
        response = self._request("POST", "gongwen-conversion-source", stream=True)
        with open(target, "wb") as out:
            for chunk in response.iter_content(1 << 20):
                out.write(chunk)

    def report_done(self, output_dir, pages):
        """Send the pages, text and PDF the tools made."""
        archive = tools.pack(output_dir, output_dir + ".tar")
        with open(archive, "rb") as result:
            self._request(
                "POST",
                "gongwen-conversion-result",
                data={"state": "done", "pages": str(pages)},
                files={"result": ("result.tar", result, "application/x-tar")},
            )

    def refresh_slip(self):
        """Have the document's kept slip rendered again (R-T2, ``typeset.refresh``)."""
        self._request("POST", "gongwen-slip-refresh")

    def report_failed(self, reason, mapping=None):
        """Record why the file cannot be converted."""
        data = {"state": "failed", "reason": reason, "mapping": json.dumps(mapping or {})}
        self._request("POST", "gongwen-conversion-result", data=data)


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
    except TransientError as error:
        if last_attempt:
            with contextlib.suppress(TransientError, StaleJob):
                portal.report_failed("retries_exhausted", {"detail": str(error)[:200]})
        raise


def run_slip_refresh(payload):
    """Do the slip refresh ``payload`` (uid, job_id, site_url): one request to the portal."""
    try:
        Portal(payload).refresh_slip()
    except StaleJob as error:
        # A newer opinion queued a newer refresh, a milestone kept the slip, or it is gone.
        logger.info("slip refresh %s dropped: %s", payload["job_id"], error)
        return "stale"
    return "done"
