"""R-D6 (R-SEC5): only a readable Word/WPS/ODT file without macros or a password becomes the
Word 正文, checked cheaply in the request — every refusal a code with a Chinese message."""

import struct
import time

import pytest
from zope.i18n import translate

from collective.gongwen.wordbody.filecheck import check_word_file
from collective.gongwen.wordbody.filecheck import ole2_stream_offset
from collective.gongwen.wordbody.reasons import reason_message
from tests.support import wordfiles as wf
from tests.support.bad_files import pdf_bytes
from tests.support.zipped import zip_bytes

MB = 1024 * 1024
ODT_MIME = "application/vnd.oasis.opendocument.text"
CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:text><text:p>正文</text:p></office:text></office:body>"
    "</office:document-content>"
)


def manifest(extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{extra}</manifest:file-entry></manifest:manifest>"
    )


def odt(*members, manifest_extra=""):
    return zip_bytes(
        [
            ("mimetype", ODT_MIME),
            ("content.xml", CONTENT),
            ("META-INF/manifest.xml", manifest(manifest_extra)),
            *members,
        ]
    )


def word97(flags=0, **storages):
    """A Word 97 compound file: a WordDocument stream starting with a FIB (wIdent, nFib,
    unused, lid, pnNext, flags) and ``storages``."""
    fib = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags) + bytes(500)
    return wf.ole2_file({"WordDocument": fib, "1Table": bytes(600), **storages})


def code(data, filename, **options):
    problem = check_word_file(data, filename, **options)
    return problem[0] if problem else None


@pytest.mark.parametrize(
    "filename, expected",
    [
        ("正文.docm", ("macros", {})),
        ("模板.DOTM", ("macros", {})),
        ("正文.doc", ("old_word", {"extension": ".doc"})),
        ("正文.dot", ("old_word", {"extension": ".dot"})),
        ("正文.pdf", ("not_word", {"extension": ".pdf", "accepted": ".docx、.wps、.odt"})),
        ("正文.rtf", ("not_word", {"extension": ".rtf", "accepted": ".docx、.wps、.odt"})),
        ("正文", ("not_word", {"extension": "无扩展名", "accepted": ".docx、.wps、.odt"})),
        (".docx", ("not_word", {"extension": "无扩展名", "accepted": ".docx、.wps、.odt"})),
    ],
)
def test_r_d6_filecheck_refuses_other_names_before_reading(filename, expected):
    assert check_word_file(wf.simple_docx("正文"), filename) == expected


@pytest.mark.timing
def test_r_d6_filecheck_accepts_a_word_file_by_any_path_and_case():
    data = wf.twenty_pages()
    started = time.perf_counter()
    assert check_word_file(data, "C:\\Users\\张三\\关于防汛的通知.DOCX") is None
    assert time.perf_counter() - started < 0.5
    assert check_word_file(odt(), "通知.odt") is None


def test_r_d6_filecheck_empty_and_too_large():
    assert check_word_file(b"", "正文.docx") == ("empty", {})
    data = wf.simple_docx("正文")
    assert check_word_file(data, "正文.docx", max_bytes=len(data) - 1) == (
        "too_large",
        {"size": "0.0 MB", "limit": "0.0 MB"},
    )
    # no site here: the default upload limit (50 MB) holds
    assert check_word_file(b"PK" + bytes(51 * MB), "正文.docx") == (
        "too_large",
        {"size": "51.0 MB", "limit": "50.0 MB"},
    )


def test_r_d6_filecheck_content_must_be_what_the_name_says():
    assert check_word_file(pdf_bytes(), "正文.docx") == (
        "mismatch",
        {"extension": ".docx", "actual": "PDF 文档"},
    )
    assert check_word_file(odt(), "正文.docx")[1]["actual"] == "ODF 文本文档"
    assert check_word_file(wf.simple_docx("x"), "正文.odt")[1]["actual"] == "Word 文档"
    assert check_word_file(wf.simple_docx("x"), "正文.wps")[1]["actual"] == "Word 文档"
    assert check_word_file(word97(), "正文.docx")[1]["actual"] == "Word 97-2003 文档"
    assert check_word_file(b"<html><script>x</script></html>", "正文.docx")[0] == "mismatch"


def test_r_d6_filecheck_macros_in_every_format():
    assert code(wf.make_docx([wf.paragraph("宏")], macro=True), "正文.docx") == "macros"
    renamed = wf.make_docx(
        [wf.paragraph("宏")],
        parts={
            "[Content_Types].xml": wf._content_types(False, []).replace(wf.DOCX_MAIN, wf.DOCM_MAIN)
        },
    )
    assert code(renamed, "正文.docx") == "macros"
    assert code(odt(("Basic/Standard/Module1.xml", "<x/>")), "正文.odt") == "macros"
    assert code(odt(("Scripts/python/run.py", "import os")), "正文.odt") == "macros"
    assert code(word97(Macros=b"vba"), "正文.wps") == "macros"
    assert code(word97(**{"Macros/VBA/dir": b"vba"}), "正文.wps") == "macros"
    assert code(word97(), "正文.wps") is None


def test_r_d6_filecheck_encrypted_in_every_format():
    assert check_word_file(wf.encrypted_docx(), "正文.docx") == ("encrypted", {})
    assert code(wf.encrypted_docx(), "正文.wps") == "encrypted"
    extra = '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
    assert code(odt(manifest_extra=extra), "正文.odt") == "encrypted"
    assert code(word97(flags=0x0100), "正文.wps") == "encrypted"


def test_r_d6_filecheck_corrupt_and_hostile_containers():
    whole = wf.twenty_pages()
    assert check_word_file(whole[: len(whole) // 2], "正文.docx") == (
        "corrupt",
        {"detail": "压缩结构损坏"},
    )
    assert code(zip_bytes([("a.txt", "x")]), "正文.docx") == "corrupt"
    no_body = zip_bytes([("[Content_Types].xml", wf._content_types(False, [])), ("word/x", "")])
    assert check_word_file(no_body, "正文.docx") == (
        "corrupt",
        {"detail": "缺少 word/document.xml"},
    )
    hostile_types = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY e "x">]><Types/>'
    assert check_word_file(
        wf.make_docx([wf.paragraph("x")], parts={"[Content_Types].xml": hostile_types}),
        "正文.docx",
    ) == ("xml_dtd", {"part": "[Content_Types].xml"})
    bomb = wf.make_docx([wf.paragraph("x")], parts={"word/media/filler.bin": bytes(300 * MB)})
    assert code(bomb, "正文.docx") == "zip_bomb"
    assert (
        code(zip_bytes([("mimetype", ODT_MIME), ("META-INF/manifest.xml", manifest())]), "正文.odt")
        == "corrupt"
    )
    assert code(word97()[:1024], "正文.wps") == "corrupt"
    broken_fib = wf.ole2_file({"WordDocument": bytes(600)})
    assert check_word_file(broken_fib, "正文.wps") == (
        "corrupt",
        {"detail": "Word 文档结构（FIB）无法读取"},
    )


def test_r_d6_filecheck_every_code_has_a_chinese_message():
    samples = [
        (wf.make_docx([wf.paragraph("宏")], macro=True), "a.docx"),
        (b"", "a.docx"),
        (pdf_bytes(), "a.docx"),
        (wf.encrypted_docx(), "a.docx"),
        (b"x", "a.doc"),
        (b"x", "a.pdf"),
    ]
    for data, filename in samples:
        found, mapping = check_word_file(data, filename)
        text = translate(reason_message(found, mapping), target_language="zh_CN")
        assert "${" not in text and any("\u4e00" <= c <= "\u9fff" for c in text), text


def test_r_d6_ole2_stream_offset_regular_and_missing():
    data = word97()
    offset = ole2_stream_offset(data, "WordDocument")
    assert struct.unpack_from("<H", data, offset)[0] == 0xA5EC
    with pytest.raises(KeyError):
        ole2_stream_offset(data, "Nothing")


@pytest.mark.slow
def test_r_d6_filecheck_real_wps_and_odt_from_libreoffice():
    source = wf.simple_docx("一、总体要求", "正文内容。")
    wps = wf.to_format(source, "wps")
    assert check_word_file(wps, "正文.wps") is None  # a Word 97 file: its FIB in the mini stream
    assert check_word_file(wf.encrypted_doc(wps), "正文.wps") == ("encrypted", {})
    assert check_word_file(wps, "正文.docx")[0] == "mismatch"
    assert check_word_file(wf.to_format(source, "odt"), "正文.odt") is None
    # saved with an opening password by LibreOffice itself
    assert check_word_file(wf.password_protected(source, "odt"), "正文.odt") == ("encrypted", {})
    assert check_word_file(wf.password_protected(source, "wps"), "正文.wps") == ("encrypted", {})
