"""R-R1, R-RUN1: the one store of archive jobs (``archive.jobs``): records beside the documents."""

import pytest

from collective.gongwen.archive import jobs
from collective.gongwen.archive import progress
from collective.gongwen.archive.record import ANNOTATION_KEY
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.jobs.stores import site_btree


def test_r_r1_a_job_is_recorded_queued_with_its_frozen_items(portal):
    unit = portal["changyuan"]
    job_id = jobs.start_job(unit, "archive", "cy_archivist", year=2026, uids=["a", "b", "c"])
    record = jobs.job_record(job_id)
    assert record["state"] == progress.QUEUED
    assert (record["kind"], record["year"], record["total"]) == ("archive", 2026, 3)
    assert record["unit_uid"] == unit.UID()
    assert record["actor"] == "cy_archivist"
    assert jobs.job_uids(job_id) == ("a", "b", "c")
    assert [r["id"] for r in jobs.jobs_of(unit)] == [job_id]
    assert jobs.jobs_of(unit, kind="check") == []
    assert jobs.jobs_of(portal["xinxiang"]) == []
    assert jobs.unfinished_job(unit, "archive", 2026)["id"] == job_id
    # Beside the documents: nothing written on the unit itself.
    assert ANNOTATION_KEY not in getattr(unit, "__annotations__", {})
    assert job_id in site_btree(jobs.JOBS_KEY)


def test_r_r1_a_second_unfinished_job_of_the_same_kind_and_year_is_refused(portal):
    unit = portal["changyuan"]
    first = jobs.start_job(unit, "archive", "cy_archivist", year=2026)
    with pytest.raises(ArchiveError) as refused:
        jobs.start_job(unit, "archive", "cy_archivist", year=2026)
    assert "尚未完成" in str(refused.value)
    # Another kind, another year, another unit: allowed.
    jobs.start_job(unit, "check", "cy_archivist", year=2026)
    jobs.start_job(unit, "archive", "cy_archivist", year=2025)
    jobs.start_job(portal["xinxiang"], "archive", "xx_archivist", year=2026)
    # Once finished, a new one may start.
    record = jobs.update_job(first, state=progress.DONE, done=0)
    assert record["finished"]
    assert jobs.unfinished_job(unit, "archive", 2026) is None
    second = jobs.start_job(unit, "archive", "cy_archivist", year=2026)
    assert [r["id"] for r in jobs.jobs_of(unit, "archive")][0] in (first, second)


def test_r_r1_updates_messages_and_item_outcomes(portal):
    unit = portal["changyuan"]
    job_id = jobs.start_job(unit, "check", "cy_archivist", year=2026, uids=["x", "y"])
    jobs.update_job(
        job_id,
        state=progress.RUNNING,
        done=1,
        message=ArchiveError(progress.running_conflict(2026)),
    )
    record = jobs.job_record(job_id)
    assert record["message"]["msgid"] == "archive_job_already_running"
    assert jobs.job_message(record).mapping == {"year": "2026"}
    with pytest.raises(KeyError):
        jobs.update_job(job_id, colour="red")
    with pytest.raises(KeyError):
        jobs.update_job("nope", state="done")
    with pytest.raises(ValueError):
        jobs.start_job(unit, "dance", "cy_archivist")
    jobs.set_item(job_id, "y", state="failed", label="y", problems=[{"message": "坏了"}])
    jobs.set_item(job_id, "x", state="done", label="x")
    assert jobs.item_outcome(job_id, "y")["problems"] == [{"message": "坏了"}]
    assert [uid for uid, _o in jobs.item_outcomes(job_id)] == ["x", "y"]
    assert [uid for uid, _o in jobs.item_outcomes(job_id, state="failed")] == ["y"]
    assert jobs.job_record("x:uids") is None
