"""R-R3 四性检测 (DA/T 70-2018) on real files: archive/checks.py, fixity.py, probe.py, clamav.py.

The sample files are made here with real tools (WeasyPrint for a typeset PDF with Chinese
text, qpdf for an encrypted one, zipfile for DOCX); the virus scan is a real clamd started
by ``scripts/clamd.sh`` (fixture ``clamd_socket``).
"""

import hashlib
import json
from pathlib import Path

import pytest

from collective.gongwen.archive import checks
from collective.gongwen.archive import clamav
from collective.gongwen.archive import fixity
from collective.gongwen.archive.checks import FileSample
from tests.support import bad_files
from tests.support.clamav import EICAR
from tests.support.clamav import SAMPLE_MARKER
from tests.support.zipped import docx

TITLE = "关于做好2026年防汛工作的通知"
NUMBER = "长河〔2026〕4号"


@pytest.fixture(scope="module")
def typeset_pdf(tmp_path_factory):
    """A PDF with the title and 文号 in its text, as the typesetting makes it (WeasyPrint)."""
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("typeset") / "official.pdf"
    HTML(
        string=f"<html><body><p>长垣河务局文件</p><p>{NUMBER}</p><h1>{TITLE}</h1>"
        "<p>各科室：请做好防汛准备。</p></body></html>"
    ).write_pdf(path)
    return path


def metadata(**changes):
    values = {
        "kind": "outgoing",
        "title": TITLE,
        "doc_kind": "notice",
        "issue_number": NUMBER,
        "written_date": "2026-03-02",
        "fonds_number": "118",
        "category": "WS",
        "year": 2026,
        "retention": "10_years",
        "organ_code": "BGS",
        "uid": "abc123",
        "path": "/plone/cy/outgoing/doc-1",
    }
    values.update(changes)
    return values


def sample(path, role="attachment", name=None, version=None, expected=None, **changes):
    filename = name or path.name
    values = {
        "path": f"{role}-{filename}",
        "version": version,
        "title": filename.rsplit(".", 1)[0],
        "role": role,
        "filename": filename,
        "content_type": "",
        "local_path": str(path) if path is not None else None,
        "expected": expected,
    }
    values.update(changes)
    return FileSample(**values)


@pytest.fixture
def item_files(tmp_path, typeset_pdf):
    """A sound 发文: its 正式文件, 发文稿纸 and one DOCX attachment."""
    slip = bad_files.simple_pdf(tmp_path / "slip.pdf")
    attachment = tmp_path / "附件1.docx"
    attachment.write_bytes(docx("<w:document><w:body>防汛值班表</w:body></w:document>"))
    return [
        sample(typeset_pdf, "typeset", content_type="application/pdf"),
        sample(slip, "slip", content_type="application/pdf"),
        sample(
            attachment,
            content_type=(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ),
        ),
    ]


def texts(result, check=None):
    return [p.text for p in result.problems if check is None or p.check == check]


# --- fixity -------------------------------------------------------------------------------


def test_r_r3_fixity_is_sha256_and_sm3_streamed(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    digests = fixity.file_digests(path)
    assert digests["size"] == 3
    assert digests["sha256"] == hashlib.sha256(b"abc").hexdigest()
    # GB/T 32905-2016 Appendix A.1
    assert digests["sm3"] == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    big = tmp_path / "big.bin"
    data = bytes(range(256)) * 20_000  # more than one chunk
    big.write_bytes(data)
    assert fixity.file_digests(big) == fixity.bytes_digests(data)


# --- a sound item ---------------------------------------------------------------------------


def test_r_r3_sound_item_passes_the_four_checks(clamd_socket, item_files):
    result = checks.check_item(
        "118-WS·2026-D10-BGS-0001", metadata(), item_files, clamav.scanner(clamd_socket)
    )
    assert result.problems == []
    assert result.outcomes == dict.fromkeys(checks.CHECKS, True)
    assert [entry["position"] for entry in result.files] == [1, 2, 3]
    for entry, file in zip(result.files, item_files, strict=True):
        data = Path(file.local_path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["sm3"] == hashlib.new("sm3", data).hexdigest()
        assert entry["size"] == len(data)
    # a re-check with the manifest as stored at 归档 passes too
    again = [
        FileSample(**{**f.__dict__, "expected": entry})
        for f, entry in zip(item_files, result.files, strict=True)
    ]
    assert checks.check_item("x", metadata(), again, clamav.scanner(clamd_socket)).passed


def test_r_r3_results_travel_as_json_and_back(clamd_socket, item_files, tmp_path):
    broken = bad_files.truncated_pdf(tmp_path)
    result = checks.check_item(
        "件", metadata(issue_number=""), [*item_files, sample(broken)], clamav.scanner(clamd_socket)
    )
    wire = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    back = checks.ItemResult.from_dict(wire)
    assert back.as_dict() == result.as_dict()
    assert back.outcomes["usability"] is False and back.outcomes["integrity"] is False


# --- authenticity ---------------------------------------------------------------------------


def test_r_r3_authenticity_fails_when_a_file_differs_from_its_manifest(
    clamd_socket, item_files, tmp_path
):
    entry = {"size": 10, "sha256": "0" * 64, "sm3": "1" * 64}
    files = [*item_files[:2], FileSample(**{**item_files[2].__dict__, "expected": entry})]
    result = checks.check_item(
        "118-WS·2026-D10-BGS-0002", metadata(), files, clamd_scan(clamd_socket)
    )
    assert result.outcomes["authenticity"] is False
    (problem,) = result.problems
    assert problem.item == "118-WS·2026-D10-BGS-0002"
    assert problem.file == "附件1（附件1.docx）"
    assert "大小、SHA-256、SM3 不一致" in problem.text


def clamd_scan(socket_path):
    return clamav.scanner(socket_path)


def test_r_r3_authenticity_fails_when_content_is_not_what_the_name_says(tmp_path, clamd_socket):
    png = bad_files.png_named_pdf(tmp_path)
    result = checks.check_item(
        "件", metadata(), [sample(png, content_type="application/pdf")], clamd_scan(clamd_socket)
    )
    found = texts(result, "authenticity")
    assert "文件内容与文件名不符：扩展名为 .pdf，内容却是PNG 图片。" in found
    assert "登记的文件类型为 application/pdf，内容却是PNG 图片。" in found


def test_r_r3_authenticity_fails_when_the_typeset_pdf_lacks_title_or_number(
    tmp_path, typeset_pdf, clamd_socket
):
    other = bad_files.simple_pdf(tmp_path / "other.pdf")
    slip = bad_files.simple_pdf(tmp_path / "slip.pdf")
    files = [sample(other, "typeset"), sample(slip, "slip")]
    result = checks.check_item("件", metadata(), files, clamd_scan(clamd_socket))
    assert texts(result, "authenticity") == [
        f"正式文件中找不到公文的标题「{TITLE}」。",
        f"正式文件中找不到公文的文号「{NUMBER}」。",
    ]
    assert result.problems[0].file == "other（other.pdf）"
    files = [sample(typeset_pdf, "typeset"), sample(slip, "slip")]
    assert checks.check_item("件", metadata(), files, clamd_scan(clamd_socket)).passed


def test_r_r3_authenticity_fails_when_the_archival_code_does_not_match(item_files, clamd_socket):
    result = checks.check_item(
        "件",
        metadata(item_number=7, archival_code="118-WS·2026-D30-BGS-0007"),
        item_files,
        clamd_scan(clamd_socket),
    )
    assert texts(result) == [
        "档号「118-WS·2026-D30-BGS-0007」与归档章数据不符（应为「118-WS·2026-D10-BGS-0007」）。"
    ]
    assert result.outcomes["authenticity"] is False


# --- integrity ------------------------------------------------------------------------------


def test_r_r3_integrity_fails_on_missing_or_out_of_range_metadata(item_files, clamd_socket):
    result = checks.check_item(
        "无文号的发文",
        metadata(issue_number=" ", year=1800, doc_kind="poem", written_date="2026-02-30"),
        item_files,
        clamd_scan(clamd_socket),
    )
    assert result.outcomes == {
        "authenticity": True,
        "integrity": False,
        "usability": True,
        "security": True,
    }
    assert texts(result) == [
        "年度应为 1949–2999 之间的四位年份。",
        "缺少文号。",
        "文种「poem」不在允许的范围内。",
        "成文日期「2026-02-30」不是 1949–2100 年间的日期。",
    ]
    assert {p.item for p in result.problems} == {"无文号的发文"}


def test_r_r3_integrity_needs_the_files_of_the_kind(tmp_path, clamd_socket):
    attachment = tmp_path / "a.docx"
    attachment.write_bytes(docx())
    incoming = metadata(
        kind="incoming", receipt_number="长河收〔2026〕7号", received_date="2026-03-05"
    )
    result = checks.check_item("收文", incoming, [sample(attachment)], clamd_scan(clamd_socket))
    assert texts(result) == ["缺少来文处理单。"]
    result = checks.check_item("发文", metadata(), [sample(attachment)], clamd_scan(clamd_socket))
    assert texts(result) == ["缺少正式文件。", "缺少发文稿纸。"]


def test_r_r3_integrity_names_a_missing_file_and_a_gap_in_the_order(item_files, clamd_socket):
    typeset, slip, attachment = item_files
    files = [
        FileSample(**{**typeset.__dict__, "position": 1}),
        FileSample(**{**slip.__dict__, "position": 2}),
        FileSample(**{**attachment.__dict__, "position": 4, "local_path": None}),
    ]
    result = checks.check_item(
        "118-WS·2026-D10-BGS-0003", metadata(), files, clamd_scan(clamd_socket)
    )
    assert texts(result) == [
        "件内顺序号不连续：缺 3，重复 无。",
        "件内第 4 个文件缺失，无法取得其内容。",
    ]
    assert result.problems[1].file == "附件1（附件1.docx）"
    assert len(result.files) == 2


def test_r_r3_no_gap_in_item_numbers():
    group = ("118", 2026, "10_years", "BGS")
    other = ("118", 2026, "permanent", "BGS")
    items = [("a", group, 1), ("b", group, 2), ("c", group, 5), ("d", group, 5), ("e", other, 1)]
    problems = checks.check_sequence(items)
    assert [(p.check, p.item, p.text) for p in problems] == [
        ("integrity", "118-WS·2026-D10-BGS", "件号不连续：118-WS·2026-D10-BGS 缺少件号 3–4。"),
        (
            "integrity",
            "118-WS·2026-D10-BGS",
            "件号重复：118-WS·2026-D10-BGS 的件号 5 有多件（c、d）。",
        ),
    ]
    # destroyed items (销毁清册) leave no gap; a group from 1 without holes passes
    assert (
        checks.check_sequence(
            [("a", group, 1), ("c", group, 4)], destroyed=[(group, 2), (group, 3)]
        )
        == []
    )
    assert checks.check_sequence([("e", other, 2)])[0].text.endswith("缺少件号 1。")


# --- usability ------------------------------------------------------------------------------


def zeroed_pdf(directory):
    """A whole PDF (it ends with %%EOF) whose first half, but the header, is zeros."""
    data = bad_files.pdf_bytes(3)
    half = len(data) // 2
    path = directory / "zeroed.pdf"
    path.write_bytes(data[:40] + bytes(half - 40) + data[half:])
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (bad_files.truncated_pdf, "文件无法打开：PDF 文件不完整（缺少结尾标记 %%EOF）"),
        (zeroed_pdf, "文件无法打开：PDF 无法读取"),
        (bad_files.encrypted_pdf, "文件已加密，打开需要密码。"),
        (bad_files.broken_docx, "文件无法打开：压缩结构损坏"),
        (bad_files.truncated_png, "文件无法打开：图片无法读取"),
        (lambda d: bad_files.empty_file(d, "空.pdf"), "文件为空（0 字节）。"),
    ],
)
def test_r_r3_usability_fails_on_a_file_that_does_not_open(tmp_path, clamd_socket, make, expected):
    path = make(tmp_path)
    result = checks.check_item("件", metadata(), [sample(path)], clamd_scan(clamd_socket))
    found = texts(result, "usability")
    assert len(found) == 1 and found[0].startswith(expected), found
    assert result.outcomes["usability"] is False


def test_r_r3_usability_fails_on_an_unknown_format(tmp_path, clamd_socket):
    path = tmp_path / "page.html"
    path.write_bytes(b"<!DOCTYPE html><html><body><script>x()</script></body></html>")
    result = checks.check_item("件", metadata(), [sample(path)], clamd_scan(clamd_socket))
    assert "文件格式不明或不宜长期保存（内容为网页（HTML））。" in texts(result, "usability")


def test_r_r3_usability_passes_owner_protected_pdf_and_office_files(tmp_path, clamd_socket):
    from tests.support import disguised

    (tmp_path / "表.xlsx").write_bytes(disguised.xlsx())
    (tmp_path / "文.odt").write_bytes(disguised.odt())
    (tmp_path / "版式.ofd").write_bytes(disguised.ofd())
    (tmp_path / "说明.txt").write_bytes("汛期值班".encode("gb18030"))
    files = [
        sample(bad_files.owner_protected_pdf(tmp_path)),
        sample(bad_files.image(tmp_path, "扫描.jpg")),
        *(sample(tmp_path / n) for n in ("表.xlsx", "文.odt", "版式.ofd", "说明.txt")),
    ]
    result = checks.check_item("件", metadata(), files, clamd_scan(clamd_socket))
    assert texts(result) == ["缺少正式文件。", "缺少发文稿纸。"]


# --- security -------------------------------------------------------------------------------


def test_r_r3_security_finds_eicar_and_our_sample_with_a_real_clamd(tmp_path, clamd_socket):
    eicar = tmp_path / "eicar.txt"
    eicar.write_bytes(EICAR)
    infected = tmp_path / "附件2.docx"
    infected.write_bytes(docx(f"<w:document>{SAMPLE_MARKER.decode()}</w:document>"))
    clean = bad_files.simple_pdf(tmp_path / "clean.pdf")
    files = [sample(eicar), sample(infected), sample(clean)]
    result = checks.check_item(
        "118-WS·2026-D10-BGS-0009", metadata(), files, clamd_scan(clamd_socket)
    )
    found = [(p.file, p.text) for p in result.problems if p.check == "security"]
    assert found == [
        ("eicar（eicar.txt）", "发现病毒或恶意代码：Eicar-Test-Signature.UNOFFICIAL。"),
        ("附件2（附件2.docx）", "发现病毒或恶意代码：Gongwen.Test.ArchiveSample.UNOFFICIAL。"),
    ]


def test_r_r3_security_fails_when_clamd_cannot_answer(tmp_path, item_files):
    result = checks.check_item(
        "件", metadata(), item_files, clamav.scanner(str(tmp_path / "no.sock"))
    )
    assert result.outcomes["security"] is False
    assert all(p.text.startswith("病毒扫描服务（clamd）无法连接") for p in result.problems), texts(
        result
    )
    assert len(result.problems) == 3  # each file names its missing verdict
    result = checks.check_item("件", metadata(), item_files, None)
    assert texts(result) == ["未配置病毒扫描，未能完成病毒检测。"]


def test_r_r3_clamd_limits_size_and_answers_ping(tmp_path, clamd_socket):
    client = clamav.scanner(clamd_socket, max_bytes=10)
    assert client.ping() is True
    assert client.version().startswith("ClamAV ")
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(clamav.ScanUnavailable, match="超过病毒扫描上限"):
        client(str(path))
    with pytest.raises(clamav.ScanUnavailable, match="病毒扫描出错"):
        clamav.verdict("INSTREAM size limit exceeded. ERROR")
