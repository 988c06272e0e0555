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


def add_file(document, path, title=None):
    """Add an attachment with the file at ``path`` and commit, as an upload does."""
    with api.env.adopt_roles(["Manager"]):
        attachment = api.content.create(
            container=document,
            type="gongwen_attachment",
            title=title or path.name,
            file=NamedBlobFile(path.read_bytes(), filename=path.name),
        )
    transaction.commit()
    return attachment


def settled(*files):
    """True once every file is done or failed."""
    return all(conversion_status(item)["state"] in ("done", "failed") for item in files)


def test_r_a1_files_are_queued_then_converted_by_workers(
    incoming, sample_documents, conversion_worker
):
    docx = add_file(incoming, sample_documents["docx"])
    scan = add_file(incoming, sample_documents["scan"])
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
    empty = tmp_path / "空文件.pdf"
    empty.write_bytes(b"")
    lying = tmp_path / "通知.pdf"
    lying.write_bytes(sample_documents["docx"].read_bytes())
    bad = [add_file(incoming, empty), add_file(incoming, lying)]
    good = add_file(incoming, sample_documents["pdf"])
    assert wait_for(lambda: settled(*bad, good), timeout=240)
    assert [conversion_status(item)["reason"] for item in bad] == ["empty_file", "type_mismatch"]
    assert conversion_status(good)["state"] == "done"
    message = translate(status_message(conversion_status(bad[0])), target_language="zh_CN")
    assert message.startswith("失败：文件为空")


def test_r_a1_convert_all_queues_what_is_not_converted_and_shows_progress(
    functional_portal, portal_url, sample_documents, conversion_worker, monkeypatch
):
    # Files from before background conversion: stored, never queued.
    monkeypatch.setattr("collective.documentviewer.subscribers.queueJob", lambda obj: None)
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
