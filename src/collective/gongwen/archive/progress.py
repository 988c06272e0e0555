"""The rules of an archive job's life, in plain Python: kinds, states, batches, progress, stalls.

No Zope import here (only the message factory). ``jobs`` keeps the records these rules
read; ``pipeline`` and the workers move them along.

* A job has a ``kind`` (``KINDS``: 归档, 四性检测, 归档文件目录, 移交) and a state:
  queued → running → done or failed. A unit has at most one unfinished job of a kind and
  year (``running_conflict``).
* Its items are worked through in batches of ``BATCH_SIZE`` (``batch_at``), in the order
  frozen when the job started; the job's ``cursor`` is the index of the next batch, so a
  batch's result is filed once (``batch_position``: a repeated result is "already done").
* A worker may claim and check the batch after the cursor while the one at the cursor
  is being filed (``claimable_position``, ``claimed_window``): checking and filing overlap.
* ``percent`` is the share of items finished (done or failed); a running job whose worker
  sent nothing for ``STALL_SECONDS`` is stalled (``is_stalled``) and may be resumed.
"""

from collective.gongwen import _

ARCHIVE = "archive"
CHECK = "check"
CATALOGUE = "catalogue"
TRANSFER = "transfer"
DESTROY = "destroy"  # 执行销毁 of an approved 销毁申请 (R-R2, disposal)
KINDS = (ARCHIVE, CHECK, CATALOGUE, TRANSFER, DESTROY)
KIND_TITLES = {
    ARCHIVE: _("archive_job_kind_archive", default="归档"),
    CHECK: _("archive_job_kind_check", default="四性检测"),
    CATALOGUE: _("archive_job_kind_catalogue", default="归档文件目录"),
    TRANSFER: _("archive_job_kind_transfer", default="移交"),
    DESTROY: _("archive_job_kind_destroy", default="执行销毁"),
}

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
STATES = (QUEUED, RUNNING, DONE, FAILED)
FINISHED = (DONE, FAILED)
STATE_TITLES = {
    QUEUED: _("archive_job_state_queued", default="排队中"),
    RUNNING: _("archive_job_state_running", default="进行中"),
    DONE: _("archive_job_state_done", default="已完成"),
    FAILED: _("archive_job_state_failed", default="失败"),
}

BATCH_SIZE = 50
MAX_BATCH_SIZE = 200
# Batches a worker may claim beyond the one being filed (``claimable_position``).
LOOKAHEAD = 1
STALL_SECONDS = 600
MAX_UIDS = 100_000  # items of one job (a year of a unit is far below it)

# The outcome of one item of a batch.
ITEM_DONE = "done"
ITEM_FAILED = "failed"


def is_finished(state):
    """True for a job that will do nothing more (done or failed)."""
    return state in FINISHED


def active_key(unit_uid, kind, year):
    """The key of a unit's unfinished job of ``kind`` for ``year`` (None: no year)."""
    return f"active:{unit_uid}:{kind}:{year if year is not None else '-'}"


def batch_at(uids, cursor, size=BATCH_SIZE):
    """The uids of the batch that starts at ``cursor`` (empty once all were worked through)."""
    cursor = max(0, int(cursor))
    size = max(1, min(int(size), MAX_BATCH_SIZE))
    return tuple(uids[cursor : cursor + size])


def claimable_position(cursor, position, size=BATCH_SIZE, lookahead=LOOKAHEAD):
    """Where the batch a worker claims starts: ``position`` when it asks for one of the
    ``lookahead`` batches after the job's ``cursor`` (it checks that batch while the portal
    files the one before: only filing moves the cursor, so each is still filed once and in
    order), else the ``cursor`` (``position`` None, behind, or too far ahead)."""
    if position is None:
        return cursor
    size = max(1, min(int(size), MAX_BATCH_SIZE))
    if cursor <= position <= cursor + lookahead * size:
        return position
    return cursor


def claimed_window(uids, cursor, size=BATCH_SIZE, lookahead=LOOKAHEAD):
    """The uids a worker may have claimed: the batch at ``cursor`` and the ``lookahead``
    batches after it (their files are read through the job's token)."""
    cursor = max(0, int(cursor))
    size = max(1, min(int(size), MAX_BATCH_SIZE))
    return tuple(uids[cursor : cursor + size * (1 + max(0, int(lookahead)))])


def batch_position(cursor, position, count):
    """How a batch result at ``position`` of ``count`` items stands against the job's ``cursor``.

    "current" (file it, then the cursor moves past it), "done" (filed before: a retry),
    or "unknown" (not a batch this job handed out).
    """
    if position == cursor and count > 0:
        return "current"
    if 0 <= position < cursor and count > 0:
        return "done"
    return "unknown"


def percent(record):
    """The share of the job's items finished, 0–100 (a finished job is 100)."""
    if is_finished(record.get("state")):
        return 100
    total = int(record.get("total") or 0)
    if total <= 0:
        return 0
    finished = int(record.get("done") or 0) + int(record.get("failed") or 0)
    return max(0, min(100, finished * 100 // total))


def is_stalled(record, now):
    """True when an unfinished job has heard nothing from a worker for ``STALL_SECONDS``.

    ``now`` and the record's ``heartbeat`` are seconds since the epoch.
    """
    if is_finished(record.get("state")):
        return False
    heartbeat = record.get("heartbeat") or 0
    return now - heartbeat >= STALL_SECONDS


def running_conflict(year):
    """The message that refuses a second unfinished job of a kind for ``year``."""
    return _(
        "archive_job_already_running",
        default="本单位${year}年度已有一个同类任务尚未完成，请等它完成后再开始。",
        mapping={"year": year if year is not None else ""},
    )
