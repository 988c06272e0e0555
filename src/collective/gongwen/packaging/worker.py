"""One package job as a worker does it (R-RUN1, R-X3): claim, fetch the files, build, post.

Plain Python, no database: the worker asks the portal what to build
(``@@gongwen-package-claim``, with the job's token), streams each file into
a folder of its own (``@@gongwen-package-file``) within the size limits it
was given, builds the ZIP in a child process within the time left
(``build.build_in_child``) and posts it — or why there is none — to
``@@gongwen-package-result``. A job the portal no longer waits for is
dropped (``StaleJob``).
"""

import json
import logging
import tempfile

from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.packaging import rules
from collective.gongwen.packaging.build import build_in_child

logger = logging.getLogger("collective.gongwen.packaging")

CLAIM_VIEW = "gongwen-package-claim"
FILE_VIEW = "gongwen-package-file"
RESULT_VIEW = "gongwen-package-result"
CHUNK = 1 << 16


def fetch_file(client, entry, path, limits, total, deadline):
    """Stream file ``entry`` (uid, filename) into ``path``; its size. Refused over the limits."""
    response = client.post(FILE_VIEW, data={"file": entry["uid"]}, stream=True)
    size = 0
    with response, open(path, "wb") as out:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limits.max_file_bytes:
                raise rules.PackageRefused(
                    rules.FILE_TOO_LARGE,
                    name=entry["filename"],
                    size=rules.format_mb(size) + "+",
                    limit=rules.format_mb(limits.max_file_bytes),
                )
            if total + size > limits.max_total_bytes:
                raise rules.PackageRefused(
                    rules.TOO_LARGE,
                    size=rules.format_mb(total + size) + "+",
                    limit=rules.format_mb(limits.max_total_bytes),
                )
            deadline.check()
            out.write(chunk)
    return size


def build_job(client, job, folder):
    """The ZIP bytes of the claimed ``job``, its files fetched into ``folder``."""
    limits = rules.limits_of(job.get("limits"))
    deadline = rules.Deadline(min(float(job.get("seconds") or 0) or 1, rules.BUILD_SECONDS))
    entries = job["files"]
    refusal = rules.size_refusal([(e["filename"], int(e["size"])) for e in entries], limits)
    if refusal is not None:
        raise refusal
    files, total = [], 0
    for number, entry in enumerate(entries):
        name = f"{number}.bin"
        total += fetch_file(client, entry, f"{folder}/{name}", limits, total, deadline)
        files.append((entry["role"], entry["filename"], name))
    return build_in_child(job["metadata"], files, folder, deadline.left())


def run_package(payload, client=None):
    """Do the package job ``payload`` (uid, job_id, site_url); "done", "refused" or "stale"."""
    client = client or JobClient.for_payload(payload)
    try:
        job = client.post(CLAIM_VIEW).json()
        with tempfile.TemporaryDirectory(prefix="gongwen-package-") as folder:
            try:
                data = build_job(client, job, folder)
            except rules.PackageRefused as refused:
                client.post(
                    RESULT_VIEW,
                    data={"code": refused.code, "mapping": json.dumps(refused.mapping)},
                )
                return "refused"
        client.post(RESULT_VIEW, files={"package": ("package.zip", data, "application/zip")})
        return "done"
    except (StaleJob, AlreadyDone) as error:
        logger.info("package job %s dropped: %r", payload["job_id"], error)
        return "stale"
