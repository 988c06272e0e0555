"""R-RUN1: coalesced render jobs — one queued and one running job per key, stale results dropped.

The rules of ``jobs.coalesce`` on a plain dict, and on a BTree the way the
portal keeps them: two transactions that touch different keys merge, and the
requests and the worker's side never write the same key.
"""

from BTrees.OOBTree import OOBTree

from collective.gongwen.jobs import coalesce

KEY = "uid-1:slip"


def test_r_run1_a_first_request_queues_a_job():
    store = {}
    job = coalesce.request(store, KEY)
    assert job and coalesce.waiting(store, KEY) == job
    assert coalesce.record_of(store, KEY)["state"] == coalesce.QUEUED


def test_r_run1_a_newer_request_replaces_a_queued_job_whose_task_is_then_stale():
    store = {}
    first = coalesce.request(store, KEY)
    second = coalesce.request(store, KEY)
    assert second and second != first
    assert coalesce.waiting(store, KEY) == second
    assert not coalesce.claim(store, KEY, first)  # the older task, when a worker takes it
    assert coalesce.claim(store, KEY, second)


def test_r_run1_requests_while_running_make_exactly_one_follow_up():
    store = {}
    job = coalesce.request(store, KEY)
    assert coalesce.claim(store, KEY, job)
    follow_up = coalesce.request(store, KEY)  # enqueued by its request, once
    assert follow_up and follow_up != job
    assert coalesce.request(store, KEY) is None  # nothing more stacks on the running job
    assert coalesce.request(store, KEY) is None
    assert coalesce.record_of(store, KEY)["dirty"]
    assert coalesce.waiting(store, KEY) == follow_up
    assert coalesce.blocked(store, KEY, follow_up)  # it waits for the running job
    assert not coalesce.claim(store, KEY, follow_up)
    assert coalesce.finish(store, KEY, job)  # the running job's result is kept
    assert coalesce.waiting(store, KEY) == follow_up
    assert not coalesce.blocked(store, KEY, follow_up)
    assert coalesce.claim(store, KEY, follow_up)
    assert coalesce.finish(store, KEY, follow_up)
    assert coalesce.waiting(store, KEY) is None


def test_r_run1_a_clean_finish_leaves_nothing_waited_for():
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job)
    assert coalesce.finish(store, KEY, job)
    assert coalesce.record_of(store, KEY)["state"] == coalesce.IDLE
    assert not coalesce.finish(store, KEY, job)  # the same result again: stale
    assert not coalesce.claim(store, KEY, job)  # and the same task again


def test_r_run1_a_stale_result_is_discarded_and_leaves_the_record_alone():
    store = {}
    old = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, old)
    coalesce.drop(store, KEY)  # e.g. a milestone made the file meanwhile
    new = coalesce.request(store, KEY)
    before = store[KEY]
    assert coalesce.blocked(store, KEY, new)  # the dropped job still runs
    assert not coalesce.finish(store, KEY, old, refusal="x")
    assert store[KEY] == before
    assert "refusal" not in coalesce.record_of(store, KEY)
    assert coalesce.waiting(store, KEY) == new
    assert coalesce.claim(store, KEY, new)  # its end lets the new job run


def test_r_run1_a_retry_of_the_running_task_claims_again():
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job)
    assert coalesce.claim(store, KEY, job)  # a retry of the same task reads the input again
    assert coalesce.finish(store, KEY, job)


def test_r_run1_a_claim_that_sent_no_result_blocks_its_follow_up_until_the_limit():
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job, now=1000.0)  # its worker dies
    follow_up = coalesce.request(store, KEY)
    assert coalesce.blocked(store, KEY, follow_up, now=1059.0, limit=60)
    assert not coalesce.claim(store, KEY, follow_up, now=1059.0, limit=60)
    assert not coalesce.blocked(store, KEY, follow_up, now=1060.0, limit=60)
    assert coalesce.claim(store, KEY, follow_up, now=1060.0, limit=60)
    assert not coalesce.finish(store, KEY, job)  # the dead job's late result: stale
    assert coalesce.finish(store, KEY, follow_up)


def test_r_run1_a_retry_of_a_replaced_running_task_unblocks_its_follow_up_at_once():
    # Its first try claimed and sent no result (its call timed out); meanwhile a newer
    # request was made. The retry is refused, and the follow-up need not wait for the limit.
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job, now=1000.0)
    follow_up = coalesce.request(store, KEY)
    assert coalesce.blocked(store, KEY, follow_up, now=1001.0, limit=600)
    assert not coalesce.claim(store, KEY, job, now=1002.0, limit=600)
    assert not coalesce.blocked(store, KEY, follow_up, now=1003.0, limit=600)
    assert coalesce.claim(store, KEY, follow_up, now=1003.0, limit=600)
    assert not coalesce.finish(store, KEY, job)
    assert coalesce.finish(store, KEY, follow_up)
    assert coalesce.waiting(store, KEY) is None


def test_r_run1_a_stale_task_that_never_ran_leaves_the_running_job_alone():
    store = {}
    first = coalesce.request(store, KEY)
    second = coalesce.request(store, KEY)  # replaces the queued first
    assert coalesce.claim(store, KEY, second, now=1000.0)
    assert not coalesce.claim(store, KEY, first, now=1001.0)  # the stale task, taken late
    assert coalesce.running(store, KEY) == second


def test_r_run1_each_side_writes_its_own_key_only():
    class Writes(dict):
        def __setitem__(self, key, value):
            self.written.append(key)
            super().__setitem__(key, value)

    store = Writes()
    store.written = []
    job = coalesce.request(store, KEY)
    coalesce.request(store, KEY)
    job = coalesce.waiting(store, KEY)
    coalesce.update(store, KEY, version=True)
    assert set(store.written) == {KEY}
    store.written = []
    coalesce.claim(store, KEY, job, filename="稿纸.pdf")
    coalesce.request(store, KEY)  # the user's side, while it runs
    coalesce.finish(store, KEY, job, refusal=None)
    coalesce.drop(store, KEY)
    assert store.written == [coalesce.ran_key(KEY), KEY, coalesce.ran_key(KEY), KEY]
    assert coalesce.record_of(store, KEY)["filename"] == "稿纸.pdf"


def test_r_run1_the_callers_fields_survive_every_step():
    store = {}
    coalesce.update(store, KEY, refusal="超过上限")
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job)
    assert coalesce.record_of(store, KEY)["refusal"] == "超过上限"
    coalesce.finish(store, KEY, job, refusal=None)
    assert coalesce.record_of(store, KEY)["refusal"] is None


def test_r_run1_unknown_or_empty_job_ids_are_refused():
    store = {}
    assert not coalesce.claim(store, KEY, "")
    assert not coalesce.claim(store, KEY, "nope")
    assert not coalesce.finish(store, KEY, None)
    assert KEY not in store and coalesce.ran_key(KEY) not in store


def test_r_run1_records_are_replaced_whole_as_text():
    store = {}
    job = coalesce.request(store, KEY)
    kept = store[KEY]
    coalesce.claim(store, KEY, job)
    ran = store[coalesce.ran_key(KEY)]
    assert isinstance(kept, str) and isinstance(ran, str) and store[KEY] == kept
    coalesce.finish(store, KEY, job)
    assert store[coalesce.ran_key(KEY)] != ran
    record = coalesce.record_of(store, KEY)
    record["state"] = "changed"  # a copy: the store is not touched
    assert coalesce.record_of(store, KEY)["state"] == coalesce.IDLE


def test_r_run1_two_transactions_on_different_keys_merge_in_a_btree(tmp_path):
    import transaction
    import ZODB
    from ZODB.FileStorage import FileStorage

    db = ZODB.DB(FileStorage(str(tmp_path / "data.fs")))
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    one.root()["jobs"] = OOBTree()
    coalesce.request(one.root()["jobs"], "0:official")  # the site's first job, long done
    first.commit()
    two.sync()
    store_one, store_two = one.root()["jobs"], two.root()["jobs"]
    coalesce.request(store_one, "a:slip")
    coalesce.request(store_two, "b:slip")
    first.commit()
    second.commit()  # no ConflictError: the bucket's changes merge
    one.sync()
    assert set(one.root()["jobs"]) == {"0:official", "a:slip", "b:slip"}
    db.close()


def test_r_run1_the_next_request_and_the_workers_claim_and_result_merge_in_a_btree(tmp_path):
    import transaction
    import ZODB
    from ZODB.FileStorage import FileStorage

    db = ZODB.DB(FileStorage(str(tmp_path / "data.fs")))
    user, worker = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(user), db.open(worker)
    one.root()["jobs"] = OOBTree()
    job = coalesce.request(one.root()["jobs"], KEY)
    user.commit()
    two.sync()
    # The worker claims while the user asks again (the worker's claim not yet seen) …
    assert coalesce.claim(two.root()["jobs"], KEY, job)
    newer = coalesce.request(one.root()["jobs"], KEY)
    worker.commit()
    user.commit()  # no ConflictError
    # … then files its result while the user asks once more.
    two.sync()
    one.sync()
    assert coalesce.blocked(one.root()["jobs"], KEY, newer)  # the newer one waits for it
    assert coalesce.finish(two.root()["jobs"], KEY, job, refusal=None)
    assert coalesce.request(one.root()["jobs"], KEY) is not None  # replaces the unclaimed one
    user.commit()
    worker.commit()  # no ConflictError
    one.sync()
    store = one.root()["jobs"]
    latest = coalesce.waiting(store, KEY)
    assert latest not in (None, job, newer)
    assert not coalesce.blocked(store, KEY, latest)
    assert coalesce.claim(store, KEY, latest)
    db.close()
