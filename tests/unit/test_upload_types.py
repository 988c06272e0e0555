"""R-SEC5, R-SEC2: uploads typed by content, and file names cleaned (plain Python, libmagic)."""

import io
import shutil

import pytest

from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.filetypes import extension_of
from collective.gongwen.content.filetypes import file_kind
from collective.gongwen.content.filetypes import type_problem
from tests.support import disguised


def kind(data):
    return file_kind(io.BytesIO(data))


def problem(data, name):
    return type_problem(io.BytesIO(data), name)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (disguised.pdf, "pdf"),
        (disguised.png, "png"),
        (disguised.jpeg, "jpeg"),
        (disguised.docx, "docx"),
        (disguised.xlsx, "xlsx"),
        (disguised.odt, "odt"),
        (disguised.ofd, "ofd"),
        (disguised.plain_zip, "zip"),
        (disguised.windows_exe, "executable"),
        (disguised.html, "html"),
        (disguised.svg, "svg"),
        (disguised.text, "text"),
        (lambda: disguised.text(encoding="gb18030"), "text"),
        (lambda: b"", "empty"),
    ],
)
def test_r_sec5_kind_is_read_from_the_content(build, expected):
    assert kind(build()) == expected


def test_r_sec5_the_file_is_left_at_its_start():
    file = io.BytesIO(disguised.docx())
    file.seek(5)
    file_kind(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (disguised.pdf, "通知.pdf"),
        (disguised.pdf, "通知.PDF"),
        (disguised.docx, "通知.docx"),
        (disguised.docx, "通知.doc"),  # a DOCX saved as .doc: LibreOffice reads it
        (disguised.xlsx, "统计表.xlsx"),
        (disguised.odt, "通知.odt"),
        (disguised.ofd, "来文.ofd"),
        (disguised.png, "扫描件.png"),
        (disguised.png, "扫描件.jpg"),  # image names take each other's content
        (disguised.jpeg, "扫描件.jpeg"),
        (disguised.text, "值班表.txt"),
    ],
)
def test_r_sec2_real_files_are_accepted(build, name):
    assert problem(build(), name) is None


@pytest.mark.parametrize(
    ("build", "name", "actual"),
    [
        (disguised.windows_exe, "通知.pdf", "可执行程序"),
        (disguised.windows_exe, "通知.docx", "可执行程序"),
        (disguised.windows_exe, "扫描件.png", "可执行程序"),
        (disguised.html, "通知.docx", "网页（HTML）"),
        (disguised.html, "通知.doc", "网页（HTML）"),
        (disguised.html, "值班表.txt", "网页（HTML）"),
        (disguised.svg, "扫描件.png", "SVG 矢量图（可含脚本）"),
        (disguised.plain_zip, "通知.docx", "ZIP 压缩包"),
        (disguised.plain_zip, "来文.ofd", "ZIP 压缩包"),
        (disguised.docx, "来文.ofd", "Word 文档"),
        (disguised.ofd, "通知.docx", "OFD 版式文件"),
        (disguised.pdf, "通知.docx", "PDF 文档"),
        (disguised.png, "通知.pdf", "PNG 图片"),
        (lambda: b"", "通知.pdf", "空文件"),
    ],
)
def test_r_sec5_disguised_files_are_refused(build, name, actual):
    code, mapping = problem(build(), name)
    assert code == "mismatch"
    assert mapping["actual"] == actual
    assert mapping["extension"] == extension_of(name)


@pytest.mark.parametrize(
    "name", ["setup.exe", "page.html", "logo.svg", "run.js", "archive.zip", "无扩展名", ".pdf"]
)
def test_r_sec5_extensions_not_accepted(name):
    code, mapping = problem(disguised.pdf(), name)
    assert code == "not_accepted"
    assert ".pdf" in mapping["accepted"] and ".ofd" in mapping["accepted"]


def test_r_sec5_a_nul_does_not_hide_the_real_extension():
    # "evil.exe\0.pdf" is cleaned to "evil.exe.pdf": typed as a PDF, its content an executable.
    code, mapping = problem(disguised.windows_exe(), "evil.exe\x00.pdf")
    assert (code, mapping["name"], mapping["actual"]) == ("mismatch", "evil.exe.pdf", "可执行程序")


def test_r_sec5_zip_member_is_not_extracted_beyond_the_directory():
    # A ``mimetype`` member that claims to be huge is not read.
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + bytes(10**6))
    assert kind(out.getvalue()) == "zip"


def test_r_sec5_real_ofd_samples_are_ofd():
    samples = disguised.real_ofd_samples()
    if not samples:
        pytest.skip("shared/testdata/real is not beside the checkout")
    for path in samples:
        with path.open("rb") as file:
            assert file_kind(file) == "ofd", path.name
            assert type_problem(file, path.name) is None


@pytest.mark.slow
def test_r_sec2_office_97_files_by_their_ole2_directory(sample_documents, tmp_path):
    from tests.support.documents import make_office_variants

    variants = make_office_variants(tmp_path, sample_documents)
    assert kind(variants["doc"].read_bytes()) == "doc"
    assert kind(variants["xls"].read_bytes()) == "xls"
    wps = shutil.copy(variants["doc"], tmp_path / "通知.wps")
    assert problem(wps.read_bytes(), "通知.wps") is None
    assert problem(variants["xls"].read_bytes(), "统计表.xls") is None
    assert problem(variants["rtf"].read_bytes(), "通知.doc") is None
    code, mapping = problem(variants["doc"].read_bytes(), "通知.pdf")
    assert (code, mapping["actual"]) == ("mismatch", "Word 97-2003 文档")


# --- names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("通知.pdf", "通知.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
        ("a\x01b\x1f.pdf", "ab.pdf"),
        ("报告\r\n.pdf", "报告.pdf"),
        ("报告\r\nSet-Cookie: x=1.pdf", "报告Set-Cookie x=1.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\Desktop\\请示.docx", "请示.docx"),
        ("..", "file"),
        ("...", "file"),
        ("/", "file"),
        ("", "file"),
        (None, "file"),
        ("  .隐藏.pdf. ", "隐藏.pdf"),
        ("exe\u202efdp.pdf", "exefdp.pdf"),  # a right-to-left override shows "exe.pdf" reversed
        ("a\u200bb.pdf", "ab.pdf"),  # zero-width space
        ("a\u2028b.pdf", "ab.pdf"),  # line separator
        ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
        ("tab\there.pdf", "tabhere.pdf"),
        ("报告（修订）　第2版.pdf", "报告（修订）　第2版.pdf"),
        (b"bytes\xe6\x8a\xa5.pdf", "bytes报.pdf"),
    ],
)
def test_r_sec5_file_names_are_cleaned(name, cleaned):
    assert clean_filename(name) == cleaned


def test_r_sec5_long_names_keep_their_extension():
    name = clean_filename("长" * 300 + ".docx")
    assert len(name) == 120
    assert name.endswith("长.docx")
    assert len(clean_filename("x" * 300)) == 120


def test_r_sec5_cleaned_names_have_no_control_or_separator_characters():
    every = "".join(chr(code) for code in range(0x00, 0x80)) + "\u0085\u2028\u2029\u202e.pdf"
    cleaned = clean_filename(every)
    assert not any(ord(character) < 0x20 or character in "/\\\x7f" for character in cleaned)
    assert "\u202e" not in cleaned and "\u2028" not in cleaned
