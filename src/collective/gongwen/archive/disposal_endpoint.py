"""``@@gongwen-destruction-batch``: a worker's call to destroy the next batch of a ``destroy``
job (R-R2). On the site root, with the job's token on the unit's UID (``ArchiveEndpoint``:
the job must be the unit's and unfinished); the work is ``disposal.destroy_batch``."""

from collective.gongwen.archive import disposal
from collective.gongwen.archive.endpoints import ArchiveEndpoint
from collective.gongwen.archive.endpoints import _number


class DestructionBatch(ArchiveEndpoint):
    """Destroy the batch at ``position`` (the job's cursor); answer the job's state and cursor."""

    def handle(self, unit):
        position = _number(self.request.form.get("position"))
        if position is None:
            return self.answer(400, error="bad position")
        record = disposal.destroy_batch(unit, self.request.form["job"], position)
        if record is None:
            return self.answer(409, error="stale job")
        return self.answer(
            200,
            state=record["state"],
            cursor=record["cursor"],
            done=record["done"],
            failed=record["failed"],
        )
