"""Uploads typed by content, and clean file names (R-SEC5, R-SEC2).

Plain Python (python-magic on Debian's libmagic1, zipfile): no Zope import,
so the rules are unit-tested alone and the worker's preflight shares the
container readers.

* ``file_kind(file)`` — the kind of a seekable binary file, from its
  content only. libmagic (the ``file`` command's database, kept up to date
  by Debian) names the family from the first bytes: PDF, an image, HTML,
  an executable, plain text, a ZIP or an OLE2 compound file. ZIP and OLE2
  are containers whose kind is in their directory, so we read that
  directory ourselves, without extracting anything: a ZIP with
  ``[Content_Types].xml`` and ``word/`` is a DOCX (``xl/`` an XLSX), one
  whose small ``mimetype`` member says so is an ODT/ODS, one with
  ``OFD.xml`` at its root is an OFD (GB/T 33190); an OLE2 file with a
  ``WordDocument`` stream is a DOC (Kingsoft WPS writes the same), with
  ``Workbook`` an XLS.
* ``type_problem(file, filename)`` — None, or ``(code, mapping)``: the
  extension is not one R-A1 accepts (``not_accepted``), or the content is
  not what the extension says (``mismatch``). The extension decides what
  the content may be (``ACCEPTED``): strict for PDF, OFD and the ZIP Office
  formats; the older Office names also take what bureaus really send under
  them (RTF or a renamed DOCX as ``.doc``, a CSV as ``.xls``), as the
  conversion's preflight does. HTML, SVG, scripts and executables are
  never accepted, whatever the name.
* ``clean_filename(name)`` — the bare file name: no folders (``/``, ``\\``,
  ``..``), no control or format characters (NUL, CR/LF, bidi overrides), no
  characters Windows reserves, not too long.

Why python-magic: libmagic1 is a Debian package with security updates, and
its database is the reference the ``file`` command uses (executables,
scripts, HTML and SVG included); the binding is a thin ctypes layer. The
pure-Python alternatives (filetype, puremagic) know fewer formats and no
text/HTML heuristics.
"""

import struct
import unicodedata
import zipfile

import magic

HEAD_BYTES = 256 * 1024  # what libmagic reads; containers are read through their directory

# Kinds (what ``file_kind`` returns) and their Chinese names for messages.
KIND_NAMES = {
    "pdf": "PDF 文档",
    "ofd": "OFD 版式文件",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "tiff": "TIFF 图片",
    "gif": "GIF 图片",
    "bmp": "BMP 图片",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
    "pptx": "PowerPoint 演示文稿",
    "odt": "ODF 文本文档",
    "ods": "ODF 电子表格",
    "odp": "ODF 演示文稿",
    "zip": "ZIP 压缩包",
    "doc": "Word 97-2003 文档",
    "xls": "Excel 97-2003 表格",
    "ppt": "PowerPoint 97-2003 演示文稿",
    "ole2": "Office 97-2003 文档",
    "rtf": "RTF 文档",
    "text": "纯文本",
    "html": "网页（HTML）",
    "svg": "SVG 矢量图（可含脚本）",
    "executable": "可执行程序",
    "empty": "空文件",
    "unknown": "未知格式",
}

IMAGE_KINDS = frozenset({"png", "jpeg", "tiff", "gif", "bmp"})
OLE2_KINDS = frozenset({"ole2", "doc", "xls", "ppt"})
WORD_LIKE = OLE2_KINDS | {"rtf", "docx", "odt", "text"}
SHEET_LIKE = OLE2_KINDS | {"xlsx", "ods", "text"}

# R-A1's formats (PDF, DOC/DOCX/WPS/XLS/XLSX/ODT, images, OFD) and the few
# others the conversion reads (RTF, ET, PPT/PPTX, ODS, TXT): extension →
# the kinds its content may be.
ACCEPTED = {
    ".pdf": frozenset({"pdf"}),
    ".ofd": frozenset({"ofd"}),
    ".docx": frozenset({"docx"}),
    ".xlsx": frozenset({"xlsx"}),
    ".pptx": frozenset({"pptx"}),
    ".odt": frozenset({"odt"}),
    ".ods": frozenset({"ods"}),
    ".doc": WORD_LIKE,
    ".wps": WORD_LIKE,
    ".rtf": WORD_LIKE,
    ".xls": SHEET_LIKE,
    ".et": SHEET_LIKE,
    ".ppt": OLE2_KINDS | {"pptx"},
    ".txt": frozenset({"text"}),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp"), IMAGE_KINDS),
}

# libmagic's MIME type → kind; ZIP and OLE2 families are refined by their directory.
MIME_KINDS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/tiff": "tiff",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/x-ms-bmp": "bmp",
    "image/svg+xml": "svg",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/rtf": "rtf",
    "application/rtf": "rtf",
    "application/x-empty": "empty",
    "inode/x-empty": "empty",
}
EXECUTABLE_MIMES = frozenset(
    {
        "application/vnd.microsoft.portable-executable",
        "application/x-dosexec",
        "application/x-msdownload",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-pie-executable",
        "application/x-mach-binary",
        "application/x-elf",
    }
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
OLE2_MIMES = frozenset(
    {
        "application/x-ole-storage",
        "application/cdfv2",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.ms-office",
        "application/vnd.ms-works",
        "application/vnd.ms-outlook",
        "application/vnd.ms-msi",
        "application/x-msi",
    }
)
# Scripts libmagic reports as text/x-…: text for us, except those a system runs.
SCRIPT_MIMES = frozenset({"text/x-msdos-batch", "text/x-shellscript", "text/javascript"})

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The main stream of each legacy Office format, as named in an OLE2 directory.
OLE2_STREAMS = (
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
)
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
ODF_MIMETYPE_MAX = 200  # bytes: the ``mimetype`` member is one short line
OOXML_FOLDERS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
OFD_ROOT = "OFD.xml"  # GB/T 33190: the entry file at the package root


def extension_of(filename):
    """The lower-case extension of ``filename`` with its dot (``.pdf``), or ``""``."""
    name = str(filename or "").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem.strip(". ") else ""


def mime_of(head):
    """libmagic's MIME type of the bytes ``head``, lower case."""
    return magic.from_buffer(head, mime=True).lower()


def file_kind(file):
    """The kind of the seekable binary ``file`` (a key of ``KIND_NAMES``), from its content.

    Reads the first ``HEAD_BYTES`` and, for a ZIP or OLE2 file, its
    directory; leaves the position at the start.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        return "empty"
    mime = mime_of(head)
    try:
        if head.startswith(OLE2_MAGIC) or mime in OLE2_MIMES:
            return ole2_kind(file)
        if head.startswith(ZIP_MAGIC):
            return zip_kind(file)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return "zip"  # an unreadable archive: its extension decides whether that is refused
    finally:
        file.seek(0)
    if mime in MIME_KINDS:
        return MIME_KINDS[mime]
    if mime in EXECUTABLE_MIMES:
        return "executable"
    if mime.startswith("text/") and mime not in SCRIPT_MIMES:
        return "text"
    # Readers accept a PDF header anywhere in the first kilobyte.
    if b"%PDF-" in head[:1024] and mime == "application/octet-stream":
        return "pdf"
    return "unknown"


def ole2_kind(file):
    """doc, xls or ppt from an OLE2 file's directory; ole2 if its main stream is not found."""
    file.seek(0)
    try:
        names = ole2_stream_names(file)
    except (struct.error, IndexError, ValueError, OSError):
        names = set()
    for stream, kind in OLE2_STREAMS:
        if stream in names:
            return kind
    return "ole2"


def ole2_stream_names(file, max_sectors=16):
    """Names in the first ``max_sectors`` directory sectors of an OLE2 compound file.

    The directory is a chain of sectors linked through the FAT; the main
    streams sit near its start, so a few sectors suffice.
    """
    header = file.read(512)
    sector_size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    fat_sectors = struct.unpack_from("<109I", header, 0x4C)

    def read_sector(number):
        file.seek((number + 1) * sector_size)
        return file.read(sector_size)

    def next_sector(number):
        per_sector = sector_size // 4
        fat = read_sector(fat_sectors[number // per_sector])
        return struct.unpack_from("<I", fat, (number % per_sector) * 4)[0]

    names = set()
    current = struct.unpack_from("<I", header, 0x30)[0]
    for _ in range(max_sectors):
        if current >= 0xFFFFFFFA:  # end of chain (or a special marker)
            break
        directory = read_sector(current)
        for offset in range(0, len(directory) - 127, 128):
            length = struct.unpack_from("<H", directory, offset + 0x40)[0]
            if 2 <= length <= 64:
                name = directory[offset : offset + length - 2]
                names.add(name.decode("utf-16-le", "replace"))
        current = next_sector(current)
    return names


def zip_kind(source):
    """docx, xlsx, pptx, odt, ods, odp, ofd or zip from an archive's directory.

    ``source`` is a path or a seekable file. Only the directory and a small
    ``mimetype`` member are read. Raises ``zipfile.BadZipFile`` if the
    archive's directory is unreadable.
    """
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: info for info in archive.infolist()}
        mimetype = members.get("mimetype")
        if mimetype is not None and mimetype.file_size <= ODF_MIMETYPE_MAX:
            kind = ODF_MIMETYPES.get(archive.read(mimetype).strip())
            if kind:
                return kind
    if "[Content_Types].xml" in members:
        for folder, kind in OOXML_FOLDERS:
            if any(name.startswith(folder) for name in members):
                return kind
    if OFD_ROOT in members:
        return "ofd"
    return "zip"


def accepted_extensions():
    """The accepted extensions, for messages: ``.pdf、.ofd、.docx…``."""
    return "、".join(ACCEPTED)


def type_problem(file, filename):
    """None if ``file`` may be stored as ``filename``; else ``(code, mapping)``.

    ``code`` is ``not_accepted`` (mapping: name, extension, accepted) or
    ``mismatch`` (mapping: name, extension, actual — the Chinese name of
    what the content is).
    """
    name = clean_filename(filename)
    extension = extension_of(name)
    if extension not in ACCEPTED:
        return (
            "not_accepted",
            {
                "name": name,
                "extension": extension or "无扩展名",
                "accepted": accepted_extensions(),
            },
        )
    kind = file_kind(file)
    if kind not in ACCEPTED[extension]:
        return ("mismatch", {"name": name, "extension": extension, "actual": KIND_NAMES[kind]})
    return None


# File names.

MAX_NAME_LENGTH = 120
MAX_EXTENSION_LENGTH = 10
WINDOWS_RESERVED = frozenset('<>:"|?*')


def _allowed_character(character):
    if character in WINDOWS_RESERVED:
        return False
    # Cc: control characters (NUL, CR, LF, DEL…); Cf: format characters
    # (bidi overrides that show "exe.pdf" as "fdp.exe", zero-width marks);
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(character) not in ("Cc", "Cf", "Cs", "Zl", "Zp")


def clean_filename(name, default="file"):
    """``name`` as a bare, printable file name; ``default`` if nothing is left.

    The client's folders go (``C:\\Users\\…\\报告.pdf`` is ``报告.pdf``, and
    ``../../etc/passwd`` is ``passwd``); control, format and Windows-reserved
    characters go; leading and trailing dots and spaces go (so neither
    ``.`` nor ``..`` is left); the length is capped keeping the extension.
    """
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if _allowed_character(character))
    name = name.strip(" .\u3000")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= MAX_EXTENSION_LENGTH:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") + dot + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or default
