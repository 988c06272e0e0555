"""Exactly once: the ledger of the jobs whose result was filed (plain Python).

Every job carries an id. The portal remembers, with the object a job worked
on, the ids of the jobs whose result it filed; a worker's retry of one of
them (it timed out reading the answer, or its process died after filing)
is answered "already done" — 200 with ``ALREADY_DONE_HEADER`` — and has no
second effect. The ledger keeps the newest ``KEEP`` ids per object.
"""

ALREADY_DONE_HEADER = "X-Gongwen-Job"
ALREADY_DONE = "already-done"
KEEP = 20
MAX_JOB_ID = 64


def is_done(ledger, job_id):
    """True when the result of ``job_id`` was filed (``ledger``: job id → time filed)."""
    return bool(job_id) and ledger is not None and job_id in ledger


def remember(ledger, job_id, now, keep=KEEP):
    """Record ``job_id`` as filed at ``now``, forgetting the oldest beyond ``keep``; the ledger."""
    if not job_id or len(job_id) > MAX_JOB_ID:
        return ledger
    ledger[job_id] = now
    if len(ledger) > keep:
        for old, _when in sorted(ledger.items(), key=lambda item: item[1])[: len(ledger) - keep]:
            del ledger[old]
    return ledger
