"""R-X3: the exchange package format — round trip, and every broken or hostile package refused."""

import datetime
import hashlib
import io
import stat
import zipfile

import pytest

from collective.gongwen.exchange.package import Limits
from collective.gongwen.exchange.package import PackageError
from collective.gongwen.exchange.package import build_package
from collective.gongwen.exchange.package import read_package
from tests.support import disguised

PDF = b"%PDF-1.4\n" + "长河〔2026〕8号".encode() * 50
SHEET = disguised.xlsx()  # typed by content when read (R-SEC5)

METADATA = {
    "title": "关于做好汛前检查的通知",
    "issuer": "长垣河务局",
    "issue_number": "长河〔2026〕8号",
    "doc_kind": "notice",
    "urgency": "urgent",
    "classification": "none",
    "copies": 2,
    "written_date": datetime.date(2026, 11, 20),
    "deadline": datetime.date(2026, 12, 1),
    "main_recipients": ["新乡河务局", "长垣县防汛办"],
    "cc_recipients": ["局属各科室"],
    "signer": "李明",
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 11, 21),
    "attachment_note": ["1. 汛前检查表"],
}
FILES = [
    ("official", "长河〔2026〕8号关于做好汛前检查的通知.pdf", PDF),
    ("attachment", "汛前检查表.xlsx", SHEET),
]


def package():
    return build_package(METADATA, FILES)


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(entries, compression=zipfile.ZIP_DEFLATED):
    """A ZIP of ``entries``: (name, bytes) or (ZipInfo, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def metadata_xml(data):
    return members(data)["metadata.xml"].decode()


def with_metadata(text, extra=()):
    """The package with ``metadata.xml`` replaced by ``text``."""
    entries = [(n, d) for n, d in members(package()).items() if n != "metadata.xml"]
    return rezip([("metadata.xml", text.encode()), *entries, *extra])


def refused(data, code, limits=None):
    with pytest.raises(PackageError) as caught:
        read_package(data, limits) if limits else read_package(data)
    assert caught.value.code == code, caught.value
    return caught.value


def test_r_x3_round_trip_keeps_metadata_and_files():
    data = package()
    names = list(members(data))
    assert names[0] == "metadata.xml"
    assert names[1].startswith("files/1-") and names[1].endswith(".pdf")
    metadata, files = read_package(data)
    assert metadata == METADATA
    assert files == FILES


def test_r_x3_metadata_uses_gbt_33480_names_and_lists_checksums():
    text = metadata_xml(package())
    for element in (
        "<标题>",
        "<发文字号>",
        "<发文机关>",
        "<成文日期>",
        "<紧急程度>加急",
        "<文种>通知",
    ):
        assert element in text
    assert hashlib.sha256(PDF).hexdigest() in text
    assert f'大小="{len(PDF)}"' in text


def test_r_x3_a_hostile_file_name_is_made_safe_when_building():
    data = build_package(METADATA, [("official", "../../etc/passwd", PDF)])
    assert "files/1-passwd" in members(data)


def test_r_x3_not_a_zip():
    refused(b"%PDF-1.4 not a zip", "not_zip")


def test_r_x3_missing_metadata():
    entries = [(n, d) for n, d in members(package()).items() if n != "metadata.xml"]
    refused(rezip(entries), "metadata_missing")


def test_r_x3_bad_xml():
    refused(with_metadata("<电子公文><公文元数据>"), "bad_xml")


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        "<!doctype x>",
    ],
)
def test_r_x3_doctype_and_entities_are_refused(declaration):
    text = metadata_xml(package()).replace("?>", "?>" + declaration, 1)
    refused(with_metadata(text), "xml_doctype")


def test_r_x3_required_element_missing():
    text = metadata_xml(package()).replace("<发文字号>长河〔2026〕8号</发文字号>", "")
    error = refused(with_metadata(text), "missing_element")
    assert error.mapping["element"] == "发文字号"


def test_r_x3_unknown_classification_is_refused():
    text = metadata_xml(package()).replace("<密级>非密", "<密级>内部")
    refused(with_metadata(text), "bad_value")


@pytest.mark.parametrize(
    "name", ["../evil.pdf", "files/../../evil", "/etc/passwd", "C:/evil.exe", "files\\evil"]
)
def test_r_x3_unsafe_member_names(name):
    refused(with_metadata(metadata_xml(package()), extra=[(name, b"evil")]), "unsafe_name")


def test_r_x3_symlink_member():
    link = zipfile.ZipInfo("files/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(with_metadata(metadata_xml(package()), extra=[(link, b"/etc/passwd")]), "symlink")


def test_r_x3_unlisted_member():
    refused(
        with_metadata(metadata_xml(package()), extra=[("files/3-extra.exe", b"MZ")]),
        "member_unlisted",
    )


def test_r_x3_listed_file_missing():
    entries = [(n, d) for n, d in members(package()).items() if not n.endswith(".xlsx")]
    refused(rezip(entries), "file_missing")


def test_r_x3_checksum_mismatch():
    entries = [
        (n, d[:-1] + bytes([d[-1] ^ 1]) if n.endswith(".xlsx") else d)
        for n, d in members(package()).items()
    ]
    error = refused(rezip(entries), "checksum_mismatch")
    assert error.mapping["name"] == "汛前检查表.xlsx"


def test_r_x3_size_differs_from_the_listing():
    entries = [(n, d + b"x" if n.endswith(".xlsx") else d) for n, d in members(package()).items()]
    refused(rezip(entries), "size_mismatch")


def test_r_x3_oversized_member_by_declared_size():
    refused(package(), "file_too_large", Limits(max_file_bytes=len(PDF) - 1))


def test_r_x3_package_over_the_total_limit():
    refused(package(), "package_too_large", Limits(max_total_bytes=len(PDF)))


def test_r_x3_too_many_members():
    refused(package(), "too_many_members", Limits(max_members=2))


def test_r_x3_zip_bomb_over_the_compression_ratio():
    bomb = b"\0" * (4 * 1024 * 1024)
    data = build_package(METADATA, [("official", "a.pdf", PDF), ("attachment", "bomb.bin", bomb)])
    refused(data, "compression_ratio")


def lying_header(data, member_suffix, declared):
    """``data`` with the sizes of the member ending ``member_suffix`` rewritten to ``declared``."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in archive.infolist() if i.filename.endswith(member_suffix))
    raw = bytearray(data)
    real = info.file_size.to_bytes(4, "little")
    fake = declared.to_bytes(4, "little")
    # Local header: uncompressed size at offset 22; central directory: at offset 24.
    local = info.header_offset
    assert raw[local + 22 : local + 26] == real
    raw[local + 22 : local + 26] = fake
    start = 0
    while True:
        central = raw.find(b"PK\x01\x02", start)
        assert central != -1
        name_length = int.from_bytes(raw[central + 28 : central + 30], "little")
        if raw[central + 46 : central + 46 + name_length].decode().endswith(member_suffix):
            break
        start = central + 4
    assert raw[central + 24 : central + 28] == real
    raw[central + 24 : central + 28] = fake
    return bytes(raw)


def test_r_x3_member_bigger_than_its_header_says_is_stopped_while_reading():
    # Header and listing agree on 10 bytes; the data inflates to more: reading stops.
    text = metadata_xml(package()).replace(f'大小="{len(SHEET)}"', '大小="10"')
    entries = [(n, d) for n, d in members(package()).items() if n != "metadata.xml"]
    data = lying_header(rezip([("metadata.xml", text.encode()), *entries]), ".xlsx", 10)
    with pytest.raises(PackageError) as caught:
        read_package(data)
    assert caught.value.code in ("size_mismatch", "corrupt_member")
    assert caught.value.mapping["name"].endswith(".xlsx")


def test_r_x3_header_size_differing_from_the_listing():
    refused(lying_header(package(), ".xlsx", 10), "size_mismatch")


def test_r_x3_no_official_pdf():
    text = metadata_xml(package()).replace('类别="正式文件"', '类别="附件"')
    refused(with_metadata(text), "no_official")


def test_r_x3_two_official_pdfs():
    text = metadata_xml(package()).replace('类别="附件"', '类别="正式文件"')
    refused(with_metadata(text), "several_official")


def test_r_x3_building_needs_exactly_one_official():
    with pytest.raises(PackageError):
        build_package(METADATA, [("attachment", "a.xlsx", SHEET)])


def test_r_x3_duplicate_metadata():
    text = metadata_xml(package())
    refused(with_metadata(text, extra=[("metadata.xml", text.encode())]), "duplicate_member")


def test_r_x3_listed_file_names_are_made_safe_when_reading():
    text = metadata_xml(package()).replace(
        '文件名="汛前检查表.xlsx"', '文件名="../../汛前检查表.xlsx"'
    )
    _metadata, files = read_package(with_metadata(text))
    assert files[1][1] == "汛前检查表.xlsx"


def test_r_sec5_disguised_file_in_a_package_is_refused():
    files = [FILES[0], ("attachment", "汛前检查表.xlsx", disguised.windows_exe())]
    with pytest.raises(PackageError) as caught:
        read_package(build_package(METADATA, files))
    assert caught.value.code == "file_type_mismatch"
    assert caught.value.mapping["actual"] == "可执行程序"
    files = [FILES[0], ("attachment", "run.exe", disguised.windows_exe())]
    with pytest.raises(PackageError) as caught:
        read_package(build_package(METADATA, files))
    assert caught.value.code == "file_type_not_accepted"


def test_r_x3_damaged_compressed_data():
    data = bytearray(package())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(".pdf"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8
    refused(bytes(data), "corrupt_member")
