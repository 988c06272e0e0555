"""R-A1 scale-out: the same conversion through Redis (a private redis-server on 127.0.0.1).

The portal queues into Redis and a worker started with ``--queue redis://…``
does the job — the configuration for workers on other machines.
"""

import shutil

import pytest
import transaction
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.jobs.queue import huey
from collective.gongwen.jobs.queue import make_huey
from tests.support.waiting import wait_for
from tests.support.workers import running_redis
from tests.support.workers import running_worker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server not installed"),
]


def test_r_a1_workers_take_jobs_from_redis(
    functional_portal, portal_url, sample_documents, tmp_path, monkeypatch
):
    with running_redis(tmp_path) as redis_url:
        # The portal's queue, as GONGWEN_QUEUE_URL=redis://… configures it.
        monkeypatch.setattr(huey, "storage", make_huey(redis_url).storage)
        with running_worker(portal_url, tmp_path / "worker.log", f"--queue={redis_url}"):
            portal = functional_portal
            alsoProvides(portal.REQUEST, IViewerLayer)
            path = sample_documents["pdf"]
            with api.env.adopt_roles(["Manager"]):
                document = api.content.create(
                    container=portal.changyuan.incoming,
                    type="gongwen_incoming",
                    title="经 Redis 转换",
                )
                attachment = api.content.create(
                    container=document,
                    type="gongwen_attachment",
                    id="notice.pdf",
                    file=NamedBlobFile(path.read_bytes(), filename=path.name),
                )
            transaction.commit()
            done = wait_for(lambda: conversion_status(attachment)["state"] == "done", timeout=120)
            assert done, (
                conversion_status(attachment),
                (tmp_path / "worker.log").read_text()[-2000:],
            )
