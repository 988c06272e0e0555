"""R-D6 on the Plone layer: the Word 正文's jobs (analyse, compare, 清稿) queued from Zope and
done by the worker's code against the token-checked endpoints, hostile calls refused.

Real workers over HTTP: tests/functional/test_r_d6_word_body_worker.py.
"""

import json
import time

import pytest
from plone import api

from collective.gongwen.content import body
from collective.gongwen.jobs import coalesce
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import jobs
from collective.gongwen.wordbody.worker import analysis_of
from collective.gongwen.wordbody.worker import run_job
from tests.support import wordfiles
from tests.support.outgoing import draft_outgoing
from tests.support.renders import call_endpoint
from tests.support.wordjobs import PortalClient
from tests.support.wordjobs import run_wordbody_jobs

DRAFTER = "cy_eng_staff"
CLAIM, SOURCE, RESULT = (
    "gongwen-wordbody-claim",
    "gongwen-wordbody-source",
    "gongwen-wordbody-result",
)


@pytest.fixture
def document(portal):
    with api.env.adopt_roles(["Manager"]):
        document = draft_outgoing(portal, text=None)
    with api.env.adopt_user(username=DRAFTER):
        actions.upload_body(document, wordfiles.reviewed_docx(), "通知.docx", DRAFTER)
    return document


def version(document):
    return body.current_record(document)["version"]


def test_r_d6_an_upload_queues_its_analysis_once(document):
    key = f"analyse:{version(document)}"
    ((waiting_key, job_id),) = jobs.waiting_jobs(document)
    assert waiting_key == key
    # Asked again while queued: the same job.
    assert jobs.queue_analyse(document, version(document)) == job_id
    assert run_wordbody_jobs(document) == {key: "done"}
    analysis = body.current_record(document)["analysis"]
    assert analysis["state"] == "done"
    assert (analysis["revisions"], analysis["comments"]) == (2, 1)
    assert [change["author"] for change in analysis["changes"]] == ["张三", "李四"]
    assert jobs.waiting_jobs(document) == []


def test_r_d6_compare_is_kept_per_pair_and_bounded(document):
    run_wordbody_jobs(document)
    first = version(document)
    with api.env.adopt_user(username=DRAFTER):
        actions.check_in(
            document, wordfiles.simple_docx("各单位要高度重视。", "请核实。"), "通知.docx", DRAFTER
        )
    second = version(document)
    run_wordbody_jobs(document)
    assert jobs.compare_result(document, first, second) is None
    job_id = jobs.queue_compare(document, first, second)
    assert jobs.queue_compare(document, first, second) == job_id  # idempotent while pending
    assert jobs.compare_result(document, first, second) == {
        "state": "pending",
        "html": "",
        "reason": "",
    }
    assert run_wordbody_jobs(document) == {f"compare:{first}:{second}": "done"}
    result = jobs.compare_result(document, first, second)
    assert result["state"] == "done" and "<del" in result["html"]
    for number in range(jobs.MAX_COMPARES + 5):
        jobs.store_compare(document, 100 + number, 200, "done", html=str(number))
    kept = document.__annotations__[jobs.COMPARE_KEY]
    assert len(kept) == jobs.MAX_COMPARES
    assert f"{100 + jobs.MAX_COMPARES + 4}:200" in kept  # the newest kept


@pytest.mark.slow
def test_r_d6_clean_stores_a_clean_version_with_its_analysis_and_html(document):
    run_wordbody_jobs(document)
    source = body.current_record(document)
    jobs.queue_clean(document, "cy_print")
    assert jobs.clean_pending(document)
    assert run_wordbody_jobs(document) == {"clean": "done"}
    assert not jobs.clean_pending(document) and jobs.clean_failure(document) is None
    clean = body.current_record(document)
    assert clean["kind"] == body.KIND_CLEAN and clean["actor"] == "cy_print"
    assert clean["analysis"]["revisions"] == clean["analysis"]["comments"] == 0
    assert clean["analysis"]["accepted_sha256"] == source["analysis"]["accepted_sha256"]
    assert body.is_clean(document)
    assert "高度重视" in body.official_html(document)


def test_r_d6_clean_of_a_version_replaced_meanwhile_is_not_stored(document, monkeypatch):
    run_wordbody_jobs(document)
    jobs.queue_clean(document, "cy_print")
    ((key, job_id),) = jobs.waiting_jobs(document)
    client = PortalClient(api.portal.get(), document.UID(), job_id)
    claim = client.post(CLAIM, data={"key": key}).json()
    assert claim["task"] == "clean" and claim["versions"][0]["filename"] == "通知.docx"
    with api.env.adopt_user(username=DRAFTER):
        # no 签入 while the worker cleans …
        with pytest.raises(body.BodyError):
            actions.check_in(document, wordfiles.simple_docx("新稿。"), "通知.docx", DRAFTER)
        # … until it overran its claim (no longer waited for): then someone checks one in
        with monkeypatch.context() as patch:
            patch.setattr(jobs, "CLAIM_LIMIT", 0)
            actions.check_in(document, wordfiles.simple_docx("新稿。"), "通知.docx", DRAFTER)
    newer = body.current_record(document)
    analysis = json.dumps(analysis_of(wordfiles_document()))
    form = {"key": key, "state": "done", "analysis": analysis}
    files = {
        "docx": ("c.docx", wordfiles.simple_docx("清稿。"), ""),
        "html": ("h", b"<p>x</p>", ""),
    }
    client.post(RESULT, data=form, files=files)
    assert body.current_record(document) == newer
    assert "正文已有新版本（第2版）" in jobs.clean_failure(document)


def wordfiles_document():
    from collective.gongwen.wordbody.docx import read_document

    return read_document(wordfiles.simple_docx("清稿。"))


def test_r_d6_the_endpoints_refuse_strangers_and_malformed_results(portal, document):
    ((key, job_id),) = jobs.waiting_jobs(document)
    uid = document.UID()

    def call(view, form=None, **options):
        return call_endpoint(portal, view, uid, job_id, {"key": key, **(form or {})}, **options)[0]

    assert call(CLAIM, method="GET") == 405
    assert call(CLAIM, token="0" * 64) == 403
    assert call(CLAIM, {"key": "clean:7"}) == 409  # not a key
    assert call(CLAIM, {"key": "analyse:" + "9" * 40}) == 409
    assert call(CLAIM, {"key": "analyse:99"}) == 409  # not the job's key
    assert call(SOURCE, {"version": "0"}) == 409  # not claimed yet
    assert call(CLAIM) == 200
    assert call(SOURCE, {"version": "x"}) == 400
    assert call(SOURCE, {"version": "12345"}) == 404
    assert call(SOURCE, {"version": str(version(document))}) == 200
    assert call(RESULT, {"state": "maybe"}) == 400
    assert call(RESULT, {"state": "done", "analysis": "{"}) == 400
    assert call(RESULT, {"state": "done", "analysis": json.dumps({"revisions": -1})}) == 400
    assert call(RESULT, {"state": "done", "analysis": "[" * 100000}) == 400
    assert body.current_record(document)["analysis"] is None  # nothing filed
    failed = {"state": "failed", "reason": "corrupt", "mapping": json.dumps({"detail": "坏"})}
    assert call(RESULT, failed) == 200
    analysis = body.current_record(document)["analysis"]
    assert analysis["state"] == "failed" and analysis["reason"].startswith("文件已损坏")
    # The worker's retry after a lost answer: the job is done, nothing is filed twice.
    assert call(RESULT, {"state": "done", "analysis": "{}"}) == 409
    assert call(CLAIM) == 409
    assert body.current_record(document)["analysis"] == analysis


def test_r_d6_a_worker_giving_up_before_its_claim_files_why(portal, document):
    ((key, job_id),) = jobs.waiting_jobs(document)
    client = PortalClient(portal, document.UID(), job_id)
    form = {"key": key, "state": "failed", "reason": "retries_exhausted"}
    client.post(RESULT, data={**form, "mapping": json.dumps({"detail": "门户无响应"})})
    analysis = body.current_record(document)["analysis"]
    assert analysis["state"] == "failed"
    assert analysis["reason"] == "多次重试后仍无法处理正文：门户无响应"
    assert jobs.waiting_jobs(document) == []


def test_r_d6_a_stale_job_stops_at_its_claim(portal, document):
    ((key, job_id),) = jobs.waiting_jobs(document)
    coalesce.drop(jobs.job_store(), jobs.job_key(document.UID(), *key.split(":")))
    payload = {"uid": document.UID(), "job_id": job_id, "key": key, "site_url": ""}
    assert run_job(payload, client=PortalClient(portal, document.UID(), job_id)) == "stale"
    assert body.current_record(document)["analysis"] is None


def test_r_d6_a_file_the_reader_did_not_foresee_is_a_failed_analysis(document, monkeypatch):
    def unforeseen(data):
        raise IndexError("list index out of range")

    monkeypatch.setattr("collective.gongwen.wordbody.worker.read_document", unforeseen)
    assert run_wordbody_jobs(document) == {f"analyse:{version(document)}": "failed"}
    analysis = body.current_record(document)["analysis"]
    assert analysis["state"] == "failed"
    assert analysis["reason"] == (
        "正文文件无法读取（IndexError）。请用 Word/WPS 打开后另存为 .docx，再重新签入。"
    )


def test_r_d6_a_hostile_mapping_of_a_failure_is_ignored(portal, document):
    ((key, job_id),) = jobs.waiting_jobs(document)
    client = PortalClient(portal, document.UID(), job_id)
    form = {"key": key, "state": "failed", "reason": "corrupt", "mapping": "[" * 3000}
    client.post(RESULT, data=form)
    assert body.current_record(document)["analysis"]["reason"].startswith("文件已损坏")


def test_r_d6_a_job_whose_worker_died_is_asked_for_anew(portal, document):
    ((key, dead),) = jobs.waiting_jobs(document)
    store, full_key = jobs.job_store(), jobs.job_key(document.UID(), *key.split(":"))
    # A worker claimed it long ago and was never heard of again.
    long_ago = time.time() - jobs.CLAIM_LIMIT - 1
    assert coalesce.claim(store, full_key, dead, now=long_ago, versions=[version(document)])
    assert jobs.waiting_jobs(document) == []
    fresh = jobs.queue_analyse(document, version(document))
    assert fresh not in (None, dead)
    assert run_wordbody_jobs(document) == {key: "done"}
    assert body.current_record(document)["analysis"]["state"] == "done"
    # The dead worker's late answer is not filed.
    client = PortalClient(portal, document.UID(), dead)
    with pytest.raises(StaleJob):
        client.post(RESULT, data={"key": key, "state": "failed", "reason": "corrupt"})
    assert body.current_record(document)["analysis"]["state"] == "done"
