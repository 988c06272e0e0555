"""R-A1 on the Plone layer: queueing after commit, the worker endpoints' checks, filing results.

The worker side of these calls is tested for real in
tests/functional/test_conversion_worker.py; here the endpoints are called
the way a worker calls them, including the ways a stranger might.
"""

import io
import json
import tarfile

import pytest
import transaction
from collective.documentviewer.settings import Settings
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.conversion import inline
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.store import VERSIONS_KEY
from collective.gongwen.jobs.tokens import job_token
from tests.support.incoming import incoming_with_file

PDF_PAGE = "text/dump_1.txt"


@pytest.fixture
def attachment(portal, sample_documents):
    path = sample_documents["pdf"]
    return incoming_with_file(portal, path.read_bytes(), path.name, id="notice.pdf")


def call(portal, view, obj, token=None, method="POST", **form):
    """Call a worker endpoint on the site as a worker would (no user)."""
    request = portal.REQUEST
    status = conversion_status(obj)
    request.form.clear()
    request.form.update(uid=obj.UID(), job=status.get("job_id", ""), **form)
    request.method = method
    request.environ["HTTP_X_GONGWEN_TOKEN"] = (
        token if token is not None else job_token(obj.UID(), status.get("job_id", ""))
    )
    request.response.setStatus(200)
    body = api.content.get_view(view, portal, request)()
    return request.response.getStatus(), body


def test_r_a1_adding_a_file_only_queues_it(attachment):
    status = conversion_status(attachment)
    assert status["state"] == "queued"
    assert Settings(attachment).converting is True
    assert not Settings(attachment).blob_files
    assert api.content.find(UID=attachment.UID(), conversion_state="queued")


def test_r_a1_the_job_is_handed_to_the_queue_only_after_commit(attachment):
    from collective.gongwen.conversion import tasks

    hooks = [
        (hook, args)
        for hook, args, _kwargs in transaction.get().getAfterCommitHooks()
        if hook.__module__ == "collective.gongwen.jobs.dispatch"
    ]
    assert len(hooks) == 1
    hook, (queued,) = hooks[0]
    task, payload = queued[attachment.UID()]
    assert task is tasks.convert_file
    sent = []
    hook(False, {"job": (sent.append, payload)})  # rolled back: the worker must not look
    assert sent == []
    hook(True, {"job": (sent.append, payload)})
    assert sent == [
        {
            "uid": attachment.UID(),
            "job_id": conversion_status(attachment)["job_id"],
            "site_url": api.portal.get().absolute_url(),
        }
    ]


def test_r_a1_a_file_with_no_preview_is_refused_without_a_worker(portal):
    """An XML (the 归档记录's type) is refused by its name when added: no job for a worker
    to claim only to refuse it — a round trip that wrote into the file meanwhile."""
    xml = incoming_with_file(portal, b"<record/>", "record.xml", id="record.xml")
    status = conversion_status(xml)
    assert (status["state"], status["reason"]) == ("failed", "unsupported_type")
    assert "job_id" not in status
    assert Settings(xml).converting is not True
    queued = [
        args
        for hook, args, _kwargs in transaction.get().getAfterCommitHooks()
        if hook.__module__ == "collective.gongwen.jobs.dispatch"
    ]
    assert all(xml.UID() not in jobs for (jobs,) in queued)
    assert api.content.find(UID=xml.UID(), conversion_state="failed")


def test_r_a1_unchanged_file_is_not_queued_again(attachment):
    job = conversion_status(attachment)["job_id"]
    attachment.title = "新标题"
    from collective.gongwen.conversion.jobs import queue_conversion

    assert queue_conversion(attachment) is None
    assert conversion_status(attachment)["job_id"] == job
    assert queue_conversion(attachment, force=True) != job


def test_r_a1_endpoints_refuse_a_wrong_token_or_a_stale_job(portal, attachment):
    assert call(portal, "gongwen-conversion-claim", attachment, token="0" * 64)[0] == 403
    assert call(portal, "gongwen-conversion-claim", attachment, method="GET")[0] == 405
    good_token = job_token(attachment.UID(), conversion_status(attachment)["job_id"])
    from collective.gongwen.conversion.jobs import queue_conversion

    queue_conversion(attachment, force=True)  # the file was re-queued meanwhile
    assert call(portal, "gongwen-conversion-claim", attachment, token=good_token)[0] in (403, 409)
    status, body = call(portal, "gongwen-conversion-claim", attachment)
    assert status == 200
    job = json.loads(body)
    assert job["options"]["language"] == "chi_sim+eng"
    assert job["options"]["filename"] == "notice.pdf"
    assert conversion_status(attachment)["state"] == "converting"


def test_r_a1_a_result_archive_with_foreign_members_is_refused(portal, attachment):
    call(portal, "gongwen-conversion-claim", attachment)
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        data = b"owned"
        member = tarfile.TarInfo("../../etc/evil")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    archive.seek(0)
    status, _ = call(
        portal, "gongwen-conversion-result", attachment, state="done", pages="1", result=archive
    )
    assert status == 400
    assert conversion_status(attachment)["state"] == "failed"


def test_r_a1_failure_report_is_stored_with_its_reason(portal, attachment):
    call(portal, "gongwen-conversion-claim", attachment)
    status, _ = call(
        portal,
        "gongwen-conversion-result",
        attachment,
        state="failed",
        reason="encrypted",
        mapping="{}",
    )
    assert status == 200
    record = conversion_status(attachment)
    assert (record["state"], record["reason"]) == ("failed", "encrypted")
    assert Settings(attachment).converting is False
    assert api.content.find(UID=attachment.UID(), conversion_state="failed")


@pytest.mark.slow
def test_r_a2_replacing_a_file_keeps_the_earlier_conversion(portal, attachment, sample_documents):
    repository = api.portal.get_tool("portal_repository")
    repository.save(attachment, comment="第一版")
    assert inline.convert_inline(attachment) == "done"
    first_version = attachment.version_id
    first_text = Settings(attachment).blob_files[PDF_PAGE]
    docx = sample_documents["docx"]
    attachment.file = NamedBlobFile(docx.read_bytes(), filename=docx.name)
    repository.save(attachment, comment="替换文件")
    assert inline.convert_inline(attachment) == "done"
    kept = IAnnotations(attachment)[VERSIONS_KEY]
    assert list(kept.keys()) == [first_version]
    assert kept[first_version]["blob_files"][PDF_PAGE] is first_text
    assert kept[first_version]["num_pages"] == 1
    assert Settings(attachment).blob_files[PDF_PAGE] is not first_text


def test_r_a1_managers_reconvert_a_file(portal, attachment):
    from plone.protect.authenticator import createToken
    from zExceptions import Forbidden

    job = conversion_status(attachment)["job_id"]
    request = portal.REQUEST
    request.method = "POST"
    request.form.clear()
    with api.env.adopt_roles(["Manager"]):
        view = api.content.get_view("gongwen-reconvert", attachment, request)
        with pytest.raises(Forbidden):  # no form authenticator: a forged request
            view()
        request.form["_authenticator"] = createToken()
        view()
    assert conversion_status(attachment)["job_id"] != job
    assert conversion_status(attachment)["state"] == "queued"
    # The permission is the site manager's (cmf.ManagePortal), not a secretary's.
    with api.env.adopt_user(username="cy_secretary1"):
        assert not api.user.has_permission("Manage portal", obj=attachment)


def test_r_a1_conversions_service_counts_states_and_lists_failures(portal, attachment):
    from collective.gongwen.api.services.conversions.get import ConversionsGet

    call(portal, "gongwen-conversion-claim", attachment)
    call(portal, "gongwen-conversion-result", attachment, state="failed", reason="encrypted")
    with api.env.adopt_roles(["Manager"]):
        service = ConversionsGet()
        service.context, service.request = portal, portal.REQUEST
        summary = service.reply()
    assert summary["states"]["failed"] == 1
    assert (
        summary["pending"]
        == summary["states"]["none"]
        + summary["states"]["queued"]
        + (summary["states"]["converting"])
    )
    assert summary["failed"][0]["message"].startswith("失败：PDF 文件已加密")


@pytest.mark.parametrize(
    "module",
    [
        "collective.documentviewer.subscribers",
        "collective.documentviewer.browser.views",
        "collective.documentviewer.convert_all",
        "collective.documentviewer.async_utils",
    ],
)
def test_r_a1_no_viewer_path_converts_in_the_request(portal, module):
    import importlib

    from collective.gongwen.conversion.jobs import queue_conversion

    assert importlib.import_module(module).queueJob is queue_conversion


@pytest.mark.slow
def test_r_a2_versions_do_not_copy_the_viewer_pages(portal, attachment):
    from collective.gongwen.conversion.status import ANNOTATION_KEY

    assert inline.convert_inline(attachment) == "done"
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        repository.save(attachment, comment="第二版")
        version = attachment.version_id
        history = repository.getHistoryMetadata(attachment)
        stored = repository.retrieve(attachment, version).object
    assert history.getLength(countPurged=False) >= 1
    # What was stored holds no copy; the retrieved version shares the working copy's.
    shared = IAnnotations(stored)
    assert (
        shared["collective.documentviewer"] is IAnnotations(attachment)["collective.documentviewer"]
    )
    assert shared[ANNOTATION_KEY] is IAnnotations(attachment)[ANNOTATION_KEY]
    # The copy in the history storage itself, before any modifier restored it.
    history_id = api.portal.get_tool("portal_historyidhandler").queryUid(attachment)
    raw = api.portal.get_tool("portal_historiesstorage").retrieve(history_id, version)
    raw_annotations = raw.object.object.__annotations__
    assert raw_annotations.get("collective.documentviewer") is None
    assert raw_annotations.get(ANNOTATION_KEY) is None
