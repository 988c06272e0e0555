"""R-D6: the Word 正文's jobs in real worker processes, with real LibreOffice.

A version stored on the functional layer is only *queued* for its analysis; a
real ``gongwen-worker`` fetches it over HTTP from the layer's server, reads it
(LibreOffice converting a .wps/.odt first) and posts the analysis back. Two
versions are compared the same way, and 清稿 stores a clean version with its
analysis and 套红 HTML. A file LibreOffice takes too long on is stopped at the
limit and the reason is kept in Chinese.
"""

import io
import zipfile

import pytest
import transaction
from plone import api

from collective.gongwen.content import body
from collective.gongwen.content.versions import file_versions
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import jobs
from collective.gongwen.wordbody.docx import read_document
from tests.support import wordfiles
from tests.support.outgoing import draft_outgoing
from tests.support.waiting import wait_for
from tests.support.workers import running_worker

pytestmark = pytest.mark.slow

DRAFTER = "cy_eng_staff"


@pytest.fixture
def word_worker(functional, portal_url, tmp_path):
    """A real ``gongwen-worker`` on this session's queue (other tests' jobs flushed first)."""
    from collective.gongwen.jobs.queue import huey

    huey.flush()
    with running_worker(portal_url, tmp_path / "worker.log") as process:
        yield process
        huey.flush()


@pytest.fixture
def hasty_worker(functional, portal_url, tmp_path):
    """A worker whose LibreOffice may take 3 seconds a file (``gongwen-worker`` option)."""
    from collective.gongwen.jobs.queue import huey

    huey.flush()
    log = tmp_path / "worker.log"
    with running_worker(portal_url, log, "--wordbody-timeout=3") as process:
        yield process
        huey.flush()


def draft(portal, title="关于做好汛前检查的通知"):
    """A committed 发文 draft without rich text."""
    return draft_outgoing(portal, text=None, title=title)


def upload(document, data, filename, user=DRAFTER):
    with api.env.adopt_user(username=user):
        record = actions.upload_body(document, data, filename, user)
    transaction.commit()
    return record


def check_in(document, data, filename, user=DRAFTER):
    with api.env.adopt_user(username=user):
        actions.check_out(document, user)
        record = actions.check_in(document, data, filename, user)
    transaction.commit()
    return record


def analysed(document, version):
    """The version's analysis is in, and the viewer's conversion of the 正文 (another job on
    the file, which writes it) has settled: the test's next step writes the file too."""
    record = body.record_of(document, version)
    converted = conversion_status(body.body_item(document))["state"] in ("done", "failed")
    return record is not None and record["analysis"] is not None and converted


def reviewed_draft():
    """A draft with a table and an image, changed by three reviewers (and commented): the
    shared reviewed sample under its title, and 王五's insertion."""
    return wordfiles.make_docx(
        [
            wordfiles.paragraph(wordfiles.text("关于做好汛前检查的通知", bold=True), center=True),
            *wordfiles.reviewed_blocks(),
            wordfiles.heading("检查内容", level=2),
            wordfiles.paragraph(
                "重点检查堤防、险工和涵闸", wordfiles.ins("以及防汛物资", author="王五"), "。"
            ),
            wordfiles.table([["单位", "堤防（公里）"], ["长垣", "58"], ["封丘", "45"]]),
            wordfiles.image(wordfiles.png()),
            wordfiles.paragraph("长垣河务局", indent=False),
        ]
    )


def next_draft():
    """The next draft: one paragraph edited, one added, the table changed."""
    return wordfiles.make_docx(
        [
            wordfiles.paragraph(wordfiles.text("关于做好汛前检查的通知", bold=True), center=True),
            wordfiles.heading("总体要求"),
            wordfiles.paragraph("各单位必须高度重视汛前检查工作，主要负责同志亲自部署。"),
            wordfiles.heading("检查内容", level=2),
            wordfiles.paragraph("重点检查堤防、险工和涵闸以及防汛物资。请核实。"),
            wordfiles.paragraph("检查结果于5月31日前报局防汛办公室。"),
            wordfiles.table([["单位", "堤防（公里）"], ["长垣", "60"], ["封丘", "45"]]),
            wordfiles.image(wordfiles.png()),
            wordfiles.paragraph("长垣河务局", indent=False),
        ]
    )


def stored_data(document):
    item = body.body_item(document)
    return item.file.data


def test_r_d6_versions_are_analysed_compared_and_cleaned_by_workers(functional_portal, word_worker):
    document = draft(functional_portal)
    first = upload(document, reviewed_draft(), "汛前检查通知.docx")
    # Committed without reading the file: the upload does not wait for the worker.
    assert not analysed(document, first["version"])
    assert wait_for(lambda: analysed(document, first["version"]), timeout=120)
    analysis = body.record_of(document, first["version"])["analysis"]
    assert analysis["state"] == "done", analysis
    assert analysis["revisions"] == 3 and analysis["comments"] == 1
    assert {change["author"] for change in analysis["changes"]} == {"张三", "李四", "王五"}
    assert {"高度重视", "一般对待"} <= {change["text"] for change in analysis["changes"]}
    source = read_document(reviewed_draft())
    assert analysis["accepted_sha256"] == source.accepted_sha256()

    second = check_in(document, next_draft(), "汛前检查通知.docx")
    assert wait_for(lambda: analysed(document, second["version"]), timeout=120)
    assert body.record_of(document, second["version"])["analysis"]["revisions"] == 0

    # 比较: asked once, pending, then the rows with the insertions and deletions marked.
    a, b = first["version"], second["version"]
    assert jobs.compare_result(document, a, b) is None
    jobs.queue_compare(document, a, b)
    assert jobs.compare_result(document, a, b)["state"] == "pending"
    transaction.commit()
    assert wait_for(lambda: jobs.compare_result(document, a, b)["state"] != "pending")
    result = jobs.compare_result(document, a, b)
    assert result["state"] == "done", result
    assert "<ins" in result["html"] and "<del" in result["html"]
    assert "5月31日" in result["html"] and "60" in result["html"]
    assert jobs.queue_compare(document, a, b) is None  # kept: not compared again

    # 清稿 of a version with changes and a comment, in the print room's name.
    third = check_in(document, reviewed_draft(), "汛前检查通知（修改）.docx")
    assert wait_for(lambda: analysed(document, third["version"]), timeout=120)
    jobs.queue_clean(document, "cy_print")
    assert jobs.clean_pending(document)
    transaction.commit()
    assert wait_for(lambda: not jobs.clean_pending(document), timeout=120)
    assert jobs.clean_failure(document) is None
    clean = body.current_record(document)
    assert clean["kind"] == body.KIND_CLEAN and clean["number"] == 4
    assert clean["actor"] == "cy_print" and clean["step"] == "draft"
    assert clean["filename"] == "汛前检查通知（修改）.docx"
    assert clean["analysis"]["revisions"] == 0 and clean["analysis"]["comments"] == 0
    # The clean text is the reviewed text with every change accepted, the comment out.
    assert clean["analysis"]["accepted_sha256"] == source.accepted_sha256()
    cleaned = read_document(stored_data(document))
    assert cleaned.changes == [] and cleaned.comments == []
    assert cleaned.accepted_text() == source.accepted_text()
    with zipfile.ZipFile(io.BytesIO(stored_data(document))) as package:
        assert "comment" not in package.read("word/document.xml").decode()
    assert body.is_clean(document)
    html = body.official_html(document)
    assert "高度重视" in html and "一般对待" not in html and "<table" in html
    assert "data:image/png;base64," in html
    # The version was saved in the print room's name (CMFEditions).
    newest = file_versions(body.body_item(document))[0]
    assert newest["current"] and newest["actor"] == "cy_print"


@pytest.mark.parametrize("extension", ["wps", "odt"])
def test_r_d6_a_wps_or_odt_is_analysed_through_libreoffice(
    functional_portal, word_worker, extension
):
    document = draft(functional_portal, title=f"关于 {extension} 正文的通知")
    data = wordfiles.to_format(reviewed_draft(), extension)
    record = upload(document, data, f"汛前检查通知.{extension}")
    assert wait_for(lambda: analysed(document, record["version"]), timeout=120)
    analysis = body.record_of(document, record["version"])["analysis"]
    assert analysis["state"] == "done", analysis
    assert {"张三", "李四", "王五"} <= {change["author"] for change in analysis["changes"]}
    assert analysis["comments"] == 1
    if extension == "odt":
        # (LibreOffice's Word 97 export, which made the .wps, numbers 「一、」 as 「1、」.)
        assert analysis["accepted_sha256"] == read_document(reviewed_draft()).accepted_sha256()


def test_r_d6_a_file_libreoffice_takes_too_long_on_is_stopped_and_said_in_chinese(
    functional_portal, hasty_worker
):
    rows = [[str(row), f"单位{row}", "防汛物资储备" * 3, str(row * 7)] for row in range(3000)]
    heavy = wordfiles.make_docx(
        [
            wordfiles.paragraph("附表", wordfiles.ins("（修订）", author="张三")),
            wordfiles.table(rows),
        ]
    )
    document = draft(functional_portal, title="关于大表正文的通知")
    record = upload(document, heavy, "大表.docx")
    assert wait_for(lambda: analysed(document, record["version"]), timeout=240)
    assert body.record_of(document, record["version"])["analysis"]["state"] == "done"
    jobs.queue_clean(document, "cy_print")
    transaction.commit()
    assert wait_for(lambda: not jobs.clean_pending(document), timeout=120)
    assert jobs.clean_failure(document) == (
        "LibreOffice 处理正文超过 3 秒仍未完成，已停止。"
        "请检查文件是否过大或损坏，必要时另存后重新上传。"
    )
    # Nothing was stored: the 正文 is still the uploaded version.
    assert body.current_record(document)["version"] == record["version"]
    assert not body.is_clean(document)
