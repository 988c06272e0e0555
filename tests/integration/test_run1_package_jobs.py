"""R-RUN1, R-X3: the exchange package is built by a worker, not in the request.

Asking for it queues one coalesced job and answers with the 发文's page;
the worker's ZIP is kept beside the 发文 with what it was built from and is
then downloaded; a new 附件 version makes it stale; a 发文 over the
package's limits is refused with the reason. The worker's round trip runs
in the test's process against the real endpoints (``tests.support.packages``).
"""

import dataclasses
import io
import json

import pytest
from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.content.files import attachments_of
from collective.gongwen.content.files import replace_file
from collective.gongwen.content.progress import progress_notes
from collective.gongwen.exchange.export import package_filename
from collective.gongwen.exchange.export import package_for
from collective.gongwen.exchange.package import read_package
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.packaging import rules
from collective.gongwen.packaging.store import fresh_package
from collective.gongwen.packaging.store import is_building
from collective.gongwen.packaging.store import waiting_job
from tests.integration.test_exchange_package import numbered_notice
from tests.support import disguised
from tests.support.packages import download_package
from tests.support.packages import package_round_trip
from tests.support.packages import run_package_job
from tests.support.renders import call_endpoint

SECRETARY = "cy_secretary1"


@pytest.fixture
def numbered(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return numbered_notice(portal)


def shown(portal):
    """The status messages the next page shows, as text."""
    return [message.message for message in IStatusMessage(portal.REQUEST).show()]


def notes(portal, document):
    return [
        (note.key, translate(note.message, context=portal.REQUEST), note.kind)
        for note in progress_notes(document)
        if note.key == "package"
    ]


def test_r_run1_package_asked_for_is_queued_and_the_page_answers_at_once(portal, numbered):
    with api.env.adopt_user(username=SECRETARY):
        body = download_package(numbered)
    assert not body or b"PK" not in (body if isinstance(body, bytes) else body.encode())
    assert portal.REQUEST.response.getStatus() == 302
    assert portal.REQUEST.response.getHeader("Location") == numbered.absolute_url()
    assert "交换包正在生成，请稍后下载。" in shown(portal)
    assert is_building(numbered)
    assert fresh_package(numbered) is None
    assert notes(portal, numbered) == [("package", "交换包正在生成，请稍后下载。", "pending")]
    job = waiting_job(numbered)
    # Asking again for the same files adds no job.
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    assert waiting_job(numbered) == job


def test_r_run1_package_built_by_the_worker_is_kept_and_downloaded(portal, numbered):
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    assert run_package_job(numbered) == "done"
    assert not is_building(numbered)
    # the page offers the package where the work was shown
    assert notes(portal, numbered) == [("package", "交换包已生成，点此下载。", "ready")]
    (ready,) = [note for note in progress_notes(numbered) if note.key == "package"]
    assert ready.link == f"{numbered.absolute_url()}/@@gongwen-exchange-package"
    built = fresh_package(numbered)
    assert built is not None and built.job_id
    with api.env.adopt_user(username=SECRETARY):
        data = download_package(numbered)
    response = portal.REQUEST.response
    assert response.getHeader("Content-Type") == "application/zip"
    assert response.getHeader("X-Content-Type-Options") == "nosniff"
    assert "%E4%BA%A4%E6%8D%A2%E5%8C%85" in response.getHeader("Content-Disposition")
    assert built.file.filename == package_filename(numbered)
    # The same package build_package gives in the request, read back.
    expected, _name = package_for(numbered)
    assert read_package(data) == read_package(expected)
    # The worker's retry of a filed job changes nothing.
    assert package_round_trip(portal, numbered, job=built.job_id) == "stale"


def test_r_run1_package_is_stale_after_a_new_attachment_version(portal, numbered):
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    run_package_job(numbered)
    assert fresh_package(numbered) is not None
    attachment = attachments_of(numbered)[0]
    with api.env.adopt_roles(["Manager"]):
        assert replace_file(attachment, disguised.xlsx() + b"", "汛前检查表（修订）.xlsx")
    assert fresh_package(numbered) is None
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    assert portal.REQUEST.response.getStatus() == 302 and is_building(numbered)
    assert run_package_job(numbered) == "done"
    with api.env.adopt_user(username=SECRETARY):
        data = download_package(numbered)
    _metadata, files = read_package(data)
    assert [name for _role, name, _data in files][1] == "汛前检查表（修订）.xlsx"


def test_r_run1_package_over_the_limit_is_refused_with_the_reason(portal, numbered, monkeypatch):
    small = dataclasses.replace(rules.LIMITS, max_total_bytes=1000)
    monkeypatch.setattr(rules, "LIMITS", small)
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    messages = shown(portal)
    assert portal.REQUEST.response.getStatus() == 302
    assert any("超过交换包的上限 0.0 MB" in m for m in messages), messages
    assert not is_building(numbered)


def test_r_run1_package_refused_by_the_worker_shows_why(portal, numbered, monkeypatch):
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    # The limits shrink after the request: the worker meets them.
    monkeypatch.setattr(rules, "LIMITS", dataclasses.replace(rules.LIMITS, max_file_bytes=100))
    assert run_package_job(numbered) == "refused"
    assert fresh_package(numbered) is None
    [(key, text, kind)] = notes(portal, numbered)
    assert kind == "warning" and text.startswith("交换包未能生成：文件「")
    assert "超过交换包中单个文件的上限 0.0 MB" in text


def test_r_run1_package_endpoints_check_token_and_files(portal, numbered):
    with api.env.adopt_user(username=SECRETARY):
        download_package(numbered)
    uid, job = numbered.UID(), waiting_job(numbered)
    status, _body = call_endpoint(portal, "gongwen-package-claim", uid, job, token="forged")
    assert status == 403
    status, _body = call_endpoint(portal, "gongwen-package-claim", uid, "other-job")
    assert status == 409
    status, body = call_endpoint(portal, "gongwen-package-claim", uid, job)
    assert status == 200
    claimed = json.loads(body)
    assert claimed["files"][0]["role"] == "official"
    # Only the files of the job are served.
    status, _body = call_endpoint(portal, "gongwen-package-file", uid, job, {"file": uid})
    assert status == 404
    status, data = call_endpoint(
        portal, "gongwen-package-file", uid, job, {"file": claimed["files"][0]["uid"]}
    )
    assert status == 200 and bytes(data).startswith(b"%PDF")
    # Not a ZIP: refused, nothing filed.
    status, _body = call_endpoint(
        portal, "gongwen-package-result", uid, job, {"package": io.BytesIO(b"<html>")}
    )
    assert status == 400 and fresh_package(numbered) is None
