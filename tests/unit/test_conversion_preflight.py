"""R-A1: bad files are refused with a reason before the viewer's tools run.

Each bad file of ``tests.support.bad_files`` gets its reason code and the
values its Chinese message names; real documents (LibreOffice's DOCX, PDF,
ODT, RTF, DOC, XLSX, the scan, images) pass.
"""

import shutil

import pytest

from collective.gongwen.conversion.preflight import by_name
from collective.gongwen.conversion.preflight import preflight
from collective.gongwen.conversion.reasons import REASONS
from tests.support import bad_files


def check(path, filename=None, **limits):
    """The preflight verdict for ``path`` (uploaded under its own name unless given)."""
    return preflight(str(path), filename or path.name, limits)


def test_r_a1_preflight_reasons_are_known_codes(tmp_path):
    made = [
        bad_files.empty_file(tmp_path),
        bad_files.truncated_pdf(tmp_path),
        bad_files.encrypted_pdf(tmp_path),
        bad_files.png_named_pdf(tmp_path),
    ]
    assert {check(path)[0] for path in made} <= set(REASONS)


def test_r_a1_preflight_empty_file(tmp_path):
    assert check(bad_files.empty_file(tmp_path)) == ("empty_file", {})
    assert check(bad_files.empty_file(tmp_path, "通知.docx")) == ("empty_file", {})


def test_r_a1_preflight_unsupported_extension(tmp_path):
    pdf = bad_files.simple_pdf(tmp_path / "a.pdf")
    assert check(pdf, "a.exe") == ("unsupported_type", {"extension": ".exe"})
    assert check(pdf, "说明") == ("unsupported_type", {"extension": "无扩展名"})


def test_r_a1_preflight_by_name_refuses_without_reading_the_file():
    assert by_name(0, "通知.pdf") == ("empty_file", {})
    assert by_name(120, "归档记录.xml") == ("unsupported_type", {"extension": ".xml"})
    assert by_name(120, "说明") == ("unsupported_type", {"extension": "无扩展名"})
    assert by_name(120, "通知.PDF") is None  # the content is preflight's to judge


def test_r_a1_preflight_png_named_pdf_is_a_mismatch(tmp_path):
    verdict = check(bad_files.png_named_pdf(tmp_path))
    assert verdict == ("type_mismatch", {"extension": ".pdf", "actual": "PNG 图片"})


def test_r_a1_preflight_pdf_named_docx_is_a_mismatch(tmp_path):
    verdict = check(bad_files.pdf_named_docx(tmp_path))
    assert verdict == ("type_mismatch", {"extension": ".docx", "actual": "PDF 文档"})


def test_r_a1_preflight_extension_is_case_insensitive(tmp_path):
    assert check(bad_files.simple_pdf(tmp_path / "a.pdf"), "通知.PDF") is None


def test_r_a1_preflight_binary_named_txt_is_a_mismatch(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert check(path) == ("type_mismatch", {"extension": ".txt", "actual": "未知格式"})


def test_r_a1_preflight_chinese_text_passes(tmp_path):
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text("关于做好黄河防汛工作的通知\n各部门：", "utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_text("关于做好黄河防汛工作的通知\n各部门：", "gb18030")
    assert check(utf8) is None
    assert check(gbk) is None


def test_r_a1_preflight_legacy_office_names_are_tolerant(tmp_path):
    # RTF saved as .doc is what bureau systems export …
    rtf = tmp_path / "letter.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi Hello}")
    assert check(rtf) is None
    assert check(bad_files.pdf_named_docx(tmp_path), "report.doc") == (
        "type_mismatch",
        {"extension": ".doc", "actual": "PDF 文档"},
    )


def test_r_sec5_preflight_refuses_html_under_any_office_name(tmp_path):
    # … but HTML (Word's 「网页」 .doc, a table as .xls) may fetch what it links:
    # refused at upload whatever its name (content.filetypes), and so here.
    html = tmp_path / "export.doc"
    html.write_text("<html><body><p>通知</p></body></html>", "utf-8")
    for name in ("export.doc", "export.xls"):
        reason, mapping = check(html, name)
        assert (reason, mapping["actual"]) == ("type_mismatch", "网页（HTML）")


def test_r_a1_preflight_truncated_pdf_is_corrupt(tmp_path):
    reason, mapping = check(bad_files.truncated_pdf(tmp_path))
    assert reason == "corrupt"
    assert mapping["detail"].startswith("PDF 结构损坏")


def test_r_a1_preflight_encrypted_pdf(tmp_path):
    assert check(bad_files.encrypted_pdf(tmp_path)) == ("encrypted", {})


def test_r_a1_preflight_owner_password_only_pdf_passes(tmp_path):
    # It opens without a password; only printing/copying are restricted.
    assert check(bad_files.owner_protected_pdf(tmp_path)) is None


def test_r_a1_preflight_too_many_pages(tmp_path):
    pdf = bad_files.many_pages_pdf(tmp_path, pages=300)
    assert check(pdf) is None  # under the default 500
    assert check(pdf, max_pages=200) == ("too_many_pages", {"pages": 300, "limit": 200})


def test_r_a1_preflight_many_page_tiff(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.tif"
    frames = [Image.new("1", (50, 50)) for _ in range(4)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert check(path) is None
    assert check(path, max_pages=3) == ("too_many_pages", {"pages": 4, "limit": 3})


def test_r_a1_preflight_huge_image(tmp_path):
    verdict = check(bad_files.huge_png(tmp_path))
    assert verdict == ("image_too_large", {"width": 10000, "height": 10000, "limit": 5000})


def test_r_a1_preflight_image_beyond_pillows_own_bomb_limit(tmp_path):
    # 2.25 亿像素: Pillow's Image.open raises DecompressionBombError itself.
    verdict = check(bad_files.huge_png(tmp_path, size=(15_000, 15_000)))
    assert verdict == ("image_too_large", {"width": 15000, "height": 15000, "limit": 5000})


def test_r_a1_preflight_truncated_image_is_corrupt(tmp_path):
    reason, mapping = check(bad_files.truncated_png(tmp_path))
    assert reason == "corrupt"
    assert mapping["detail"].startswith("图片无法读取")


@pytest.mark.parametrize("name", ["a.jpg", "a.jpeg", "a.png", "a.tif", "a.tiff", "a.gif", "a.bmp"])
def test_r_a1_preflight_images_pass(tmp_path, name):
    assert check(bad_files.image(tmp_path, name)) is None


def test_r_a1_preflight_png_saved_as_jpg_passes(tmp_path):
    assert check(bad_files.image(tmp_path, "photo.jpg", format="PNG")) is None


def test_r_a1_preflight_broken_docx_is_corrupt(tmp_path):
    assert check(bad_files.broken_docx(tmp_path)) == ("corrupt", {"detail": "压缩结构损坏"})


@pytest.mark.slow
def test_r_a1_preflight_docx_zip_bomb(tmp_path):
    bomb = bad_files.docx_zip_bomb(tmp_path)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert check(bomb) == ("zip_bomb", {"size": "1.1 GB"})


@pytest.fixture(scope="session")
def office_variants(sample_documents, tmp_path_factory):
    """ODT, RTF, DOC, XLSX and XLS made by LibreOffice from the sample 通知."""
    from tests.support.documents import make_office_variants

    return make_office_variants(tmp_path_factory.mktemp("variants"), sample_documents)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pdf", "docx", "scan"])
def test_r_a1_preflight_sample_documents_pass(sample_documents, kind):
    assert check(sample_documents[kind]) is None


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["odt", "rtf", "doc", "xlsx", "xls"])
def test_r_a1_preflight_libreoffice_documents_pass(office_variants, kind):
    assert check(office_variants[kind]) is None


@pytest.mark.slow
def test_r_a1_preflight_wps_and_et_are_their_ole2_office_files(office_variants, tmp_path):
    # WPS Office's .wps/.et are the same OLE2 compound files as .doc/.xls.
    wps = shutil.copy(office_variants["doc"], tmp_path / "通知.wps")
    et = shutil.copy(office_variants["xls"], tmp_path / "表格.et")
    assert check(wps) is None
    assert check(et) is None


@pytest.mark.slow
def test_r_a1_preflight_office_files_named_as_each_other(office_variants, sample_documents):
    assert check(sample_documents["docx"], "通知.xlsx") == (
        "type_mismatch",
        {"extension": ".xlsx", "actual": "Word 文档"},
    )
    assert check(office_variants["doc"], "通知.pdf") == (
        "type_mismatch",
        {"extension": ".pdf", "actual": "Word 97-2003 文档"},
    )
    assert check(office_variants["xls"], "表格.docx") == (
        "type_mismatch",
        {"extension": ".docx", "actual": "Excel 97-2003 表格"},
    )
    # A .docx renamed .doc is everyday; LibreOffice reads it by content.
    assert check(sample_documents["docx"], "通知.doc") is None


@pytest.mark.slow
def test_r_a1_preflight_truncated_real_pdf_is_corrupt(sample_documents, tmp_path):
    reason, _mapping = check(bad_files.truncated_pdf(tmp_path, sample_documents["pdf"]))
    assert reason == "corrupt"


@pytest.mark.slow
def test_r_a1_preflight_scan_images_pass(sample_documents, tmp_path):
    from PIL import Image

    scan = sample_documents["scan"].with_suffix(".png")
    with Image.open(scan) as image:
        for name in ("scan.jpg", "scan.png", "scan.tif"):
            image.convert("L").save(tmp_path / name)
            assert check(tmp_path / name) is None
