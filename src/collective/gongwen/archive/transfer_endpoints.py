"""``@@gongwen-transfer-claim``, ``-batch`` and ``-result``: a worker's 移交 job (R-R3).

Called by workers with the job's token on the unit's UID (``jobs.endpoint.WorkerEndpoint``),
not by users, on the site root. The claim answers what to do (``transfer_store
.claim_transfer``: an export's header and the batch of items at the job's cursor, or the
uploaded package to verify); ``-batch`` moves an export's cursor past the batch written
(the files of a batch are read through ``@@gongwen-archive-file`` while it is the current
one); ``-result`` files the verification and 四性检测 (``file_transfer``) or, with
``gave_up``, why the worker stopped. A job that is not the unit's unfinished 移交 job is
answered 409; the result is filed once (``files_result``).
"""

import json

from collective.gongwen.archive import transfer_store
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.jobs.endpoint import WorkerEndpoint

MAX_RESULTS_BYTES = 64 * 1024 * 1024
MAX_FIELD = 300


def _number(value):
    text = str(value if value is not None else "")[:12].strip()
    return int(text) if text.isdigit() else None


class TransferEndpoint(WorkerEndpoint):
    """A 移交 job's endpoint, for a unit: the job must be its unfinished 移交 job."""

    def is_current(self, obj, job_id):
        return IGongwenUnit.providedBy(obj) and transfer_store.is_current_job(obj, job_id)


class TransferClaim(TransferEndpoint):
    """The worker starts or goes on: what to do next."""

    def handle(self, unit):
        return self.answer(200, **transfer_store.claim_transfer(unit, self.request.form["job"]))


class TransferBatch(TransferEndpoint):
    """The worker wrote the batch at ``position``: the job's cursor moves past it."""

    def handle(self, unit):
        position = _number(self.request.form.get("position"))
        if position is None:
            return self.answer(400, error="bad position")
        moved = transfer_store.note_batch(self.request.form["job"], position)
        return self.answer(200, result="noted" if moved else "already noted")


def _text(value, limit):
    if hasattr(value, "read"):
        return value.read(limit + 1).decode("utf-8", "replace")
    return str(value or "")


class TransferResult(TransferEndpoint):
    """The package verified and checked (or refused), filed once; or the worker gave up."""

    files_result = True

    def handle(self, unit):
        form, job_id = self.request.form, self.request.form["job"]
        if form.get("gave_up"):
            record = transfer_store.give_up(job_id, str(form.get("gave_up"))[:MAX_FIELD])
            return self.answer(200, state=record["state"])
        text = _text(form.get("outcome"), MAX_RESULTS_BYTES)
        if len(text) > MAX_RESULTS_BYTES:
            return self.answer(400, error="outcome too large")
        try:
            outcome = json.loads(text or "{}")
            if not isinstance(outcome, dict) or not (
                outcome.get("refusal") or isinstance(outcome.get("results"), list)
            ):
                raise ValueError("no refusal and no results")
            record = transfer_store.file_transfer(unit, job_id, outcome)
        except (ValueError, KeyError, TypeError, AttributeError):
            return self.answer(400, error="malformed outcome")
        return self.answer(200, state=record["state"], report_id=record.get("report_id"))
