"""R-R3 移交: PDF/A-2b renditions by a real Ghostscript in the sandbox, or why not."""

import xml.etree.ElementTree as ET
import zipfile

from collective.gongwen.archive import checks
from collective.gongwen.archive import pdfa
from collective.gongwen.archive import probe
from collective.gongwen.archive import transfer

TITLE = "关于做好1号堤段汛前检查的通知"
NUMBER = "长河〔2026〕1号"


def _pdf(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "official.pdf"
    HTML(string=f"<p>长垣河务局文件</p><p>{NUMBER}</p><h1>{TITLE}</h1>").write_pdf(str(path))
    return path


def test_r_r3_a_pdf_gets_a_pdfa_rendition_with_its_chinese_text(tmp_path):
    source = _pdf(tmp_path)
    target = tmp_path / "official.pdfa.pdf"
    assert pdfa.make_rendition(str(source), str(target)) is None
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"pdfaid:part" in data
    text = probe.pdf_text(str(target))
    # Ghostscript needs its CMaps (/var/lib/ghostscript) in the sandbox to keep CJK text
    assert TITLE in text and NUMBER in text


def test_r_r3_what_ghostscript_cannot_convert_keeps_the_original_and_says_why(tmp_path):
    source = tmp_path / "broken.pdf"
    source.write_bytes(b"%PDF-1.7\nthis is no PDF at all\n")
    target = tmp_path / "broken.pdfa.pdf"
    reason = pdfa.make_rendition(str(source), str(target))
    assert reason is not None and not target.exists()
    assert "保留原文件" in checks.message_text(reason)


def test_r_r3_a_rendition_over_its_time_is_stopped(tmp_path):
    source = _pdf(tmp_path)
    target = tmp_path / "slow.pdfa.pdf"
    reason = pdfa.make_rendition(str(source), str(target), seconds=0.001)
    assert reason is not None and not target.exists()
    assert "秒" in checks.message_text(reason)


def test_r_r3_a_rendition_over_its_size_is_refused(tmp_path):
    source = _pdf(tmp_path)
    target = tmp_path / "big.pdfa.pdf"
    assert pdfa.make_rendition(str(source), str(target), max_bytes=100) is not None
    assert not target.exists()


def test_r_r3_the_metadata_says_why_a_file_has_no_rendition(tmp_path):
    source = _pdf(tmp_path)
    path = tmp_path / "package.zip"
    writer = transfer.PackageWriter(
        str(path), {"fonds_number": "118", "fonds_title": "长垣河务局", "year": 2026}
    )
    item = {
        "archival_code": "118-WS·2026-D10-BGS-0001",
        "fonds_number": "118",
        "category": "WS",
        "year": 2026,
        "retention": "10_years",
        "organ_code": "BGS",
        "item_number": 1,
        "kind": "outgoing",
        "title": TITLE,
        "responsible": "长垣河务局",
        "date": "2026-03-02",
        "classification": "none",
    }
    note = "转换为 PDF/A 失败（test），保留原文件。"
    writer.add_item(
        item,
        [
            {
                "role": "typeset",
                "filename": "正式文件.pdf",
                "content_type": "application/pdf",
                "local_path": str(source),
                "rendition_note": note,
            }
        ],
    )
    writer.close()
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("118-WS·2026-D10-BGS-0001/metadata.xml"))
        assert not any(n.endswith(transfer.RENDITION_SUFFIX) for n in package.namelist())
    (node,) = root.findall("电子文件/文件")
    assert node.findtext("备注") == note
    work = tmp_path / "work"
    work.mkdir()
    assert transfer.verify_package(str(path), str(work)).items[0].files[0]["filename"]
