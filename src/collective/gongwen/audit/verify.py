"""Proving an audit store (R-U1): the chain walked, the checkpoints checked, the first break named.

Plain Python (no Zope imports beyond the message factory). ``verify`` reads a
store (a file or a PostgreSQL URL, through its ``reader``) in one snapshot and
returns a ``Report``: ``ok``, how many entries and checkpoints it proved, and
else the ``Problem`` — its kind (``edited``, ``deleted``, ``reordered``,
``truncated``, ``rewritten``, ``checkpoint``, ``unreadable``), the first entry
concerned and a message (Chinese, i18n; ``english`` for the console and logs).
"""

import dataclasses

from collective.gongwen import _
from collective.gongwen.audit import chain
from collective.gongwen.audit import store


@dataclasses.dataclass(frozen=True)
class Problem:
    kind: str
    seq: int
    message: object  # an i18n Message with a Chinese default
    english: str


@dataclasses.dataclass(frozen=True)
class Report:
    entries: int
    checkpoints: int
    problem: Problem | None = None

    @property
    def ok(self):
        return self.problem is None


def _problem(kind, seq, **mapping):
    mapping = {"seq": seq, **mapping}
    messages = {
        "edited": (
            _(
                "audit_verify_edited",
                default="第 ${seq} 条审计记录的内容被改动过。",
                mapping=mapping,
            ),
            "Audit entry {seq} was edited.",
        ),
        "edited_rehashed": (
            _(
                "audit_verify_edited_rehashed",
                default="第 ${seq} 条审计记录被改动过（其散列被重新计算，下一条已接不上）。",
                mapping=mapping,
            ),
            "Audit entry {seq} was edited (its hash was recomputed; the next entry no longer "
            "links to it).",
        ),
        "deleted": (
            _("audit_verify_deleted", default="第 ${seq} 条审计记录被删除了。", mapping=mapping),
            "Audit entry {seq} was deleted.",
        ),
        "reordered": (
            _(
                "audit_verify_reordered",
                default="第 ${seq} 条位置上的审计记录不属于这里：记录的顺序被调换或被替换。",
                mapping=mapping,
            ),
            "The audit entry at position {seq} does not belong there: entries were reordered "
            "or replaced.",
        ),
        "truncated": (
            _(
                "audit_verify_truncated",
                default="审计记录从第 ${seq} 条起被截去了（检查点记到第 ${upto} 条）。",
                mapping=mapping,
            ),
            "Audit entries from {seq} on were cut off (a checkpoint covers up to {upto}).",
        ),
        "rewritten": (
            _(
                "audit_verify_rewritten",
                default="第 ${seq} 至 ${upto} 条审计记录被改写过（与已签名的检查点不符）。",
                mapping=mapping,
            ),
            "Audit entries {seq} to {upto} were rewritten (they do not match the signed "
            "checkpoint).",
        ),
        "checkpoint": (
            _(
                "audit_verify_checkpoint",
                default="第 ${number} 个检查点的签名不对：检查点被伪造、改动或删除过。",
                mapping=mapping,
            ),
            "Checkpoint {number} has a wrong signature: checkpoints were forged, edited or "
            "deleted.",
        ),
        "unreadable": (
            _("audit_verify_unreadable", default="审计存储无法读取：${reason}", mapping=mapping),
            "The audit store cannot be read: {reason}",
        ),
    }
    message, english = messages[kind]
    return Problem(
        kind="edited" if kind == "edited_rehashed" else kind,
        seq=seq,
        message=message,
        english=english.format(**mapping),
    )


def _read_checkpoints(reader, key):
    """The checkpoints in order, or the Problem of the first whose signature fails."""
    checkpoints = []
    previous = ""
    for number, row in enumerate(reader.checkpoint_rows(), start=1):
        payload = chain.checkpoint_payload(
            row["seq"], row["hash"], row["time"], row["algorithm"], previous
        )
        if row["prev_signature"] != previous or not chain.signature_is_valid(
            key, payload, row["signature"]
        ):
            return checkpoints, _problem("checkpoint", row["seq"], number=number)
        checkpoints.append(dict(row))
        previous = row["signature"]
    return checkpoints, None


def _walk(reader, algorithm, checkpoints):
    """Walk the entries in order; (count, last seq, Problem or None)."""
    pending = sorted(checkpoints, key=lambda record: record["seq"])
    pending = [record for record in pending if record["seq"] > 0]
    covered = 0  # the seq the last matched checkpoint proved
    previous = {"seq": 0, "hash": chain.GENESIS}
    count = 0
    for row in reader.entry_rows():
        seq = row["seq"]
        expected = previous["seq"] + 1
        if seq != expected:
            return count, previous["seq"], _problem("deleted", expected)
        own_hash_holds = chain.entry_hash(row, row["prev_hash"], algorithm) == row["hash"]
        if row["prev_hash"] != previous["hash"]:
            if own_hash_holds:
                return count, previous["seq"], _problem("edited_rehashed", previous["seq"])
            return count, previous["seq"], _problem("reordered", seq)
        if not own_hash_holds:
            return count, previous["seq"], _problem("edited", seq)
        while pending and pending[0]["seq"] == seq:
            if pending.pop(0)["hash"] != row["hash"]:
                return count, previous["seq"], _problem("rewritten", covered + 1, upto=seq)
            covered = seq
        previous = {"seq": seq, "hash": row["hash"]}
        count += 1
    return count, previous["seq"], None


def verify(path, key=None):
    """The ``Report`` of the store at ``path`` (a file or a ``postgresql://`` URL); checkpoints
    are checked with ``key`` (bytes)."""
    try:
        with store.open_store(path).reader() as reader:
            return _verified(reader, key)
    except store.Unreadable as error:
        return Report(0, 0, _problem("unreadable", 0, reason=str(error)))


def _verified(reader, key):
    algorithm = reader.algorithm() or chain.DEFAULT_ALGORITHM
    if algorithm not in chain.ALGORITHMS:
        return Report(0, 0, _problem("unreadable", 0, reason=f"algorithm {algorithm!r}"))
    checkpoints, problem = _read_checkpoints(reader, key) if key else ([], None)
    if problem:
        return Report(0, len(checkpoints), problem)
    count, last, problem = _walk(reader, algorithm, checkpoints)
    if problem:
        return Report(count, len(checkpoints), problem)
    upto = max((record["seq"] for record in checkpoints), default=0)
    upto = max(upto, reader.issued())
    if upto > last:
        return Report(count, len(checkpoints), _problem("truncated", last + 1, upto=upto))
    return Report(count, len(checkpoints))
