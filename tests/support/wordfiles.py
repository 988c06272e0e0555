"""Word 正文 files (R-D6) built in plain Python: real .docx packages from zipfile and XML strings.

The blocks (``heading``, ``paragraph`` with ``text``, ``ins``, ``delete``, ``formatted``,
``moved_from``/``moved_to``, ``commented``; ``table``, ``image``, ``png``) are the project's one
Word writer, ``collective.gongwen.wordbody.writer`` (the demo's Word 正文 use it too), named
here for the tests.

``make_docx(blocks, macro=False)`` returns the bytes; the package is deterministic (fixed
member dates), so the same blocks give the same SHA-256. ``macro=True`` adds
``word/vbaProject.bin`` and the macro-enabled content type, as Word writes a .docm.
``twenty_pages(revised=False)`` is a realistic 20-page Chinese 通知 (numbered headings,
paragraphs, 2 tables, 1 image, 30 tracked changes by 3 authors and 3 comments);
``revised=True`` is its next draft (paragraphs edited, added and removed, a table cell changed).
``to_format(docx_bytes, ext)`` converts with LibreOffice (odt, doc, wps, pdf).
``password_protected(docx_bytes, ext)`` has LibreOffice save an .odt or .wps with an opening
password (through UNO, ``uno_protect.py``). ``encrypted_docx()`` is a password-protected .docx
as Office writes it — an OLE2 compound file holding ``EncryptionInfo`` and ``EncryptedPackage``
(LibreOffice 7.4 cannot write one) — and ``encrypted_doc()`` a Word 97 file with the FIB's
fEncrypted bit set.
"""

import random
import struct
import tempfile
from pathlib import Path

from collective.gongwen.wordbody import writer
from collective.gongwen.wordbody.filecheck import ole2_stream_offset
from collective.gongwen.wordbody.writer import AUTHORS as AUTHORS
from collective.gongwen.wordbody.writer import DATE as DATE
from collective.gongwen.wordbody.writer import DOCM_MAIN as DOCM_MAIN
from collective.gongwen.wordbody.writer import DOCX_MAIN as DOCX_MAIN
from collective.gongwen.wordbody.writer import PACKAGE_RELS as PACKAGE_RELS
from collective.gongwen.wordbody.writer import REL as REL
from collective.gongwen.wordbody.writer import A as A
from collective.gongwen.wordbody.writer import Change as Change
from collective.gongwen.wordbody.writer import W as W
from collective.gongwen.wordbody.writer import commented as commented
from collective.gongwen.wordbody.writer import delete as delete
from collective.gongwen.wordbody.writer import formatted as formatted
from collective.gongwen.wordbody.writer import heading as heading
from collective.gongwen.wordbody.writer import image as image
from collective.gongwen.wordbody.writer import ins as ins
from collective.gongwen.wordbody.writer import moved_from as moved_from
from collective.gongwen.wordbody.writer import moved_to as moved_to
from collective.gongwen.wordbody.writer import paragraph as paragraph
from collective.gongwen.wordbody.writer import png as png
from collective.gongwen.wordbody.writer import raw_document as raw_document
from collective.gongwen.wordbody.writer import removed_paragraph as removed_paragraph
from collective.gongwen.wordbody.writer import table as table
from collective.gongwen.wordbody.writer import text as text
from collective.gongwen.wordbody.writer import zip_members as zip_members
from tests.support.documents import soffice_convert

# The builders are the project's one Word writer (``wordbody.writer``), named here for the tests.
_content_types = writer.content_types


def make_docx(blocks, macro=False, document=None, parts=None):
    """A .docx (bytes) of ``blocks``; ``macro`` adds a VBA project (a .docm as Word writes it).

    ``document`` replaces ``word/document.xml`` with the given text, ``parts`` ({name: text or
    bytes}) replace or add other members (other styles or numbering, hostile parts).
    """
    vba = ole2_file({"VBA/dir": b"\x01" * 64}) if macro else None
    return writer.make_docx(blocks, vba_project=vba, document=document, parts=parts)


def simple_docx(*paragraphs):
    """A .docx of plain body paragraphs."""
    return make_docx([paragraph(value) for value in paragraphs])


# The shared reviewed sample: what the Word 正文's tests of analysis, 清稿 and comparison read.


def reviewed_blocks():
    """「总体要求」, then 张三 inserting 「高度重视」 and 李四 deleting 「一般对待」 in
    「各单位要……防汛工作。」, and 王五's comment 「此处数字待核」 on 「请核实」: 2 tracked
    changes, 1 comment."""
    return [
        heading("总体要求"),
        paragraph(
            "各单位要",
            ins("高度重视", author="张三"),
            delete("一般对待", author="李四"),
            "防汛工作。",
        ),
        paragraph(commented("请核实", "此处数字待核", author="王五"), "。"),
    ]


def reviewed_docx(*more):
    """The reviewed sample (``reviewed_blocks``) and ``more`` blocks after it, as a .docx."""
    return make_docx([*reviewed_blocks(), *more])


# A realistic 20-page 通知.

TITLE = "关于做好2027年度黄河防汛和安全度汛工作的通知"
SUBJECTS = (
    "防汛值班",
    "物资储备",
    "险工险段巡查",
    "水文监测",
    "应急抢险队伍",
    "信息报送",
    "群众转移安置",
    "工程度汛",
    "通信保障",
)
SENTENCES = (
    "各单位要高度重视{s}工作，把思想和行动统一到上级决策部署上来",
    "要进一步压实{s}责任，明确责任人和联系方式，做到横向到边、纵向到底",
    "对{s}中发现的问题要建立台账，逐项明确整改措施、整改时限和责任人",
    "{s}情况实行日报告制度，每日下午四时前报局防汛办公室",
    "要结合本单位实际，细化{s}方案，开展实战化演练，提高应急处置能力",
    "局防汛办公室将适时组织对{s}落实情况进行督导检查，检查结果纳入年度考核",
    "凡因{s}不到位造成严重后果的，依规依纪严肃追究有关单位和人员责任",
    "要充分利用信息化手段，提高{s}的时效性和准确性",
)


def _sentence(rng, subject, count):
    return "；".join(rng.choice(SENTENCES).format(s=subject) for _ in range(count)) + "。"


def twenty_pages_blocks(revised=False):
    """The blocks of ``twenty_pages``: a 通知 of about 20 A4 pages at 三号 仿宋."""
    rng = random.Random(20)
    change_authors = iter(AUTHORS * 10)  # 30 tracked changes, 3 authors
    changes_left = 30
    comments_left = 3
    blocks = [
        paragraph(text(TITLE, bold=True, font="方正小标宋简体", size=44), center=True),
        paragraph("各县（区）河务局，局属各单位、机关各部门：", indent=False),
        paragraph(
            "为切实做好2027年度黄河防汛和安全度汛工作，确保黄河长治久安，"
            "根据上级有关要求，结合我局实际，现就有关事项通知如下。"
        ),
    ]
    number = 0
    for chapter, subject in enumerate(SUBJECTS, start=1):
        blocks.append(heading(f"切实加强{subject}工作"))
        for section in range(1, 4):
            blocks.append(heading(f"{subject}的第{section}项要求", level=2))
            for item in range(1, 3):
                blocks.append(heading(f"明确{subject}职责分工（{chapter}-{section}-{item}）", 3))
                for _ in range(2):
                    number += 1
                    body = _sentence(rng, subject, rng.randint(1, 2))
                    if revised and number % 11 == 0:
                        body = body.replace("要", "必须", 1) + "确保万无一失。"
                    if revised and number % 37 == 0:
                        continue  # removed in the next draft
                    parts = [body]
                    if changes_left and number % 3 == 0:
                        author = next(change_authors)
                        kind = ("ins", "del", "ins")[changes_left % 3]
                        extra = f"（第{number}条补充意见）"
                        parts.append(Change(kind, extra, author, DATE))
                        changes_left -= 1
                    if comments_left and number % 35 == 0:
                        parts.append(commented("此处", f"请核实第{number}条表述", AUTHORS[1]))
                        comments_left -= 1
                    blocks.append(paragraph(*parts))
                    if revised and number % 29 == 0:
                        blocks.append(
                            paragraph(f"新增：{subject}工作要点第{number}条，请遵照执行。")
                        )
        if chapter == 3:
            blocks.append(heading("（1）各单位防汛物资储备情况表", level=4, numbered=False))
            blocks.append(table(_stock_rows(revised)))
        if chapter == 6:
            blocks.append(image(png((480, 240), color=(30, 60, 160))))
        if chapter == 8:
            blocks.append(table(_duty_rows()))
    blocks += [
        paragraph("附件：1.2027年度防汛责任人名单", indent=True),
        paragraph("黄河河务局", indent=False),
        paragraph("2027年3月1日", indent=False),
    ]
    return blocks


def _stock_rows(revised):
    rows = [["序号", "单位", "编织袋（万条）", "块石（立方米）", "救生衣（件）"]]
    for number, unit in enumerate(("长垣", "封丘", "原阳", "中牟", "开封", "兰考"), start=1):
        stones = 1200 + number * 150
        if revised and number == 4:
            stones += 500
        rows.append(
            [str(number), f"{unit}河务局", str(10 + number), str(stones), str(300 + number)]
        )
    return rows


def _duty_rows():
    rows = [["日期", "带班领导", "值班人员", "联系电话"]]
    for day in range(1, 11):
        rows.append([f"7月{day}日", AUTHORS[day % 3], f"值班员{day}", f"0373-81{day:04d}"])
    return rows


def twenty_pages(revised=False):
    """A 20-page Chinese 通知 (.docx bytes) with 30 tracked changes by 3 authors."""
    return make_docx(twenty_pages_blocks(revised))


# Other formats, by LibreOffice.


def to_format(docx_bytes, ext):
    """``docx_bytes`` converted by LibreOffice to ``ext`` (odt, doc, wps, pdf, docx); bytes.

    LibreOffice cannot write Kingsoft's own .wps format; WPS Office saves and opens Word 97
    files under the .wps name in its compatible mode (both are OLE2 files with a
    ``WordDocument`` stream), so ``wps`` is LibreOffice's .doc named .wps.
    """
    target = "doc" if ext == "wps" else ext
    with tempfile.TemporaryDirectory() as folder:
        outdir = Path(folder)
        source = outdir / "source.docx"
        source.write_bytes(docx_bytes)
        return soffice_convert(source, target, outdir).read_bytes()


PROTECT_FILTERS = {"odt": "writer8", "wps": "MS Word 97", "doc": "MS Word 97"}


def password_protected(docx_bytes, ext, password="gongwen"):
    """``docx_bytes`` saved by LibreOffice as ``ext`` (odt, wps/doc) with an opening password:
    an ODF package whose manifest holds encryption data, a Word 97 file with the FIB's
    fEncrypted bit. (LibreOffice 7.4 writes no encrypted .docx: see ``encrypted_docx``.)"""
    import os
    import subprocess

    from collective.gongwen.wordbody.office import UNO_SCRIPT

    with tempfile.TemporaryDirectory() as folder:
        outdir = Path(folder)
        source, target = outdir / "source.docx", outdir / f"protected.{ext}"
        source.write_bytes(docx_bytes)
        script = Path(__file__).with_name("uno_protect.py")
        # uno_protect.py starts soffice with uno_clean.py's running_office (one way to start it).
        environment = {**os.environ, "PYTHONPATH": os.path.dirname(UNO_SCRIPT)}
        subprocess.run(
            ["/usr/bin/python3", str(script), str(outdir / "lo-profile"), str(source),
             str(target), PROTECT_FILTERS[ext], password],
            check=True, capture_output=True, timeout=180, env=environment,
        )  # fmt: skip
        return target.read_bytes()


# OLE2 compound files (Office 97 containers and password-protected Office files).

SECTOR = 512
FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole2_file(streams):
    """An OLE2 compound file (bytes, version 3) holding ``streams``: {name: bytes}.

    Names with ``/`` make storages (``VBA/dir``). Every stream is padded with zeros to at least
    4096 bytes (the mini-stream cutoff), so it lives in regular sectors and no mini stream is
    needed; enough for tests and for readers.
    """
    entries = [{"name": "Root Entry", "type": 5, "children": [], "start": END, "size": 0}]
    storages = {"": 0}
    data_sectors = []
    for name, data in streams.items():
        parent = ""
        for folder in name.split("/")[:-1]:
            path = f"{parent}/{folder}" if parent else folder
            if path not in storages:
                storages[path] = len(entries)
                entries.append({"name": folder, "type": 1, "children": [], "start": 0, "size": 0})
                entries[storages[parent]]["children"].append(storages[path])
            parent = path
        padded = data.ljust(4096, b"\0")  # at least the mini-stream cutoff: regular sectors
        padded += b"\0" * (-len(padded) % SECTOR)
        start = len(data_sectors)
        data_sectors += [padded[i : i + SECTOR] for i in range(0, len(padded), SECTOR)]
        entries.append(
            {
                "name": name.split("/")[-1],
                "type": 2,
                "children": [],
                "start": start,
                "size": len(padded),  # at least the cutoff: no mini stream
                "sectors": len(padded) // SECTOR,
            }
        )
        entries[storages[parent]]["children"].append(len(entries) - 1)
    directory_sectors = -(-len(entries) * 128 // SECTOR)
    sectors_before_fat = len(data_sectors) + directory_sectors
    fat_count = 1
    while (sectors_before_fat + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat = []
    for entry in entries:
        if entry["type"] == 2:
            for i in range(entry["sectors"]):
                last = i == entry["sectors"] - 1
                fat.append(END if last else entry["start"] + i + 1)
    directory_start = len(fat)
    fat += [directory_start + i + 1 for i in range(directory_sectors - 1)] + [END]
    fat_start = len(fat)
    fat += [FAT_SECTOR] * fat_count
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    # Siblings as a chain of right children in the directory's order (length, then upper case).
    for entry in entries:
        children = sorted(
            entry["children"],
            key=lambda i: (len(entries[i]["name"]), entries[i]["name"].upper()),
        )
        entry["child"] = children[0] if children else FREE
        for position, index in enumerate(children):
            entries[index]["right"] = (
                children[position + 1] if position + 1 < len(children) else FREE
            )
    directory = b""
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIII",
            name,
            len(name),
            entry["type"],
            1,  # black
            FREE,
            entry.get("right", FREE),
            entry["child"],
            b"\0" * 16,
            0,
            0,
            0,
            entry["start"] if entry["type"] == 2 else (END if entry["type"] == 5 else 0),
            entry["size"],
            0,
        )
    directory += b"\0" * (directory_sectors * SECTOR - len(directory))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_count,
        directory_start,
        0,
        4096,
        END,
        0,
        END,
        0,
    )
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header += struct.pack("<109I", *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + b"".join(data_sectors) + directory + fat_bytes


# What Office writes for a password-protected .docx: EncryptionInfo (agile, an XML
# descriptor after the version 4.4) and EncryptedPackage (the size, then AES blocks).
AGILE_INFO = (
    b"\x04\x00\x04\x00\x40\x00\x00\x00"
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
    b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64"'
    b' cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"'
    b' saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
)


def encrypted_docx(size=20_000):
    """A password-protected .docx as Office stores it: an OLE2 file, not a ZIP."""
    rng = random.Random(7)
    payload = struct.pack("<Q", size) + bytes(rng.getrandbits(8) for _ in range(size + 16))
    return ole2_file({"EncryptionInfo": AGILE_INFO, "EncryptedPackage": payload})


def encrypted_doc(doc_bytes):
    """``doc_bytes`` (a Word 97 .doc) with the FIB's fEncrypted bit set, as Word marks a
    password-protected file; the WordDocument stream is found through the OLE2 directory."""
    data = bytearray(doc_bytes)
    start = ole2_stream_offset(bytes(data), "WordDocument")
    data[start + 0x0B] |= 0x01  # FibBase flags byte 2: bit 0 is fEncrypted (flags bit 8)
    return bytes(data)
