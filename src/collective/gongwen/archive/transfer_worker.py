"""One 移交 job as a worker does it (R-R3, R-RUN1): export a year's package, or verify one.

Plain Python, no database. Export: the worker claims a batch of items at a time
(``@@gongwen-transfer-claim``: the package's header, each item's metadata and archived
manifest) and streams each file version from ``@@gongwen-archive-file`` into a folder of
its own (``worker.fetch_file``, bounded by ``transfer.LIMITS``). It makes a PDF/A-2b
rendition beside each PDF where Ghostscript can (``pdfa``; else the file's 备注 says why),
writes the item (``transfer.PackageWriter`` refuses a file whose bytes are no longer the
archived ones) and has the portal move on (``@@gongwen-transfer-batch``). Then it
verifies what it wrote (``transfer.verify_package``) and runs 四性检测 on it
(``transfer.check_package`` with clamd, ``clamav.scanner``): any problem removes the
package. Import: the uploaded package is verified and checked the same way, then removed.
Either way the outcome — the 四性检测 results, or the refusal naming the file or item —
goes to ``@@gongwen-transfer-result``.
"""

import json
import logging
import os
import shutil
import tempfile

from collective.gongwen.archive import checks
from collective.gongwen.archive import clamav
from collective.gongwen.archive import fixity
from collective.gongwen.archive import pdfa
from collective.gongwen.archive import transfer
from collective.gongwen.archive import worker
from collective.gongwen.archive.transfer import PackageError
from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob

logger = logging.getLogger("collective.gongwen.archive")

CLAIM_VIEW = "gongwen-transfer-claim"
BATCH_VIEW = "gongwen-transfer-batch"
RESULT_VIEW = "gongwen-transfer-result"
EXPORT = "export"
INTERRUPTED = "interrupted"  # why a worker gives up: the package was half written
PDF_TYPE = "application/pdf"


def message_dict(message):
    """A translatable ``message`` as the JSON the portal keeps (msgid, default, mapping)."""
    return {
        "msgid": str(message),
        "default": str(getattr(message, "default", None) or message),
        "mapping": {str(k): str(v) for k, v in (getattr(message, "mapping", None) or {}).items()},
    }


def fetch_file(client, uid, entry, target, limits=transfer.LIMITS):
    """Stream the archived file ``entry`` (path, version) of item ``uid`` into ``target``
    (``worker.fetch_file``, B1's reader of ``@@gongwen-archive-file``).

    ``PackageError`` ``file_missing`` when the portal has it no more, ``file_too_large``
    over the package's bounds; named by the file's place in the package (``arcname``).
    """
    name = entry.get("arcname") or entry.get("filename") or entry["path"]
    try:
        found = worker.fetch_file(client, uid, entry, target)
    except worker.FileTooLarge:
        found, size = True, worker.MAX_FILE_BYTES + 1
    else:
        size = os.path.getsize(target) if found else 0
    if not found:
        raise PackageError("file_missing", name=name)
    if size > limits.max_file_bytes:
        raise PackageError(
            "file_too_large",
            name=name,
            size=f"{size // transfer.MB} MB+",
            limit=f"{limits.max_file_bytes // transfer.MB} MB",
        )
    return size


def item_files(client, claimed, folder):
    """The ``PackageWriter`` files of the ``claimed`` item, fetched into ``folder``."""
    files = []
    code = claimed["item"]["archival_code"]
    for number, entry in enumerate(claimed["files"], start=1):
        local = os.path.join(folder, f"{number:03d}.bin")
        arcname = transfer.member_name(code, number, entry["filename"], entry.get("version"))
        fetch_file(client, claimed["uid"], dict(entry, arcname=arcname), local)
        source = {
            "role": entry["role"],
            "filename": entry["filename"],
            "version": entry.get("version"),
            "content_type": entry.get("content_type"),
            "local_path": local,
            "sha256": entry.get("sha256"),
            "sm3": entry.get("sm3"),
        }
        if (entry.get("content_type") or "").split(";")[0].strip() == PDF_TYPE:
            rendition = os.path.join(folder, f"{number:03d}.pdfa.pdf")
            reason = pdfa.make_rendition(local, rendition)
            if reason is None:
                source["rendition"] = rendition
            else:
                source["rendition_note"] = checks.message_text(reason)
        files.append(source)
    return files


def verify_and_check(path, workdir, scan):
    """Verify the package at ``path`` and run 四性检测 on it: the outcome to post."""
    verified = transfer.verify_package(path, workdir)
    results, sequence = transfer.check_package(verified, scan)
    package = {
        "fonds_number": verified.package["fonds_number"],
        "year": verified.package["year"],
        "items": len(verified.items),
        "destroyed": len(verified.destroyed),
        "files": verified.members,
        "unpacked_size": verified.size,
        "manifest_sha256": verified.manifest_sha256,
        "manifest_sm3": verified.manifest_sm3,
    }
    return {
        "package": package,
        "results": [result.as_dict() for result in results],
        "sequence": [problem.as_dict() for problem in sequence],
    }


def _passed(outcome):
    return (
        not outcome.get("refusal")
        and not outcome.get("sequence")
        and not any(result["problems"] for result in outcome["results"])
    )


def _package_digests(path):
    digests = fixity.file_digests(path)
    return {"size": digests["size"], "sha256": digests["sha256"], "sm3": digests["sm3"]}


def export_package(client, claim, work, scan):
    """Write the package of the export job ``claim`` started; the outcome to post."""
    path = claim["path"]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.part"
    writer = transfer.PackageWriter(partial, claim["package"])
    try:
        while claim.get("items"):
            for number, claimed in enumerate(claim["items"]):
                if claimed.get("missing"):
                    raise PackageError("file_missing", name=claimed["uid"])
                folder = tempfile.mkdtemp(prefix=f"item-{number}-", dir=work)
                try:
                    writer.add_item(claimed["item"], item_files(client, claimed, folder))
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            client.post(BATCH_VIEW, data={"position": str(claim["position"])})
            claim = client.post(CLAIM_VIEW).json()
        writer.close()
    except BaseException:
        writer.abort()
        raise
    unpacked = tempfile.mkdtemp(prefix="verify-", dir=work)
    outcome = verify_and_check(partial, unpacked, scan)
    if _passed(outcome):
        os.replace(partial, path)
        outcome["package"].update(_package_digests(path))
    else:
        os.remove(partial)
    return outcome


def run_transfer(payload, client=None, scan=None):
    """Do the 移交 job ``payload`` (uid, job_id, site_url); "done", "refused" or "stale"."""
    client = client or JobClient.for_payload(payload)
    scan = scan if scan is not None else clamav.scanner()
    try:
        claim = client.post(CLAIM_VIEW).json()
        os.makedirs(claim["directory"], exist_ok=True)
        work = tempfile.mkdtemp(prefix="gongwen-transfer-", dir=claim["directory"])
        try:
            if claim["direction"] == EXPORT:
                if claim["position"] != 0:
                    # a worker died half-way: the package it wrote is gone, so is the job
                    client.post(RESULT_VIEW, data={"gave_up": INTERRUPTED})
                    return "refused"
                outcome = export_package(client, claim, work, scan)
            else:
                try:
                    outcome = verify_and_check(claim["path"], work, scan)
                finally:
                    if os.path.exists(claim["path"]):
                        os.remove(claim["path"])
        except PackageError as error:
            outcome = {"refusal": message_dict(transfer.refusal_message(error)), "results": []}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        body = json.dumps(outcome, ensure_ascii=False).encode("utf-8")
        client.post(RESULT_VIEW, files={"outcome": ("outcome.json", body, "application/json")})
        return "done" if _passed(outcome) else "refused"
    except (StaleJob, AlreadyDone) as error:
        logger.info("transfer job %s dropped: %r", payload["job_id"], error)
        return "stale"


def give_up(payload, reason, client=None):
    """Tell the portal the 移交 job ``payload`` is given up, with ``reason`` (text)."""
    client = client or JobClient.for_payload(payload)
    try:
        client.post(RESULT_VIEW, data={"gave_up": str(reason)[:300]})
    except Exception:  # the portal may be what failed: the job then shows as stalled
        logger.exception("transfer job %s: could not say it gave up", payload["job_id"])
