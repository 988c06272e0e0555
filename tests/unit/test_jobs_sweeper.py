"""A killed worker's job is redone, once (issue 21 item 7; ``jobs.redo``, ``jobs.sweeper``):
the rule on a clock passed in, then the records, heartbeat and sweep on a real SQLite queue."""

import logging
import time

import pytest
from huey import SqliteHuey
from huey import crontab

from collective.gongwen.jobs import redo
from collective.gongwen.jobs import sweeper

DEAD = redo.dead_after(15.0)  # 60 s


def record_at(beat):
    return redo.running_record("job-1", "convert_file", "bWVzc2FnZQ==", 1000.0, 4321, "w1") | {
        "beat": beat
    }


def test_jobs_sweeper_rule_alive_while_the_heart_beats():
    record = record_at(1000.0)
    assert redo.verdict(record, 1000.0 + DEAD - 0.001, DEAD, redone=0) == redo.ALIVE
    assert redo.verdict(redo.beaten(record, 1050.0), 1100.0, DEAD, redone=1) == redo.ALIVE


def test_jobs_sweeper_rule_redo_once_then_give_up():
    record = record_at(1000.0)
    assert redo.verdict(record, 1000.0 + DEAD, DEAD, redone=0) == redo.REDO
    assert redo.verdict(record, 1000.0 + DEAD, DEAD, redone=1) == redo.GIVE_UP
    kept = redo.given_up_record(record, 2000.0)
    assert kept["reason"] == redo.GIVEN_UP_REASON and kept["given_up"] == 2000.0
    assert kept["id"] == "job-1" and kept["pid"] == 4321 and "message" not in kept


def test_jobs_sweeper_rule_beat_follows_the_backoff_scale():
    assert redo.beat_seconds({}) == redo.BEAT_SECONDS
    assert redo.beat_seconds({"GONGWEN_JOB_BACKOFF_SCALE": "0.05"}) == pytest.approx(0.75)
    assert redo.beat_seconds({"GONGWEN_JOB_BACKOFF_SCALE": "0.001"}) == redo.MIN_BEAT_SECONDS
    assert redo.beat_seconds({"GONGWEN_JOB_BACKOFF_SCALE": "nan"}) == redo.BEAT_SECONDS
    assert redo.dead_after(0.75) == 3.0


@pytest.fixture
def queue(tmp_path):
    """A real SQLite huey with one job kind and one periodic job, records on (no beats)."""
    huey = SqliteHuey("sweeper-test", filename=str(tmp_path / "queue.db"), results=False)
    ran = []

    @huey.task()
    def work(value):
        ran.append(value)
        return value

    @huey.periodic_task(crontab(minute="*"))
    def every_minute():
        return None

    heartbeat = sweeper.install(huey, beat=3600)
    return huey, work, every_minute, heartbeat, ran


def worker_dies_running(huey, heartbeat):
    """A worker takes the next job and starts it (its record made), then is killed."""
    task = huey.dequeue()
    assert task is not None
    heartbeat.started(task)  # what the EXECUTING signal does in the worker
    heartbeat.records.clear()  # the process is gone: nothing beats or ends it any more
    return task


def test_jobs_sweeper_a_finished_job_leaves_no_record(queue):
    huey, work, every_minute, _heartbeat, ran = queue
    work(7)
    huey.execute(huey.dequeue())
    huey.execute(every_minute.s())
    assert ran == [7]
    assert sweeper.running_records(huey) == {}
    assert sweeper.sweep(huey, now=time.time() + 10 * DEAD, dead_after=DEAD) == []


def test_jobs_sweeper_dead_job_put_back_once_then_given_up(queue, caplog):
    huey, work, _every_minute, heartbeat, ran = queue
    work(42)
    first = worker_dies_running(huey, heartbeat)
    assert huey.pending_count() == 0  # huey lost it with the worker
    (running,) = sweeper.running_records(huey).values()
    started = running["beat"]

    # Still beating as far as anyone can tell: nothing happens.
    assert sweeper.sweep(huey, now=started + DEAD - 1, dead_after=DEAD) == []
    assert huey.pending_count() == 0

    with caplog.at_level(logging.WARNING, logger="collective.gongwen.jobs"):
        assert sweeper.sweep(huey, now=started + DEAD, dead_after=DEAD) == [(first.id, redo.REDO)]
    assert huey.pending_count() == 1
    assert "queued again once" in caplog.text
    # A second sweep (or a second sweeper) finds nothing more to do.
    assert sweeper.sweep(huey, now=started + 2 * DEAD, dead_after=DEAD) == []
    assert huey.pending_count() == 1

    # The same job, same id and arguments, is killed again: given up, not looped.
    second = worker_dies_running(huey, heartbeat)
    assert (second.id, second.args) == (first.id, (42,))
    later = sweeper.running_records(huey)[first.id]["beat"] + DEAD
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="collective.gongwen.jobs"):
        assert sweeper.sweep(huey, now=later, dead_after=DEAD) == [(first.id, redo.GIVE_UP)]
    assert huey.pending_count() == 0
    assert sweeper.running_records(huey) == {}
    kept = sweeper.given_up(huey)[first.id]
    assert kept["reason"] == redo.GIVEN_UP_REASON and kept["name"].endswith("work")
    assert [r.levelname for r in caplog.records] == ["ERROR"] and "given up" in caplog.text
    assert ran == []


def test_jobs_sweeper_a_redone_job_that_finishes_is_forgotten(queue):
    huey, work, _every_minute, heartbeat, ran = queue
    work(5)
    worker_dies_running(huey, heartbeat)
    started = next(iter(sweeper.running_records(huey).values()))["beat"]
    sweeper.sweep(huey, now=started + DEAD, dead_after=DEAD)
    huey.execute(huey.dequeue())  # the new worker runs it to its end
    assert ran == [5]
    assert sweeper.running_records(huey) == {}
    assert not [key for key in huey.storage.result_items() if key.startswith(sweeper.REDONE)]
    assert sweeper.given_up(huey) == {}


def test_jobs_sweeper_heartbeat_keeps_a_long_job_alive(tmp_path):
    huey = SqliteHuey("beat-test", filename=str(tmp_path / "queue.db"), results=False)

    @huey.task()
    def work():
        return None

    heartbeat = sweeper.install(huey, beat=0.2)
    work()
    task = huey.dequeue()
    heartbeat.started(task)
    try:
        first = sweeper.running_records(huey)[task.id]["beat"]
        deadline = time.time() + 30
        while sweeper.running_records(huey)[task.id]["beat"] == first:
            assert time.time() < deadline, "no heartbeat in 30 s"
            time.sleep(0.05)
        assert sweeper.sweep(huey, dead_after=30) == []
    finally:
        heartbeat.ended(task)
    assert sweeper.running_records(huey) == {}
