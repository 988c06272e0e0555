"""R-A1: conversion runs in real worker processes, never in the request.

A file committed on the functional layer is only *queued*; a real
``gongwen-worker`` (huey consumer on the session's SQLite queue) fetches it
over HTTP from the layer's server, runs the real tools and posts the pages
back. Bad files end failed with their Chinese reason; the queue goes on.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import transaction
from collective.documentviewer.interfaces import ILayer as IViewerLayer
from collective.documentviewer.settings import Settings
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.views import status_message
from tests.support import bad_files
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow

OCR_PHRASE = "安全度汛"


@pytest.fixture
def incoming(functional_portal):
    """A committed 收文 of 长垣河务局 to put files in."""
    portal = functional_portal
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=portal.changyuan.incoming,
            type="gongwen_incoming",
            title="关于转发防汛工作要求的通知",
        )
    transaction.commit()
    return document


def add_files(document, *paths):
    """Add attachments with the files at ``paths`` and commit once, as an upload does."""
    with api.env.adopt_roles(["Manager"]):
        attachments = [
            api.content.create(
                container=document,
                type="gongwen_attachment",
                title=path.name,
                file=NamedBlobFile(path.read_bytes(), filename=path.name),
            )
            for path in paths
        ]
    transaction.commit()
    return attachments


def settled(*files):
    """True once every file is done or failed."""
    return all(conversion_status(item)["state"] in ("done", "failed") for item in files)


def test_r_a1_files_are_queued_then_converted_by_workers(
    incoming, sample_documents, conversion_worker
):
    docx, scan = add_files(incoming, sample_documents["docx"], sample_documents["scan"])
    # Committed without converting: the upload request does not wait.
    assert conversion_status(docx)["state"] in ("queued", "converting", "done")
    assert Settings(scan).blob_files is None or conversion_status(scan)["state"] != "queued"

    assert wait_for(lambda: settled(docx, scan), timeout=240), conversion_status(docx)
    for item in (docx, scan):
        status = conversion_status(item)
        assert status["state"] == "done", status
        assert Settings(item).successfully_converted is True
        assert Settings(item).num_pages == status["pages"] == 1
        assert item.getLayout() == "documentviewer"
    # R-A3: the OCR text of the scan finds the document, through the catalog.
    with api.env.adopt_roles(["Manager"]):
        found = [brain.getObject() for brain in api.content.find(SearchableText=OCR_PHRASE)]
    assert incoming in found
    assert (
        translate(status_message(conversion_status(docx)), target_language="zh_CN")
        == "已完成（1 页）"
    )


def test_r_a1_bad_files_fail_with_a_reason_and_the_queue_goes_on(
    incoming, sample_documents, tmp_path, conversion_worker
):
    # Every bad file of the issue, through the real worker; then a good one.
    expected = {
        bad_files.truncated_pdf(tmp_path, sample_documents["pdf"]): "corrupt",
        bad_files.encrypted_pdf(tmp_path): "encrypted",
        bad_files.empty_file(tmp_path): "empty_file",
        bad_files.png_named_pdf(tmp_path): "type_mismatch",
        bad_files.docx_zip_bomb(tmp_path): "zip_bomb",
        bad_files.huge_png(tmp_path): "image_too_large",
    }
    *added, long_pdf, good = add_files(
        incoming,
        *expected,
        bad_files.many_pages_pdf(tmp_path, pages=300),
        sample_documents["pdf"],
    )
    bad = dict(zip(added, expected.values(), strict=True))
    assert wait_for(lambda: settled(*bad, long_pdf, good), timeout=300)
    assert {item.getId(): conversion_status(item)["reason"] for item in bad} == {
        item.getId(): reason for item, reason in bad.items()
    }
    # A 300-page PDF is within the bureau's limit: converted, every page.
    assert conversion_status(long_pdf)["state"] == "done"
    assert Settings(long_pdf).num_pages == 300
    assert conversion_status(good)["state"] == "done"
    message = translate(status_message(conversion_status(next(iter(bad)))), target_language="zh_CN")
    assert message.startswith("失败：文件已损坏")
    # Nothing failed is half shown: the viewer says it cannot, and the page renders.
    for item in bad:
        assert Settings(item).converting is False
        assert not Settings(item).successfully_converted
    html = incoming.restrictedTraverse("@@view")()
    assert "失败：PDF 文件已加密" in html


def test_r_a1_convert_all_queues_what_is_not_converted_and_shows_progress(
    functional_portal, portal_url, sample_documents, conversion_worker, monkeypatch
):
    # Files from before background conversion: stored, never queued.
    monkeypatch.setattr("collective.documentviewer.subscribers.queueJob", lambda obj: None)
    monkeypatch.setattr("collective.gongwen.conversion.jobs.queue_conversion", lambda obj: None)
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=functional_portal.changyuan.incoming,
            type="gongwen_incoming",
            title="旧文件",
        )
        old = [
            api.content.create(
                container=document,
                type="gongwen_attachment",
                id=path.name,
                file=NamedBlobFile(path.read_bytes(), filename=path.name),
            )
            for path in (sample_documents["pdf"], sample_documents["docx"])
        ]
    transaction.commit()
    monkeypatch.undo()
    assert [conversion_status(item)["state"] for item in old] == [None, None]

    command = [
        str(Path(sys.executable).parent / "gongwen-convert-all"),
        f"--site-url={portal_url}",
        f"--user={SITE_OWNER_NAME}",
        "--interval=0.5",
    ]
    env = dict(os.environ, GONGWEN_PASSWORD=SITE_OWNER_PASSWORD)
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"gongwen-convert-all did not finish: {error.stdout}\n{error.stderr}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已排队 2 个文件" in result.stdout
    assert re.search(r"\[#{40}\]\s+\d+/\d+", result.stdout), result.stdout
    transaction.begin()
    assert [conversion_status(item)["state"] for item in old] == ["done", "done"]


def test_r_a1_worker_retries_with_back_off_until_the_portal_answers(
    functional, incoming, sample_documents, portal_url, tmp_path
):
    from collective.gongwen.jobs.queue import huey
    from tests.support.network import free_port
    from tests.support.workers import running_worker

    huey.flush()
    log = tmp_path / "worker.log"
    # The portal is unreachable for the first worker (a port nothing listens on).
    with running_worker(f"http://127.0.0.1:{free_port()}/plone", log):
        (attachment,) = add_files(incoming, sample_documents["pdf"])
        assert wait_for(lambda: "Requeueing" in log.read_text(), timeout=30), log.read_text()
    transaction.begin()
    assert conversion_status(attachment)["state"] == "queued"
    # The job waits in the queue for its next attempt; a worker that reaches the portal does it.
    with running_worker(portal_url, log):
        assert wait_for(lambda: conversion_status(attachment)["state"] == "done", timeout=60)
    assert "Requeueing" in log.read_text()
