"""R-D6: LibreOffice for the Word 正文 in the workers (``wordbody.office``): .wps/.odt → .docx,
清稿 through UNO (every tracked change accepted, every comment out), time limits."""

import io
import re
import subprocess
import time
import zipfile

import pytest

from collective.gongwen.conversion import tools
from collective.gongwen.wordbody import office
from tests.support import wordfiles

W_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def parts_text(data, member="word/document.xml"):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(member).decode("utf-8")


def body_text(data):
    """The text a .docx shows (w:t only: deleted text is w:delText)."""
    return "".join(W_TEXT.findall(parts_text(data)))


def sample():
    """The shared reviewed sample and a formatting change of 王五's."""
    return wordfiles.reviewed_docx(
        wordfiles.paragraph("物资", wordfiles.formatted("储备", author="王五"), "到位。")
    )


def test_r_d6_office_timeout_from_the_environment_bounded(monkeypatch):
    monkeypatch.delenv("GONGWEN_WORDBODY_TIMEOUT", raising=False)
    assert office.office_timeout() == 60
    monkeypatch.setenv("GONGWEN_WORDBODY_TIMEOUT", "5")
    assert office.office_timeout() == 5
    monkeypatch.setenv("GONGWEN_WORDBODY_TIMEOUT", "-3")
    assert office.office_timeout() == 1
    monkeypatch.setenv("GONGWEN_WORDBODY_TIMEOUT", "很久")
    assert office.office_timeout() == 60


def test_r_d6_strip_comments_takes_every_comment_mark_out(tmp_path):
    path = tmp_path / "commented.docx"
    path.write_bytes(sample())
    assert "commentReference" in parts_text(path.read_bytes())
    assert office.strip_comments(str(path)) == 3  # range start, end and the reference
    xml = parts_text(path.read_bytes())
    assert "comment" not in xml
    assert "请核实" in body_text(path.read_bytes())  # the commented text itself stays
    assert office.strip_comments(str(path)) == 0


def clean_paths(tmp_path, data):
    """``(source, target)`` of a 清稿: ``data`` written as the source, the target's folder made."""
    source = tmp_path / "in" / "source.docx"
    source.parent.mkdir()
    source.write_bytes(data)
    target = tmp_path / "out" / "clean.docx"
    target.parent.mkdir()
    return source, target


@pytest.mark.slow
def test_r_d6_clean_docx_accepts_every_change_and_drops_every_comment(tmp_path):
    source, target = clean_paths(tmp_path, sample())
    assert office.clean_docx(str(source), str(target), 60) == (0, 0)
    data = target.read_bytes()
    xml = parts_text(data)
    for mark in ("<w:ins ", "<w:del ", "w:delText", "w:rPrChange", "comment"):
        assert mark not in xml
    text = body_text(data)
    assert "各单位要高度重视防汛工作。" in text
    assert "一般对待" not in text
    assert "请核实。" in text
    assert source.read_bytes() == sample()  # the worker's copy of the source is untouched


@pytest.mark.slow
def test_r_d6_clean_docx_of_twenty_pages_within_five_seconds(tmp_path):
    source, target = clean_paths(tmp_path, wordfiles.twenty_pages())
    office.clean_docx(str(source), str(tmp_path / "warm.docx"), 60)  # the profile exists
    started = time.monotonic()
    assert office.clean_docx(str(source), str(target), 60) == (0, 0)
    seconds = time.monotonic() - started
    print(f"清稿 of 20 pages (soffice start included): {seconds:.2f} s")
    assert seconds <= 5
    text = body_text(target.read_bytes())
    assert "（第3条补充意见）" in text or "（第6条补充意见）" in text


@pytest.mark.slow
@pytest.mark.parametrize("extension", ["wps", "odt"])
def test_r_d6_to_docx_keeps_the_changes_of_a_wps_or_odt(tmp_path, extension):
    source = tmp_path / f"source.{extension}"
    source.write_bytes(wordfiles.to_format(sample(), extension))
    converted = office.to_docx(str(source), str(tmp_path), 60, extension)
    with open(converted, "rb") as result:
        xml = parts_text(result.read())
    assert "高度重视" in xml and "一般对待" in xml
    assert 'w:author="张三"' in xml and 'w:author="李四"' in xml
    assert "<w:ins " in xml and "<w:del " in xml


@pytest.mark.slow
def test_r_d6_clean_docx_stopped_at_the_limit_with_its_office(tmp_path):
    source, target = clean_paths(tmp_path, wordfiles.twenty_pages())
    with pytest.raises(tools.ToolsTimedOut):
        office.clean_docx(str(source), str(target), 0.5)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True)
    assert left.stdout == ""  # soffice and the UNO script were killed with the group
    assert not target.exists()


@pytest.mark.slow
def test_r_d6_clean_docx_of_a_broken_file_fails_with_a_reason(tmp_path):
    source, target = clean_paths(tmp_path, b"PK\x03\x04 not really a zip")
    with pytest.raises(tools.ToolsFailed) as failed:
        office.clean_docx(str(source), str(target), 60)
    assert "文件无法读取" in failed.value.args[0]


@pytest.mark.slow
def test_r_d6_the_workers_clean_keeps_the_accepted_text_of_twenty_pages(tmp_path):
    from collective.gongwen.wordbody import worker
    from collective.gongwen.wordbody.docx import read_document

    source = read_document(wordfiles.twenty_pages())
    analysis = worker.analysis_of(source)
    assert (analysis["revisions"], analysis["comments"]) == (30, 3)
    assert {change["author"] for change in analysis["changes"]} == set(wordfiles.AUTHORS)
    path = tmp_path / "通知.docx"
    path.write_bytes(wordfiles.twenty_pages())
    data, clean = worker.cleaned(str(path), path.name, str(tmp_path), 60)
    assert (clean.changes, clean.comments) == ([], [])
    # 清稿 changes nothing of the text but the marks: R-O6 compares these digests.
    assert clean.accepted_text() == source.accepted_text()
    assert worker.analysis_of(clean)["accepted_sha256"] == analysis["accepted_sha256"]


def test_r_d6_the_worker_refuses_a_file_that_is_no_word_file(tmp_path):
    from collective.gongwen.wordbody import worker

    path = tmp_path / "通知.docx"
    path.write_bytes(b"%PDF-1.7 not a Word file")
    with pytest.raises(worker.JobFailed) as failed:
        worker.cleaned(str(path), path.name, str(tmp_path), 60)
    assert failed.value.code in ("corrupt", "mismatch")


@pytest.mark.slow
@pytest.mark.parametrize("extension", ["wps", "odt"])
def test_r_d6_the_workers_clean_of_a_wps_or_odt_is_a_clean_docx(tmp_path, extension):
    from collective.gongwen.wordbody import worker

    path = tmp_path / f"通知.{extension}"
    path.write_bytes(wordfiles.to_format(sample(), extension))
    data, clean = worker.cleaned(str(path), path.name, str(tmp_path), 60)
    assert data.startswith(b"PK")
    assert (clean.changes, clean.comments) == ([], [])
    text = clean.accepted_text()
    assert "各单位要高度重视防汛工作。" in text and "一般对待" not in text
