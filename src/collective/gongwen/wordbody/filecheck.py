"""Is this file acceptable as a Word 正文? Cheap checks in the request (R-D6, R-SEC5).

``check_word_file(data, filename, max_bytes=None)`` returns None, or ``(code, mapping)`` with a
code of ``wordbody.reasons``. It runs at 上传 and 签入 (``wordbody.actions``), before anything
is stored; nothing here starts LibreOffice — the workers read the file in full later
(``wordbody.docx``) and report what only a full read finds.

In order:

* the name: .docx, .wps or .odt (``content.body.WORD_EXTENSIONS``); .docm/.dotm are refused
  as macro files, .doc/.dot as the old binary format to be saved as .docx, anything else as
  not a Word 正文 (``not_word``);
* the size: empty, or over the site's upload limit (公文设置 → 上传文件大小上限,
  ``content.limits.upload_max_bytes``; ``max_bytes`` overrides it);
* the content, by its bytes (``content.filetypes.file_kind``): a .docx must be an OOXML
  word-processing package, an .odt an ODF text, a .wps a Word 97 (OLE2) file — what WPS
  Office writes under that name. A password-protected .docx is an OLE2 file holding an
  ``EncryptedPackage`` stream (``encrypted``, not a mismatch); anything else is a
  ``mismatch`` naming what the content is;
* the container: a ZIP's directory (member count, declared sizes and ratio: ``zip_bomb``;
  unreadable: ``corrupt``), a .docx's ``[Content_Types].xml`` and main part
  (``wordbody.package.Package``: a DTD is refused, a VBA project or macro-enabled content type
  is ``macros``), an .odt's manifest (``manifest:encryption-data`` is ``encrypted``) and
  Basic/Scripts folders (``macros``); an OLE2 Word file's FIB (fEncrypted is ``encrypted``)
  and its ``Macros`` storage (``macros``).
"""

import io
import struct

from collective.gongwen.content import filetypes
from collective.gongwen.content.body import WORD_EXTENSIONS
from collective.gongwen.content.limits import format_mb
from collective.gongwen.content.limits import upload_max_bytes
from collective.gongwen.wordbody.package import Archive
from collective.gongwen.wordbody.package import Package
from collective.gongwen.wordbody.package import WordFileError

MACRO_EXTENSIONS = frozenset({".docm", ".dotm"})
OLD_WORD_EXTENSIONS = frozenset({".doc", ".dot"})
# What the content of each accepted name must be (``content.filetypes`` kinds).
EXPECTED_KIND = {".docx": "docx", ".odt": "odt", ".wps": "doc"}
ODF_MACRO_FOLDERS = ("Basic/", "Scripts/")
ODF_MANIFEST = "META-INF/manifest.xml"
OLE2_MACRO_STORAGES = frozenset({"Macros", "_VBA_PROJECT_CUR", "VBA"})
FIB_FLAGS_OFFSET = 0x0A  # FibBase: wIdent, nFib, unused, lid, pnNext, then the flags
FIB_ENCRYPTED = 0x0100  # fEncrypted, bit 8 of the flags
WORD_IDENT = 0xA5EC
MAX_CHAIN = 65536  # sectors followed in an OLE2 chain (a loop in the FAT ends here)


def check_word_file(data, filename, max_bytes=None):
    """None if ``data`` (bytes) named ``filename`` may be stored as the Word 正文; else
    ``(code, mapping)`` (``wordbody.reasons``)."""
    name = filetypes.clean_filename(filename)
    extension = filetypes.extension_of(name)
    if extension in MACRO_EXTENSIONS:
        return ("macros", {})
    if extension in OLD_WORD_EXTENSIONS:
        return ("old_word", {"extension": extension})
    if extension not in WORD_EXTENSIONS:
        return (
            "not_word",
            {"extension": extension or "无扩展名", "accepted": "、".join(WORD_EXTENSIONS)},
        )
    data = data or b""
    if not data:
        return ("empty", {})
    limit = max_bytes if max_bytes is not None else upload_max_bytes()
    if len(data) > limit:
        return ("too_large", {"size": format_mb(len(data)), "limit": format_mb(limit)})
    kind = filetypes.file_kind(io.BytesIO(data))
    ole2 = data.startswith(filetypes.OLE2_MAGIC)
    if ole2 and "EncryptedPackage" in _ole2_names(data):
        return ("encrypted", {})
    expected = EXPECTED_KIND[extension]
    if ole2 and expected == "doc" and kind == "ole2":
        return ("corrupt", {"detail": "Word 文档结构无法读取"})  # no WordDocument stream found
    if kind == "zip" and expected in ("docx", "odt"):
        return _zip_problem(data, expected) or ("corrupt", {"detail": "压缩包中没有文档内容"})
    if kind != expected:
        return ("mismatch", {"extension": extension, "actual": filetypes.KIND_NAMES[kind]})
    if expected == "docx":
        return _zip_problem(data, "docx")
    if expected == "odt":
        return _zip_problem(data, "odt")
    return _word97_problem(data)


def _zip_problem(data, kind):
    try:
        if kind == "docx":
            package = Package(data)
            return ("macros", {}) if package.has_macros else None
        archive = Archive(data)
        if "content.xml" not in archive.names:
            return ("corrupt", {"detail": "缺少 content.xml"})
        if ODF_MANIFEST in archive.names:
            manifest = archive.raw(ODF_MANIFEST, archive.limits["max_part_bytes"])
            if b"encryption-data" in manifest:
                return ("encrypted", {})
        for member in archive.names:
            if member.startswith(ODF_MACRO_FOLDERS) and not member.endswith("/"):
                return ("macros", {})
    except WordFileError as error:
        return (error.code, error.mapping)
    return None


def _ole2_names(data):
    try:
        return filetypes.ole2_stream_names(io.BytesIO(data))
    except (struct.error, IndexError, ValueError, OSError):
        return set()


def _word97_problem(data):
    names = _ole2_names(data)
    if names & OLE2_MACRO_STORAGES:
        return ("macros", {})
    try:
        offset = ole2_stream_offset(data, "WordDocument")
        ident, flags = (
            struct.unpack_from("<H", data, offset)[0],
            struct.unpack_from("<H", data, offset + FIB_FLAGS_OFFSET)[0],
        )
    except (struct.error, IndexError, ValueError, KeyError):
        return ("corrupt", {"detail": "Word 文档结构（FIB）无法读取"})
    if ident != WORD_IDENT:
        return ("corrupt", {"detail": "Word 文档结构（FIB）无法读取"})
    if flags & FIB_ENCRYPTED:
        return ("encrypted", {})
    return None


def ole2_stream_offset(data, name):
    """The offset in ``data`` (an OLE2 compound file) of the first byte of stream ``name``:
    in a regular sector, or in the root's mini stream for a stream under the cutoff.
    Raises KeyError (no such stream), ValueError or struct.error (a broken file)."""
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector_size not in (512, 4096) or mini_size != 64:
        raise ValueError("not an OLE2 sector size")
    cutoff = struct.unpack_from("<I", data, 0x38)[0]
    fat_sectors = struct.unpack_from("<109I", data, 0x4C)
    per_sector = sector_size // 4

    def next_sector(number):
        base = (fat_sectors[number // per_sector] + 1) * sector_size
        return struct.unpack_from("<I", data, base + (number % per_sector) * 4)[0]

    entries = {}
    current = struct.unpack_from("<I", data, 0x30)[0]
    for _ in range(MAX_CHAIN):
        if current >= 0xFFFFFFFA:
            break
        base = (current + 1) * sector_size
        for offset in range(base, base + sector_size, 128):
            length = struct.unpack_from("<H", data, offset + 0x40)[0]
            if 2 <= length <= 64:
                entry = data[offset : offset + length - 2].decode("utf-16-le", "replace")
                entries.setdefault(entry, struct.unpack_from("<II", data, offset + 0x74))
        current = next_sector(current)
    start, size = entries[name]
    if size >= cutoff:
        offset = (start + 1) * sector_size
    else:
        position, sector = start * mini_size, entries["Root Entry"][0]
        for _ in range(min(position // sector_size, MAX_CHAIN)):
            sector = next_sector(sector)
        offset = (sector + 1) * sector_size + position % sector_size
    if offset + 16 > len(data):
        raise ValueError("stream beyond the end of the file")
    return offset
