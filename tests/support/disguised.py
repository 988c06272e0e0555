"""Files as bytes for the upload type check (R-SEC5, R-SEC2): real kinds and disguised ones.

Each builder returns the bytes of a file of one kind, made the way the
real thing is (a PE header, a ZIP with ``[Content_Types].xml``, an ODF
``mimetype`` first, an OFD's ``OFD.xml``); OLE2 files (DOC/XLS) come from
LibreOffice in ``tests.support.documents``. The real OFD samples of
``shared/testdata/real`` are found by ``real_ofd_samples``.
"""

import io
import struct
from pathlib import Path

from PIL import Image

from tests.support.bad_files import pdf_bytes
from tests.support.zipped import CONTENT_TYPES
from tests.support.zipped import RELS
from tests.support.zipped import docx as docx  # a real DOCX, for the type check
from tests.support.zipped import zip_bytes

SHARED_TESTDATA = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "real"


def pdf():
    """A one-page PDF, written by hand."""
    return pdf_bytes()


def windows_exe():
    """The headers of a Windows PE executable (what a renamed ``.exe`` starts with)."""
    dos = bytearray(b"MZ" + b"\x90\x00" * 29)
    dos += b"\x00" * (0x3C - len(dos))
    dos += struct.pack("<I", 0x80)
    dos += b"\x00" * (0x80 - len(dos))
    pe = b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 12
    pe += struct.pack("<HH", 0xE0, 0x102) + b"\x0b\x01" + b"\x00" * 300
    return bytes(dos + pe)


def html():
    return (
        b"<!DOCTYPE html><html><head><title>x</title></head><body>\n"
        b"<script>alert(document.cookie)</script></body></html>\n"
    )


def svg():
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'


def text(value="汛期值班表：张三、李四\n", encoding="utf-8"):
    return value.encode(encoding)


def png(size=(40, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def jpeg(size=(40, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "JPEG")
    return out.getvalue()


def xlsx():
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def odt():
    return zip_bytes(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<office:document-content/>"),
        ]
    )


def ofd():
    """A minimal OFD package: ``OFD.xml`` at the root, a document below."""
    return zip_bytes(
        [
            ("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>'),
            ("Doc_0/Document.xml", "<ofd:Document/>"),
        ]
    )


def plain_zip():
    return zip_bytes([("readme.txt", "hello"), ("evil.exe", windows_exe())])


def real_ofd_samples():
    """The real OFD files of ``shared/testdata/real`` (empty where that folder is absent)."""
    return sorted(SHARED_TESTDATA.glob("*.ofd")) if SHARED_TESTDATA.is_dir() else []
