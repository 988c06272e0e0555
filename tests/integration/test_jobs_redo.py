"""A killed worker's job is redone once (issue 21 item 7), on the layer: a file's conversion
queued by the portal on this session's queue, taken by a worker that dies mid-job, is put back
by the queue's own periodic sweep — the same job for the same file — and given up the second
time."""

import pytest
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.uuid.interfaces import IUUID

from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.tasks import convert_file
from collective.gongwen.jobs import redo
from collective.gongwen.jobs import sweeper
from collective.gongwen.jobs import tasks as queue_tasks
from collective.gongwen.jobs.queue import huey

DEAD = redo.dead_after(redo.beat_seconds())


@pytest.fixture
def session_queue():
    huey.flush()
    yield huey
    huey.flush()


@pytest.fixture
def queued_file(portal, sample_documents):
    """An attachment whose conversion the portal queued; the job's payload as it is handed to
    the queue when the transaction commits (integration tests never commit)."""
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=portal.changyuan.incoming, type="gongwen_incoming", title="关于防汛的通知"
        )
        path = sample_documents["pdf"]
        attachment = api.content.create(
            container=document,
            type="gongwen_attachment",
            title=path.name,
            file=NamedBlobFile(path.read_bytes(), filename=path.name),
        )
    status = conversion_status(attachment)
    assert status["state"] == "queued"
    return {
        "uid": IUUID(attachment),
        "job_id": status["job_id"],
        "site_url": portal.absolute_url(),
    }


def dies_running(queue):
    """A worker takes the next job and starts it (the EXECUTING signal's record), then is
    killed: nothing beats or ends it any more."""
    task = queue.dequeue()
    queue_tasks.heartbeat.started(task)
    queue_tasks.heartbeat.records.pop(task.id)
    return task


def test_jobs_redo_sweep_is_a_periodic_job_of_the_queue():
    registered = huey._registry._registry
    name = "collective.gongwen.jobs.tasks.requeue_dead_jobs"
    assert name in registered and registered[name].validate_datetime is not None


def test_jobs_redo_killed_conversion_put_back_once_then_given_up(session_queue, queued_file):
    convert_file(queued_file)  # what the commit hands to the queue
    first = dies_running(session_queue)
    assert first.name.endswith("convert_file") and first.args == (queued_file,)
    assert session_queue.pending_count() == 0
    beat = sweeper.running_records(session_queue)[first.id]["beat"]

    assert sweeper.sweep(session_queue, now=beat + DEAD) == [(first.id, redo.REDO)]
    again = dies_running(session_queue)
    assert (again.id, again.args) == (first.id, (queued_file,))  # the same job, same file

    beat = sweeper.running_records(session_queue)[first.id]["beat"]
    assert sweeper.sweep(session_queue, now=beat + DEAD) == [(first.id, redo.GIVE_UP)]
    assert session_queue.pending_count() == 0
    assert sweeper.given_up(session_queue)[first.id]["reason"] == redo.GIVEN_UP_REASON
