"""One 归档 or 四性检测 job as a worker does it (R-R1, R-R3, R-RUN1): batch after batch.

Plain Python, no database: the worker claims the job's next batch
(``@@gongwen-archive-claim``, with the job's token), streams every version of every file of
each item into a folder of its own (``@@gongwen-archive-files``, one tar per item; 移交
reads file by file, ``fetch_file``), runs 四性检测 on them
(``checks.check_item``, clamd for the virus scan) and posts the batch's results
(``@@gongwen-archive-result``), which archives the items that passed. Until the portal says
the job is finished. A batch filed before (a retry) is "already done" and the worker claims
the next; a job the portal no longer runs is dropped (``StaleJob``). Items of a batch are
checked by ``THREADS`` threads at once (fetching is waiting on the portal, hashing and
scanning release the GIL), and the next batch is claimed and checked while the portal
files the one before (``run_job``).
"""

import concurrent.futures
import json
import logging
import os
import tempfile
import time

from collective.gongwen.archive import checks
from collective.gongwen.archive import clamav
from collective.gongwen.jobs import tarstream
from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob

logger = logging.getLogger("collective.gongwen.archive")
# The batches' times go where huey's consumer logs its own tasks' ("huey" at INFO).
batch_logger = logging.getLogger("huey.collective.gongwen.archive")

CLAIM_VIEW = "gongwen-archive-claim"
FILE_VIEW = "gongwen-archive-file"
FILES_VIEW = "gongwen-archive-files"
RESULT_VIEW = "gongwen-archive-result"
CHUNK = 1 << 16
# A file read beyond this is cut (clamd's own stream limit is 512 MB): 四性检测 then names it.
MAX_FILE_BYTES = 1024 * 1024 * 1024
THREADS = 4
MAX_BATCHES = 100_000  # a job's batches (a stuck cursor must not loop for ever)
# Each batch's time on each side, in the worker's log (bench/archive_batch.py reads it).
BATCH_LOG = "archive batch %s at %s (%s items): %.3f s"


class FileTooLarge(Exception):
    """A file read beyond ``MAX_FILE_BYTES``."""


def fetch_file(client, uid, entry, path):
    """Stream version ``entry["version"]`` of file ``entry["path"]`` of item ``uid`` into
    ``path``; False when the portal has no such file (or cannot read its blob).

    Version 0 (a file's first) is asked for as ``0``: only None is the current file.
    """
    version = entry.get("version")
    data = {"doc": uid, "path": entry["path"], "version": "" if version is None else str(version)}
    response = client.post(FILE_VIEW, data=data, stream=True)
    with response:
        if response.status_code == 204:
            return False
        size = 0
        with open(path, "wb") as out:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise FileTooLarge(entry["path"])
                out.write(chunk)
    return True


def fetch_files(client, uid, entries, paths):
    """Stream every file of ``entries`` of item ``uid`` into ``paths`` (same order) in one
    request (``@@gongwen-archive-files``); the positions fetched — a file the portal does
    not have, or beyond ``MAX_FILE_BYTES``, is not."""
    wanted = [[entry["path"], entry.get("version")] for entry in entries]
    data = {"doc": uid, "files": json.dumps(wanted)}
    response = client.post(FILES_VIEW, data=data, stream=True)
    with response:
        written = tarstream.read_members(
            response.iter_content(CHUNK),
            {str(number): path for number, path in enumerate(paths)},
            MAX_FILE_BYTES,
        )
    return {int(name) for name in written}


def sample_of(entry, local_path):
    """The ``checks.FileSample`` of the claimed file ``entry`` fetched to ``local_path``."""
    return checks.FileSample(
        path=entry["path"],
        version=entry.get("version"),
        title=entry.get("title") or "",
        role=entry.get("role") or "",
        filename=entry.get("filename") or "",
        content_type=entry.get("content_type") or "",
        local_path=local_path,
        expected=entry.get("expected"),
        position=entry.get("position") if entry.get("expected") else None,
    )


def check_claimed_item(client, item, scan, folder):
    """四性检测 of one claimed ``item`` (its files fetched into ``folder``): the result's dict."""
    if item.get("missing") or item.get("archived"):
        # Gone, or archived since the job started: nothing to check; the portal says which.
        return checks.ItemResult(label=item["label"], uid=item["uid"]).as_dict()
    entries = item["files"]
    paths = [os.path.join(folder, f"{item['uid']}-{number}.bin") for number in range(len(entries))]
    try:
        fetched = fetch_files(client, item["uid"], entries, paths) if entries else set()
        samples = [
            sample_of(entry, path if number in fetched else None)
            for number, (entry, path) in enumerate(zip(entries, paths, strict=True))
        ]
        result = checks.check_item(item["label"], item.get("metadata") or {}, samples, scan)
    finally:
        for path in paths:
            if os.path.exists(path):
                os.remove(path)
    result.uid = item["uid"]
    return result.as_dict()


def check_batch(client, batch, scan, folder, threads=THREADS):
    """The results (uid → ``ItemResult`` dict) of every item of the claimed ``batch``."""
    items = batch["items"]
    if threads <= 1 or len(items) <= 1:
        return {item["uid"]: check_claimed_item(client, item, scan, folder) for item in items}
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {
            item["uid"]: pool.submit(check_claimed_item, client, item, scan, folder)
            for item in items
        }
        return {uid: future.result() for uid, future in futures.items()}


def claim(client, position=None):
    """The batch the portal hands out: at the job's cursor, or at ``position`` ahead of it."""
    data = {"position": str(position)} if position is not None else {}
    return client.post(CLAIM_VIEW, data=data).json()


def file_results(client, batch, results):
    """Post the ``results`` of ``batch``: the job's state after it ("done", "failed",
    "running"), or None when it was filed before (a retry)."""
    data = {"position": str(batch["position"]), "results": json.dumps(results)}
    started = time.perf_counter()
    try:
        return client.post(RESULT_VIEW, data=data).json().get("state")
    except AlreadyDone:
        return None  # filed by an earlier try: on to the next batch
    finally:
        elapsed = time.perf_counter() - started
        batch_logger.info(BATCH_LOG, "filed", batch["position"], len(batch["items"]), elapsed)


class _InTurn:
    """An executor running each task at once, in the caller's thread (``threads`` 1: a
    client that is the portal itself, in the tests, admits no second thread)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, task, *args):
        future = concurrent.futures.Future()
        try:
            future.set_result(task(*args))
        except Exception as error:
            future.set_exception(error)
        return future


def _filer(threads):
    """Where results are filed: a thread of its own (overlapping), or in turn."""
    if threads <= 1:
        return _InTurn()
    return concurrent.futures.ThreadPoolExecutor(max_workers=1)


def run_job(payload, client=None, scan=None, threads=THREADS):
    """Do the archive job ``payload`` (uid of the unit, job_id, site_url) to its end.

    While the portal files a batch, the next one is claimed and checked (``LOOKAHEAD`` in
    ``progress``; with more than one of ``threads``): checking and filing overlap, and the
    batches are still filed one after the other, each once. Returns the job's final state
    ("done" or "failed"), or "stale" when the portal no longer runs it.
    """
    client = client or JobClient.for_payload(payload)
    scan = scan if scan is not None else clamav.scanner()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="gongwen-archive-") as folder,
            _filer(threads) as filer,
        ):
            batch, filing = claim(client), None
            for _batch in range(MAX_BATCHES):
                started = time.perf_counter()
                results = check_batch(client, batch, scan, folder, threads)
                elapsed = time.perf_counter() - started
                count = len(batch["items"])
                batch_logger.info(BATCH_LOG, "checked", batch["position"], count, elapsed)
                if filing is not None:
                    state = filing.result()
                    if state in ("done", "failed"):
                        return state
                if not batch["items"]:  # claimed past the end: the filing said how it stands
                    batch, filing = claim(client), None
                    continue
                filing = filer.submit(file_results, client, batch, results)
                try:
                    batch = claim(client, batch["position"] + len(batch["items"]))
                except StaleJob:
                    state = filing.result()  # the job ended with this batch
                    if state in ("done", "failed"):
                        return state
                    raise
            if filing is not None and filing.result() in ("done", "failed"):
                return filing.result()
        raise RuntimeError(f"archive job {payload['job_id']}: more than {MAX_BATCHES} batches")
    except StaleJob as error:
        logger.info("archive job %s dropped: %r", payload["job_id"], error)
        return "stale"


def give_up(payload, reason, client=None):
    """Tell the portal the job ``payload`` is given up, with ``reason`` (text)."""
    client = client or JobClient.for_payload(payload)
    try:
        client.post(RESULT_VIEW, data={"gave_up": "1", "reason": reason[:300]})
    except Exception:  # the portal may be what failed: the job then shows as stalled
        logger.exception("archive job %s: could not say it gave up", payload["job_id"])
