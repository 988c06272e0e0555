"""R-R1, R-RUN1: the rules of an archive job's life (``archive.progress``), plain Python."""

from collective.gongwen.archive import progress


def test_r_r1_batches_walk_the_frozen_order_in_pieces_of_50():
    uids = tuple(f"u{n:03d}" for n in range(120))
    assert progress.BATCH_SIZE == 50
    assert progress.batch_at(uids, 0) == uids[:50]
    assert progress.batch_at(uids, 50) == uids[50:100]
    assert progress.batch_at(uids, 100) == uids[100:]
    assert progress.batch_at(uids, 120) == ()
    assert progress.batch_at(uids, -5) == uids[:50]
    assert progress.batch_at(uids, 25, size=25) == uids[25:50]
    assert progress.batch_at(uids, 0, size=10**9) == uids[:120]
    assert progress.batch_at(uids, 0, size=0) == uids[:1]


def test_r_r1_a_batch_result_is_filed_once():
    assert progress.batch_position(25, 25, 25) == "current"
    assert progress.batch_position(25, 0, 25) == "done"
    assert progress.batch_position(25, 50, 25) == "unknown"
    assert progress.batch_position(25, -1, 25) == "unknown"
    assert progress.batch_position(25, 25, 0) == "unknown"


def test_r_run1_percent_counts_done_and_failed_items():
    assert progress.percent({"state": "running", "total": 0}) == 0
    assert progress.percent({"state": "running", "total": 200, "done": 49, "failed": 1}) == 25
    assert progress.percent({"state": "running", "total": 3, "done": 3, "failed": 0}) == 100
    assert progress.percent({"state": "done", "total": 3, "done": 0}) == 100
    assert progress.percent({"state": "failed", "total": 10}) == 100
    assert progress.percent({"state": "running", "total": 1, "done": 7}) == 100


def test_r_run1_a_silent_unfinished_job_is_stalled():
    running = {"state": "running", "heartbeat": 1000.0}
    assert not progress.is_stalled(running, 1000.0 + progress.STALL_SECONDS - 1)
    assert progress.is_stalled(running, 1000.0 + progress.STALL_SECONDS)
    assert not progress.is_stalled({"state": "done", "heartbeat": 0}, 10**9)


def test_r_r1_one_unfinished_job_per_unit_kind_and_year():
    assert progress.active_key("u", "archive", 2026) != progress.active_key("u", "check", 2026)
    assert progress.active_key("u", "archive", 2026) != progress.active_key("u", "archive", 2025)
    assert progress.active_key("u", "archive", None).endswith(":-")
    assert progress.running_conflict(2026).mapping == {"year": 2026}
