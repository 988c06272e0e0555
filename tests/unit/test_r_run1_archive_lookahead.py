"""R-R1, R-RUN1: a worker checks the batch after the one being filed (``archive.progress``).

Only filing moves a job's cursor, one batch at a time; a worker may claim one batch ahead of
it, and read that batch's files, so that checking and filing overlap. Plain Python.
"""

from collective.gongwen.archive import progress

UIDS = tuple(f"u{n:03d}" for n in range(60))


def test_r_run1_a_worker_may_claim_the_batch_after_the_cursor():
    assert progress.LOOKAHEAD == 1
    assert progress.claimable_position(0, progress.BATCH_SIZE) == progress.BATCH_SIZE
    assert progress.claimable_position(0, None, size=25) == 0
    assert progress.claimable_position(0, 25, size=25) == 25
    assert progress.claimable_position(25, 50, size=25) == 50
    assert progress.claimable_position(50, 75, size=25) == 75  # past the end: an empty batch


def test_r_run1_a_claim_behind_or_too_far_ahead_gets_the_cursor():
    assert progress.claimable_position(25, 0, size=25) == 25
    assert progress.claimable_position(25, 51, size=25) == 25
    assert progress.claimable_position(0, 26, size=25) == 0
    assert progress.claimable_position(0, 10**12, size=25) == 0
    assert progress.claimable_position(0, 4, size=2, lookahead=3) == 4
    assert progress.claimable_position(0, 8, size=2, lookahead=3) == 0


def test_r_run1_the_files_of_the_batch_ahead_may_be_read_not_further():
    window = progress.claimed_window(UIDS, 0, size=25)
    assert progress.claimed_window(UIDS, 0) == UIDS[: 2 * progress.BATCH_SIZE]
    assert window == UIDS[:50]
    assert progress.claimed_window(UIDS, 25, size=25) == UIDS[25:]
    assert progress.claimed_window(UIDS, 60, size=25) == ()
    assert progress.claimed_window(UIDS, -3, size=25) == UIDS[:50]
    assert progress.claimed_window(UIDS, 0, size=200, lookahead=1) == UIDS
    assert progress.claimed_window(UIDS, 0, size=10, lookahead=0) == UIDS[:10]


def test_r_run1_filing_still_takes_the_batches_in_order_once():
    # A batch claimed ahead is filed only once the cursor has reached it.
    assert progress.batch_position(0, 25, 25) == "unknown"
    assert progress.batch_position(25, 25, 25) == "current"
    assert progress.batch_position(50, 25, 25) == "done"
