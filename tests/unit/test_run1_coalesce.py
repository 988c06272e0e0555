"""R-RUN1: coalesced render jobs — one queued and one running job per key, stale results dropped.

The rules of ``jobs.coalesce`` on a plain dict, and on a BTree the way the
portal keeps them: two transactions that touch different keys merge.
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
    assert coalesce.request(store, KEY) is None  # nothing stacks on the running job
    assert coalesce.request(store, KEY) is None
    assert coalesce.record_of(store, KEY)["dirty"]
    accepted, follow_up = coalesce.finish(store, KEY, job)
    assert accepted and follow_up and follow_up != job
    assert coalesce.waiting(store, KEY) == follow_up
    assert coalesce.claim(store, KEY, follow_up)
    assert coalesce.finish(store, KEY, follow_up) == (True, None)
    assert coalesce.waiting(store, KEY) is None


def test_r_run1_a_clean_finish_leaves_nothing_waited_for():
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job)
    assert coalesce.finish(store, KEY, job) == (True, None)
    assert coalesce.record_of(store, KEY)["state"] == coalesce.IDLE
    assert coalesce.finish(store, KEY, job) == (False, None)  # the same result again: stale


def test_r_run1_a_stale_result_is_discarded_and_leaves_the_record_alone():
    store = {}
    old = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, old)
    coalesce.drop(store, KEY)  # e.g. a milestone made the file meanwhile
    new = coalesce.request(store, KEY)
    before = store[KEY]
    assert coalesce.finish(store, KEY, old, refusal="x") == (False, None)
    assert store[KEY] == before
    assert coalesce.waiting(store, KEY) == new


def test_r_run1_the_claim_cleans_a_dirty_mark_the_input_then_covers():
    store = {}
    job = coalesce.request(store, KEY)
    coalesce.claim(store, KEY, job)
    coalesce.request(store, KEY)
    assert coalesce.claim(store, KEY, job)  # a retry of the same task reads the input again
    assert coalesce.finish(store, KEY, job) == (True, None)


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
    assert coalesce.finish(store, KEY, None) == (False, None)
    assert KEY not in store


def test_r_run1_records_are_replaced_whole_as_text():
    store = {}
    job = coalesce.request(store, KEY)
    kept = store[KEY]
    coalesce.claim(store, KEY, job)
    assert isinstance(kept, str) and store[KEY] != kept
    record = coalesce.record_of(store, KEY)
    record["state"] = "changed"  # a copy: the store is not touched
    assert coalesce.record_of(store, KEY)["state"] == coalesce.RUNNING


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
