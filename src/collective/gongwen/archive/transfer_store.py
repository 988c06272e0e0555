"""移交 on the portal's side (R-R3): the jobs, what a worker claims, what it files, the packages.

A 移交 is a job of kind ``transfer`` in ``archive.jobs``, handed to a worker once the
transaction commits (``archive.tasks.run_transfer``); nothing heavy runs in a request.

* Export (``start_export``): the unit's archived items of a year, frozen at the start. The
  worker claims a batch at a time (``claim_transfer``: the package's header and each item's
  plain metadata and archived files, ``item_claim``), reads each file through B1's
  ``@@gongwen-archive-file`` (``pipeline.claimed_file``: only items of the batch at the
  job's cursor), writes the package into the transfer folder, moves the cursor on
  (``note_batch``), verifies and checks what it wrote and files the outcome
  (``file_transfer``): the 四性检测 report is stored (``reports.store_report``, kind
  ``transfer``) and the package is offered for download only when nothing was found.
* Import (``start_import``): an uploaded package is stored in the transfer folder and only
  verified by a worker (a receiving archive's acceptance check); nothing is restored. The
  worker files the verification (passed, or the refusal naming the file or item) and the
  uploaded file is removed.

The folder is ``GONGWEN_TRANSFER_DIR`` (``make start``: ``var/transfers``), else
``transfers`` in the instance's client home; the worker writes where the portal says, so
both must see the same folder. Packages: ``exports/<job id>.zip``; uploads:
``imports/<job id>.zip``.
"""

import os
import tempfile
import time

from plone import api

from collective.gongwen import _
from collective.gongwen.archive import jobs
from collective.gongwen.archive import progress
from collective.gongwen.archive import queries
from collective.gongwen.archive import register
from collective.gongwen.archive import transfer
from collective.gongwen.archive.catalogue_store import header_of
from collective.gongwen.archive.catalogue_store import index_value
from collective.gongwen.archive.catalogue_store import page_count
from collective.gongwen.archive.record import archive_info
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.content import times
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.endpoint import find_object
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.titles import action_title
from collective.gongwen.steps.titles import principal_name

DIR_ENV = "GONGWEN_TRANSFER_DIR"
EXPORTS = "exports"
IMPORTS = "imports"
EXPORT = "export"
IMPORT = "import"
DIRECTIONS = (EXPORT, IMPORT)
# An uploaded package: at most this many bytes (the worker's LIMITS bound what is inside).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024
MAX_HISTORY = 200  # 办理记录 of one item in its metadata


def transfer_dir():
    """The folder of the packages and uploads (created if missing)."""
    path = os.environ.get(DIR_ENV)
    if not path:
        from App.config import getConfiguration

        path = os.path.join(getConfiguration().clienthome, "transfers")
    path = os.path.abspath(path)
    for name in (EXPORTS, IMPORTS):
        os.makedirs(os.path.join(path, name), exist_ok=True)
    return path


def package_path(job_id, direction=EXPORT):
    """Where the package (export) or the upload (import) of job ``job_id`` lies."""
    name = str(job_id)
    if not name or "/" in name or name.startswith("."):
        raise ValueError("bad job id")
    return os.path.join(transfer_dir(), EXPORTS if direction == EXPORT else IMPORTS, f"{name}.zip")


def _payload(unit_uid, job_id):
    return {"uid": unit_uid, "job_id": job_id, "site_url": api.portal.get().absolute_url()}


def _queue(job_id, unit_uid):
    from collective.gongwen.archive.tasks import run_transfer

    after_commit(run_transfer, f"transfer:{job_id}", _payload(unit_uid, job_id))


def archived_size(uids):
    """The bytes of the archived files of the items ``uids`` (their manifests' sizes)."""
    total = 0
    for uid in uids:
        document = find_object(uid)
        for entry in (archive_info(document) or {}).get("files") or () if document else ():
            total += int(entry.get("size") or 0)
    return total


def start_export(unit, year, actor):
    """Start the 移交 export of ``unit``'s archived items of ``year``; the job id.

    ``ArchiveError``: nothing archived that year, the files over the package's bounds,
    or an export of that year unfinished.
    """
    uids = [brain.UID for brain in sorted(queries.unit_documents(unit, year), key=_code_of)]
    if not uids:
        raise ArchiveError(
            _(
                "transfer_nothing_to_export",
                default="${year}年度还没有已归档的文件，无法移交。",
                mapping={"year": year},
            )
        )
    size = archived_size(uids)
    if size > transfer.LIMITS.max_total_bytes:
        raise ArchiveError(
            _(
                "transfer_export_too_large",
                default="${year}年度的归档文件共 ${size} MB，超过移交包上限 ${limit} MB。",
                mapping={
                    "year": year,
                    "size": size // transfer.MB,
                    "limit": transfer.LIMITS.max_total_bytes // transfer.MB,
                },
            )
        )
    end_stalled(unit, int(year))
    job_id = jobs.start_job(
        unit, progress.TRANSFER, actor, year=int(year), uids=uids, params={"direction": EXPORT}
    )
    _queue(job_id, unit.UID())
    return job_id


def end_stalled(unit, year):
    """Fail ``unit``'s unfinished 移交 job of ``year`` whose worker has been silent for
    ``progress.STALL_SECONDS`` (it died: a half-written package cannot go on), so that a
    new one may start."""
    record = jobs.unfinished_job(unit, progress.TRANSFER, year)
    if record is not None and progress.is_stalled(record, time.time()):
        give_up(record["id"], INTERRUPTED)


def _code_of(brain):
    """The item's 档号 from the catalog (items go into the package in 档号 order)."""
    catalog = api.portal.get_tool("portal_catalog")
    return index_value(catalog, "archival_code", brain.getRID()) or ""


def start_import(unit, upload, actor):
    """Store the uploaded package ``upload`` (a file-like with ``read``) and start its
    verification; the job id. ``ArchiveError``: no file, empty, too large, or one unfinished
    (the upload is then not kept)."""
    if upload is None or not hasattr(upload, "read"):
        raise ArchiveError(
            _("transfer_import_no_file", default="请选择要导入的移交包（ZIP 文件）。")
        )
    handle, temporary = tempfile.mkstemp(
        prefix=".upload-", suffix=".zip", dir=os.path.join(transfer_dir(), IMPORTS)
    )
    try:
        size = 0
        with os.fdopen(handle, "wb") as out:
            while chunk := upload.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ArchiveError(
                        _(
                            "transfer_import_too_large",
                            default="上传的移交包超过 ${limit} MB，已拒绝。",
                            mapping={"limit": MAX_UPLOAD_BYTES // transfer.MB},
                        )
                    )
                out.write(chunk)
        if size == 0:
            raise ArchiveError(
                _("transfer_import_empty", default="上传的文件是空的，请选择移交包（ZIP 文件）。")
            )
        filename = clean_filename(getattr(upload, "filename", "") or "", "transfer.zip")
        end_stalled(unit, None)
        job_id = jobs.start_job(
            unit,
            progress.TRANSFER,
            actor,
            year=None,
            params={"direction": IMPORT, "filename": filename, "size": size},
        )
        os.replace(temporary, package_path(job_id, IMPORT))
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    _queue(job_id, unit.UID())
    return job_id


# --- what a worker claims ----------------------------------------------------------


def is_current_job(unit, job_id):
    """True when ``job_id`` is an unfinished 移交 job of ``unit``."""
    record = jobs.job_record(job_id)
    return (
        record is not None
        and record["kind"] == progress.TRANSFER
        and record["unit_uid"] == unit.UID()
        and not progress.is_finished(record["state"])
    )


def _text(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def item_history(document):
    """The item's 办理记录 for its metadata: time, actor, action, text (oldest first)."""
    return [
        {
            "time": times.minute_text(opinion.time),
            "actor": principal_name(opinion.signer_id),
            "action": action_title(opinion.action) if opinion.action else "",
            "text": opinion.text or "",
        }
        for opinion in opinions(document)[:MAX_HISTORY]
    ]


def item_claim(document, unit):
    """What the worker writes of the archived ``document``: ``item`` (``transfer``'s item
    metadata, plain values) and ``files`` (its manifest: path, version, filename, role,
    content_type, size, sha256, sm3)."""
    info = archive_info(document) or {}
    outgoing = IGongwenOutgoing.providedBy(document)
    item = {key: info.get(key) for _element, key in transfer.CODE_ELEMENTS}
    item.update(
        archival_code=info.get("archival_code"),
        organ_title=info.get("organ_title"),
        fonds_title=unit.Title(),
        kind="outgoing" if outgoing else "incoming",
        title=document.Title(),
        number=getattr(document, "issue_number" if outgoing else "receipt_number", None),
        source_number=None if outgoing else getattr(document, "source_number", None),
        responsible=(getattr(document, "signing_organ", None) or unit.Title())
        if outgoing
        else getattr(document, "source_organ", None),
        date=getattr(document, "written_date" if outgoing else "received_date", None),
        doc_kind=getattr(document, "doc_kind", None),
        urgency=getattr(document, "urgency", None),
        classification=getattr(document, "classification", None) or "none",
        direction=getattr(document, "direction", None) if outgoing else None,
        pages=page_count(document),
        archived_at=times.iso_text(info["archived_at"]) if info.get("archived_at") else "",
        archived_by=principal_name(info["archived_by"]) if info.get("archived_by") else "",
        report_id=info.get("report_id"),
        history=item_history(document),
    )
    files = [
        {
            key: entry.get(key)
            for key in (
                "path",
                "version",
                "title",
                "role",
                "filename",
                "content_type",
                "size",
                "sha256",
                "sm3",
            )
        }
        for entry in info.get("files") or ()
    ]
    return {"uid": document.UID(), "item": _plain(item), "files": files}


def _plain(item):
    return {
        key: (value if isinstance(value, (int, list, dict)) or value is None else _text(value))
        for key, value in item.items()
    }


def claim_transfer(unit, job_id):
    """The worker (re)starts or goes on with job ``job_id``: its direction, the package's
    header and the folder; for an export, the batch of items at the job's cursor."""
    record = jobs.update_job(job_id, state=progress.RUNNING, heartbeat=time.time())
    direction = (record.get("params") or {}).get("direction", EXPORT)
    answer = {"direction": direction, "position": record["cursor"], "total": record["total"]}
    if direction == IMPORT:
        return dict(answer, path=package_path(job_id, IMPORT), directory=transfer_dir())
    header = header_of(unit, record["year"])
    answer.update(
        package=dict(
            header,
            created=times.iso_text(times.utc_now()),
            actor=principal_name(record["actor"]),
            destroyed=register.destroyed_codes(unit.UID(), record["year"]),
        ),
        path=package_path(job_id, EXPORT),
        directory=transfer_dir(),
        items=[],
    )
    for uid in progress.batch_at(jobs.job_uids(job_id), record["cursor"]):
        document = find_object(uid)
        if document is None or archive_info(document) is None:
            answer["items"].append({"uid": uid, "missing": True})
        else:
            answer["items"].append(item_claim(document, unit))
    return answer


def note_batch(job_id, position):
    """The worker wrote the batch at ``position``: the cursor moves past it.

    False when ``position`` is not the job's cursor (a retry of a batch noted before)."""
    record = jobs.job_record(job_id)
    if record["cursor"] != position:
        return False
    uids = jobs.job_uids(job_id)
    count = len(progress.batch_at(uids, position))
    jobs.update_job(
        job_id,
        cursor=position + count,
        done=min(record["done"] + count, len(uids)),
        heartbeat=time.time(),
    )
    return True


# --- what a worker files -------------------------------------------------------------


def file_transfer(unit, job_id, outcome):
    """File the worker's ``outcome`` of job ``job_id``; the job's record.

    ``outcome``: ``refusal`` (a message dict: the package was refused or could not be
    written, naming the file or item) or ``results`` (``ItemResult`` dicts) with
    ``sequence`` (``Problem`` dicts) and ``package`` (size, sha256, sm3, manifest digests,
    items, files, year, fonds_number). The report is stored whenever 四性检测 ran; any
    problem fails the job (an export's package is then not offered, the worker removed it).
    """
    from collective.gongwen.archive.checks import ItemResult
    from collective.gongwen.archive.checks import Problem
    from collective.gongwen.archive.reports import store_report

    record = jobs.job_record(job_id)
    direction = (record.get("params") or {}).get("direction", EXPORT)
    package = {
        str(key): value
        for key, value in dict(outcome.get("package") or {}).items()
        if isinstance(value, (int, str))
    }
    if outcome.get("refusal"):
        return jobs.update_job(
            job_id,
            state=progress.FAILED,
            message=outcome["refusal"],
            result=dict(package, direction=direction, passed=False),
        )
    results = [ItemResult.from_dict(result) for result in outcome["results"]]
    sequence = [Problem.from_dict(problem) for problem in outcome.get("sequence") or ()]
    year = record["year"] if direction == EXPORT else _year(package.get("year"))
    report_id = store_report(progress.TRANSFER, unit, year, results, sequence, record["actor"])
    failed = [result for result in results if result.problems]
    passed = not failed and not sequence
    message = None
    if not passed:
        named = [result.label for result in failed][:5] or [sequence[0].item]
        message = _(
            "transfer_check_failed",
            default="四性检测未通过，移交已阻止：${items}。详见检测报告。",
            mapping={"items": "、".join(named)},
        )
    return jobs.update_job(
        job_id,
        state=progress.DONE if passed else progress.FAILED,
        done=len(results) if direction == IMPORT else record["done"],
        failed=len(failed),
        total=record["total"] or len(results),
        message=message,
        report_id=report_id,
        result=dict(package, direction=direction, passed=passed, items=len(results)),
        heartbeat=time.time(),
    )


def _year(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


INTERRUPTED = "interrupted"


def give_up(job_id, reason):
    """The worker could not finish job ``job_id``: failed. ``reason`` is ``INTERRUPTED``
    (a worker died half-way through the package) or the worker's own words."""
    if reason == INTERRUPTED:
        message = _(
            "transfer_interrupted",
            default="移交包写到一半时中断，已作废，请重新导出。",
        )
    else:
        message = _(
            "transfer_worker_gave_up",
            default="移交任务未能完成：${reason}",
            mapping={"reason": str(reason)[:300]},
        )
    return jobs.update_job(job_id, state=progress.FAILED, message=message)


# --- what the page shows -------------------------------------------------------------


def transfer_jobs(unit, direction=None):
    """``unit``'s 移交 job records (of ``direction`` if given), newest first."""
    return [
        record
        for record in jobs.jobs_of(unit, progress.TRANSFER)
        if direction is None or (record.get("params") or {}).get("direction") == direction
    ]


def downloadable(record):
    """The path of the export package of job ``record`` when it may be downloaded, else None."""
    if (
        record is None
        or record["kind"] != progress.TRANSFER
        or record["state"] != progress.DONE
        or (record.get("params") or {}).get("direction") != EXPORT
        or not (record.get("result") or {}).get("passed")
    ):
        return None
    path = package_path(record["id"], EXPORT)
    return path if os.path.isfile(path) else None


def download_name(unit, record):
    """The package's file name: 移交包-<全宗号>-<年度>.zip."""
    fonds = getattr(unit, "fonds_number", None) or "0"
    return transfer.package_filename(fonds, record.get("year"))
