"""R-R1, R-R2, R-R3: one progress display for every archive job, on the five pages that follow one.

``@@gongwen-archive-job`` (any job), ``@@gongwen-archive-checks`` (四性检测),
``@@gongwen-archive-catalogue`` (归档文件目录), ``@@gongwen-transfer`` (移交) and
``@@gongwen-destruction`` (执行销毁) each render the bar of ``progress.pt`` inside an element
that ``job-progress.js`` follows (``data-gongwen-job-progress`` → the job's JSON), link that
one script and no inline one; the JSON answers carry the job in ``jobstatus.job_status``'s
shape. A finished job is followed no more; an approver, who may not open the job page, does
not follow it either.
"""

import json
import re

import pytest

from collective.gongwen.archive import catalogue_store
from collective.gongwen.archive import disposal
from collective.gongwen.archive import jobs
from collective.gongwen.archive import pipeline
from collective.gongwen.archive import progress
from collective.gongwen.archive import transfer_store
from collective.gongwen.archive.browser.jobstatus import job_status
from tests.integration.test_r_r2_disposal import approved_request
from tests.support.expired import ARCHIVIST
from tests.support.expired import archived_item
from tests.support.views import render_as

SCRIPT = "++plone++collective.gongwen.archive/job-progress.js"
FOLLOWED = re.compile(r'data-gongwen-job-progress="([^"]*)"')


@pytest.fixture
def transfer_dir(tmp_path, monkeypatch):
    path = tmp_path / "transfers"
    monkeypatch.setenv(transfer_store.DIR_ENV, str(path))
    return path


def _followed(html, job_id):
    """The JSON urls the page's followed elements ask (the job's id beside each)."""
    assert html.count(SCRIPT) == 1 and "<script>" not in html
    assert f'data-gongwen-job="{job_id}"' in html
    return [url.replace("&amp;", "&") for url in FOLLOWED.findall(html)]


def _json(folder, url, user=ARCHIVIST):
    assert "@@gongwen-archive-job?id=" in url and url.endswith("&format=json")
    job_id = url.split("id=", 1)[1].split("&", 1)[0]
    _view, body = render_as(folder, "gongwen-archive-job", user, id=job_id, format="json")
    return json.loads(body)["job"]


def test_r_r1_every_archive_job_page_follows_its_job_with_the_one_script(portal, transfer_dir):
    unit = portal["changyuan"]
    folder = unit["archive"]
    document = archived_item(portal, year=2015)
    request = folder.REQUEST

    check = pipeline.start_check(unit, 2015, ARCHIVIST)
    catalogue = catalogue_store.start_catalogue(unit, 2015, ARCHIVIST)
    export = transfer_store.start_export(unit, 2015, ARCHIVIST)
    pages = {
        check: [("gongwen-archive-job", {"id": check}), ("gongwen-archive-checks", {})],
        catalogue: [("gongwen-archive-catalogue", {})],
        export: [("gongwen-transfer", {})],
    }
    for job_id, shown in pages.items():
        expected = f"{folder.absolute_url()}/@@gongwen-archive-job?id={job_id}&format=json"
        for name, form in shown:
            _view, html = render_as(folder, name, ARCHIVIST, year="2015", **form)
            assert expected in _followed(html, job_id), name
            assert "gongwen-archive-job-bar" in html, name
        # the JSON answer is the shape every page shows
        answered = _json(folder, expected)
        assert set(answered) == set(job_status(jobs.job_record(job_id), request, folder))
        assert answered["id"] == job_id and answered["finished"] is False
        assert answered["percent"] == 0 and answered["total"] == 1

    # the transfer page's and the catalogue's own JSON carry the same shape
    _view, body = render_as(folder, "gongwen-transfer", ARCHIVIST, year="2015", format="json")
    row = json.loads(body)["jobs"][0]
    assert row["id"] == export and set(job_status(jobs.job_record(export), request, folder)) <= set(
        row
    )
    _view, body = render_as(
        folder, "gongwen-archive-catalogue", ARCHIVIST, year="2015", format="json"
    )
    assert json.loads(body)["job"]["poll_url"].endswith(f"id={catalogue}&format=json")

    # a finished job is followed no more: the job page keeps its bar, full
    jobs.update_job(check, state=progress.DONE, done=1)
    _view, html = render_as(folder, "gongwen-archive-job", ARCHIVIST, id=check)
    assert _followed(html, check) == [""]
    assert "100%" in html and "bg-success" in html

    # 执行销毁: the archivist follows the destroy job; an approver sees it, follows nothing
    approved = approved_request(portal, [document])
    started = disposal.execute_request(approved["id"], ARCHIVIST)
    destroy = started["job_id"]
    _view, html = render_as(folder, "gongwen-destruction", ARCHIVIST, id=approved["id"])
    (url,) = _followed(html, destroy)
    assert _json(folder, url)["kind"] == progress.DESTROY
    assert "gongwen-archive-job-bar" in html and "已销毁" in html
    _view, html = render_as(folder, "gongwen-destruction", "cy_director", id=approved["id"])
    assert _followed(html, destroy) == [""]


def test_r_r1_the_progress_script_is_a_resource_of_the_package(portal):
    resource = portal.restrictedTraverse(SCRIPT)
    with open(resource.path, encoding="utf-8") as stream:
        text = stream.read()
    assert "data-gongwen-job-progress" in text and "window.location.reload" in text
