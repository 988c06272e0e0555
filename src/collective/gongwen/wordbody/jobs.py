"""The Word 正文's worker jobs, asked for from Zope (R-D6): analyse, compare, 清稿.

Three durable jobs on the one queue (``wordbody.tasks``), done by the workers
(``wordbody.worker``) through the token-checked endpoints (``wordbody.endpoints``):

- ``queue_analyse(document, version)`` — read the version's file (a .wps/.odt
  converted to .docx first): its tracked changes with their authors, its
  comments, the SHA-256 of its accepted text → ``content.body.set_analysis``.
  Asked for by ``wordbody.actions`` after every ``put_body`` of an upload or a
  check-in (a 清稿's analysis comes with its file).
- ``queue_compare(document, a, b)`` — the two versions side by side
  (``wordbody.compare``), kept per pair in an annotation of the document
  (``compare_result``; at most ``MAX_COMPARES``, the newest kept).
- ``queue_clean(document, actor)`` — LibreOffice accepts every change and
  drops every comment of the current version (``wordbody.office``); the clean
  file is stored as a version of kind 清稿 in ``actor``'s name, with its
  analysis and the 套红 HTML (``wordbody.official``), in one transaction
  (``clean_pending``, ``clean_failure``).

Each job's records follow ``jobs.coalesce`` in a site-level BTree (the
typesetter's way, ``typeset.render_jobs``), keyed ``"<uid>:<task>[:<args>]"``:
asking again while a job is queued or running adds nothing, and a worker's
claim and result never write what the user's next action writes. The job is
handed to the queue only when the transaction commits. A bad file is a result
(state failed, a Chinese reason), never a retry.
"""

import time

from persistent.mapping import PersistentMapping
from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen import _
from collective.gongwen.content.annotations import annotation
from collective.gongwen.jobs import coalesce
from collective.gongwen.jobs.dispatch import after_commit
from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.wordbody import tasks
from collective.gongwen.wordbody.reasons import REASONS
from collective.gongwen.wordbody.reasons import reason_message

STORE_KEY = "collective.gongwen.wordbody_jobs"
COMPARE_KEY = "collective.gongwen.wordbody.compare"
# Comparisons kept per document (the newest); an older pair is compared again when asked.
MAX_COMPARES = 20
# A claimed job that sent nothing for this long is counted dead (LibreOffice's limit is
# a minute by default; a 20-page file takes seconds).
CLAIM_LIMIT = 15 * 60

ANALYSE = "analyse"
COMPARE = "compare"
CLEAN = "clean"
TASKS = (ANALYSE, COMPARE, CLEAN)

DONE = "done"
FAILED = "failed"
PENDING = "pending"

# Why a job made no result, beside the file's own reasons (``wordbody.reasons``).
JOB_REASONS = {
    "timeout": _(
        "wordbody_job_timeout",
        default="LibreOffice 处理正文超过 ${seconds} 秒仍未完成，已停止。"
        "请检查文件是否过大或损坏，必要时另存后重新上传。",
    ),
    "tool_failed": _(
        "wordbody_job_tool_failed",
        default="LibreOffice 处理正文时出错：${detail}",
    ),
    "unreadable": _(
        "wordbody_job_unreadable",
        default="正文文件无法读取（${detail}）。请用 Word/WPS 打开后另存为 .docx，再重新签入。",
    ),
    "retries_exhausted": _(
        "wordbody_job_retries_exhausted",
        default="多次重试后仍无法处理正文：${detail}",
    ),
    "not_clean": _(
        "wordbody_job_not_clean",
        default="清稿后的正文仍有 ${revisions} 处修订、${comments} 条批注，未保存。"
        "请用 Word/WPS 接受全部修订、删除批注后重新签入。",
    ),
    "body_changed": _(
        "wordbody_job_body_changed",
        default="清稿期间正文已有新版本（第${number}版），本次清稿未保存，请重新清稿。",
    ),
}


def job_message(code, mapping=None):
    """The translatable message of a job's failure ``code`` (a job's or a file's reason)."""
    if code in JOB_REASONS and code not in REASONS:
        message = JOB_REASONS[code]
        values = {"detail": code}
        values.update({key: str(value) for key, value in (mapping or {}).items()})
        return _(message, default=message.default, mapping=values)
    return reason_message(code, mapping)


def job_store(create=True):
    """The site's BTree of the Word 正文's job records."""
    return site_btree(STORE_KEY, create=create)


def job_key(uid, task, *args):
    """``"<uid>:<task>[:<arg>…]"``: the key of one piece of work on a document."""
    return ":".join([uid, task, *(str(arg) for arg in args)])


def parse_key(value):
    """``(task, args)`` of a key's part after the uid (``"compare:3:5"``); None if not one."""
    parts = str(value or "")[:64].split(":")
    task, args = parts[0], parts[1:]
    counts = {ANALYSE: 1, COMPARE: 2, CLEAN: 0}
    if task not in counts or len(args) != counts[task]:
        return None
    if not all(arg.isdigit() and len(arg) <= 9 for arg in args):
        return None
    return task, tuple(int(arg) for arg in args)


def _waiting(store, key):
    """The job waited for under ``key``; None also when it was claimed longer than
    ``CLAIM_LIMIT`` ago and never answered (its worker died: it is asked for anew)."""
    job_id = coalesce.waiting(store, key)
    if job_id is None:
        return None
    claimed = coalesce.ran_of(store, key).get("job_id") == job_id
    if claimed and coalesce.running(store, key, limit=CLAIM_LIMIT) is None:
        return None
    return job_id


def _queue(document, task, *args, **fields):
    """Ask for ``task`` on ``document`` unless one is waited for; the job id waited for."""
    uid = IUUID(document)
    store, key = job_store(), job_key(uid, task, *args)
    waiting = _waiting(store, key)
    if waiting is not None:
        return waiting
    job_id = coalesce.request(store, key, **fields)
    if job_id is not None:
        payload = {
            "uid": uid,
            "job_id": job_id,
            "key": key[len(uid) + 1 :],
            "site_url": api.portal.get().absolute_url(),
        }
        after_commit(tasks.TASKS[task], key, payload)
    return _waiting(store, key)


def waiting_job(document, task, *args):
    """The id of the ``task`` job ``document`` waits for (queued or running), or None."""
    store = job_store(create=False)
    key = job_key(IUUID(document), task, *args)
    return _waiting(store, key) if store is not None else None


def waiting_jobs(document):
    """``[(key, job id)]`` of every job ``document`` waits for; ``key`` without the uid."""
    store = job_store(create=False)
    if store is None:
        return []
    uid = IUUID(document)
    found = []
    for key in store.keys(min=f"{uid}:", max=f"{uid};", excludemax=True):
        if key.endswith(coalesce.RAN_SUFFIX):
            continue
        job_id = _waiting(store, key)
        if job_id is not None:
            found.append((key[len(uid) + 1 :], job_id))
    return found


def job_record(document, task, *args):
    """The job record of ``task`` on ``document`` (``coalesce.record_of``; {} if none)."""
    store = job_store(create=False)
    key = job_key(IUUID(document), task, *args)
    return coalesce.record_of(store, key) if store is not None else {}


# Analyse


def queue_analyse(document, version):
    """Have a worker analyse ``version`` of the Word 正文 after commit; the job id."""
    return _queue(document, ANALYSE, version, versions=[version])


# Compare


def _compares(document, create=False):
    return annotation(document, COMPARE_KEY, PersistentMapping if create else None)


def _pair(a, b):
    return f"{int(a)}:{int(b)}"


def compare_result(document, a, b):
    """The comparison of versions ``a`` and ``b``: None when never asked for, else
    ``{"state": "pending"|"done"|"failed", "html", "reason"}``."""
    kept = _compares(document) or {}
    result = kept.get(_pair(a, b))
    if result is not None:
        return dict(result)
    if waiting_job(document, COMPARE, int(a), int(b)) is not None:
        return {"state": PENDING, "html": "", "reason": ""}
    return None


def queue_compare(document, a, b):
    """Have a worker compare versions ``a`` and ``b`` (once: nothing while one is pending or
    its result is kept); the job id waited for, or None."""
    if _pair(a, b) in (_compares(document) or {}):
        return None
    return _queue(document, COMPARE, int(a), int(b), versions=[int(a), int(b)])


def store_compare(document, a, b, state, html="", reason=""):
    """Keep the comparison of ``a`` and ``b`` (the oldest goes beyond ``MAX_COMPARES``)."""
    kept = _compares(document, create=True)
    kept[_pair(a, b)] = {"state": state, "html": html, "reason": reason, "time": time.time()}
    while len(kept) > MAX_COMPARES:
        del kept[min(kept, key=lambda pair: kept[pair]["time"])]


# 清稿


def queue_clean(document, actor):
    """Have a worker 清稿 the current version of the Word 正文 in ``actor``'s name; the job id.

    Nothing new while one is queued or running. Who may is decided by the caller
    (``wordbody.actions.request_clean``).
    """
    return _queue(document, CLEAN, actor=actor)


def clean_pending(document):
    """True while a worker is to 清稿 the 正文 (queued or running)."""
    return waiting_job(document, CLEAN) is not None


def clean_failure(document):
    """Why the last 清稿 stored no clean version (Chinese text), or None."""
    record = job_record(document, CLEAN)
    if record.get("state") != coalesce.IDLE or record.get("outcome") != FAILED:
        return None
    return record.get("reason") or None
