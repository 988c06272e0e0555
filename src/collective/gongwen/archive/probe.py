"""Does an archived file open? (DA/T 70-2018 可用性) — and the text of a PDF's first page (真实性).

Plain Python, run in the workers. ``probe(path)`` returns a ``Finding``: the file's kind
by content (``content.filetypes``) and None, or a problem ``(code, mapping)`` with a code
of ``CODES``. What "opens" means per kind:

* PDF: the file ends with ``%%EOF`` (a cut-off file that qpdf would rebuild is still
  incomplete), no password is needed to open it (an owner password that only forbids
  printing is no bar, as in the conversion's preflight), qpdf reads every object
  (``qpdf --check``, run through ``preflight.qpdf``: warnings pass, errors do not) and
  pypdf reads its page tree. One qpdf run per PDF: checking 10,000 items is mostly this.
* DOCX/XLSX/PPTX, ODT/ODS/ODP, OFD: the zip directory reads, no member expands beyond the
  preflight's bomb limits, every member's CRC is right, the ODF manifest declares no
  encryption, and the main part (``word/document.xml``, ``content.xml``, ``OFD.xml`` …) is
  well-formed XML. Well-formedness is read by expat without namespaces and without any
  DTD (a document type declaration is refused: office formats have none).
* DOC/XLS/PPT (OLE2): the directory reads; an ``EncryptedPackage`` stream is an encrypted
  OOXML file.
* Images: the header and structure read (``preflight.check_image``), then the pixels
  decode (a cut-off JPEG only fails there).
* Text and XML: UTF-8 or GB 18030 text; a ``.xml`` file is well-formed.
* Anything else by content (HTML, SVG, executables, plain ZIP, unknown bytes) is an
  unknown format for the archive.
"""

import codecs
import subprocess
import warnings
import xml.parsers.expat
import zipfile
from dataclasses import dataclass

from collective.gongwen.content import filetypes
from collective.gongwen.conversion import preflight

# Codes of the problems ``probe`` reports (the messages are in ``checks``).
CODES = ("empty", "unknown_format", "encrypted", "corrupt", "timeout")

# Kinds the archive keeps as they are (the rest is an unknown format).
KNOWN_KINDS = (
    frozenset({"pdf", "ofd", "docx", "xlsx", "pptx", "odt", "ods", "odp", "rtf", "text"})
    | filetypes.IMAGE_KINDS
    | filetypes.OLE2_KINDS
)
ZIP_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
    "ods": "content.xml",
    "odp": "content.xml",
    "ofd": "OFD.xml",
}
ZIP_EXTENSIONS = frozenset(f".{kind}" for kind in ZIP_PARTS)
NO_PAGE_LIMIT = {"max_pages": 10**9}
EOF_WINDOW = 2048  # %%EOF must be within the file's last bytes (ISO 32000-1 7.5.5)
DECODE_MEGAPIXELS = 100  # images decoded in full up to this size (larger: structure only)
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Finding:
    """What ``probe`` found: the ``kind`` by content and ``problem`` (code, mapping) or None."""

    kind: str
    problem: tuple | None = None


def probe(path, filename=""):
    """The ``Finding`` of the file at ``path``; ``filename`` marks XML by its extension."""
    with open(path, "rb") as file:
        kind = filetypes.file_kind(file)
    if kind == "empty":
        return Finding(kind, ("empty", {}))
    if kind == "zip" and filetypes.extension_of(filename) in ZIP_EXTENSIONS:
        # a document named as a zip office format whose directory cannot be read
        detail = "压缩结构损坏" if not preflight.readable_zip(path) else "压缩包中没有文档内容"
        return Finding(kind, ("corrupt", {"detail": detail}))
    if kind not in KNOWN_KINDS:
        return Finding(kind, ("unknown_format", {"kind": filetypes.KIND_NAMES[kind]}))
    try:
        return Finding(kind, _PROBES.get(kind, _probe_nothing)(path, kind, filename))
    except subprocess.TimeoutExpired as error:
        return Finding(kind, ("timeout", {"seconds": int(error.timeout)}))
    except (OSError, ValueError, EOFError, RecursionError, MemoryError) as error:
        return Finding(kind, ("corrupt", {"detail": _short(error)}))


def _short(error):
    return (str(error) or type(error).__name__)[:120]


def _probe_nothing(path, kind, filename):
    return None


def _probe_pdf(path, kind, filename):
    with open(path, "rb") as file:
        file.seek(0, 2)
        file.seek(max(0, file.tell() - EOF_WINDOW))
        if b"%%EOF" not in file.read():
            return ("corrupt", {"detail": "PDF 文件不完整（缺少结尾标记 %%EOF）"})
    try:
        reader = _pdf_reader(path)
        if _needs_password(path, reader):
            return ("encrypted", {})
        status, output = preflight.qpdf(path, "--check")
        if status not in (0, 3):  # 3: warnings only, qpdf recovered
            return ("corrupt", {"detail": f"PDF 结构损坏（{preflight.qpdf_error(output)}）"})
        pages = len(reader.pages)
    except subprocess.TimeoutExpired:
        raise
    except Exception as error:  # pypdf raises many kinds on broken files
        return ("corrupt", {"detail": f"PDF 无法读取（{_short(error)}）"})
    if pages == 0:
        return ("corrupt", {"detail": "PDF 没有页面"})
    return None


def _pdf_reader(path):
    import pypdf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pypdf.PdfReader(path, strict=False)


def _needs_password(path, reader):
    """True if the PDF opens only with a password (an owner password alone is no bar, as in
    the conversion's preflight); qpdf decides when pypdf cannot decrypt the scheme."""
    if not reader.is_encrypted:
        return False
    try:
        return not reader.decrypt("")
    except Exception:
        status, _output = preflight.qpdf(path, "--requires-password")
        return status == 0


def _probe_zip(path, kind, filename):
    if not preflight.readable_zip(path):
        return ("corrupt", {"detail": "压缩结构损坏"})
    found = preflight.check_zip(path, preflight.DEFAULT_LIMITS)
    if found is not None:
        return ("corrupt", {"detail": f"解压后达 {found[1]['size']}，疑为恶意文件"})
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            return ("corrupt", {"detail": f"压缩内容无法读取（{_short(error)}）"})
        if bad is not None:
            return ("corrupt", {"detail": f"压缩成员 {bad[:80]} 校验失败"})
        manifest = "META-INF/manifest.xml"
        if kind in ("odt", "ods", "odp") and manifest in names:
            with archive.open(manifest) as member:
                if b"encryption-data" in member.read():
                    return ("encrypted", {})
        part = ZIP_PARTS.get(kind)
        if part is None:
            return None
        if part not in names:
            return ("corrupt", {"detail": f"缺少 {part}"})
        with archive.open(part) as member:
            problem = xml_problem(member)
    return ("corrupt", {"detail": f"{part}：{problem}"}) if problem else None


def _probe_ole2(path, kind, filename):
    with open(path, "rb") as file:
        names = filetypes.ole2_stream_names(file)
    if not names:
        return ("corrupt", {"detail": "OLE2 目录无法读取"})
    if "EncryptedPackage" in names:
        return ("encrypted", {})
    return None


def _probe_image(path, kind, filename):
    limits = {**preflight.DEFAULT_LIMITS, **NO_PAGE_LIMIT, "max_megapixels": 10**6}
    found = preflight.check_image(path, kind, limits)
    if found is not None:
        return found
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with preflight.image_header(path, kind) as image:
            if image.size[0] * image.size[1] <= DECODE_MEGAPIXELS * 1_000_000:
                try:
                    image.load()
                except (OSError, SyntaxError, ValueError, EOFError) as error:
                    return ("corrupt", {"detail": f"图片无法解码（{_short(error)}）"})
    return None


def _probe_text(path, kind, filename):
    if filename.lower().endswith(".xml"):
        with open(path, "rb") as file:
            problem = xml_problem(file)
        return ("corrupt", {"detail": problem}) if problem else None
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as file:
                while chunk := file.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return None
    return ("corrupt", {"detail": "文字既不是 UTF-8 也不是 GB 18030 编码"})


def _probe_rtf(path, kind, filename):
    with open(path, "rb") as file:
        if not file.read(5).startswith(b"{\\rtf"):
            return ("corrupt", {"detail": "不是 RTF 文档"})
    return None


_PROBES = {
    "pdf": _probe_pdf,
    "text": _probe_text,
    "rtf": _probe_rtf,
    **dict.fromkeys(ZIP_PARTS, _probe_zip),
    **dict.fromkeys(filetypes.OLE2_KINDS, _probe_ole2),
    **dict.fromkeys(filetypes.IMAGE_KINDS, _probe_image),
}


class _DoctypeRefused(ValueError):
    pass


def _refuse_doctype(*_args):
    raise _DoctypeRefused("含有文档类型声明（DTD）")


def xml_problem(stream):
    """None if the binary ``stream`` is well-formed XML (no DTD); else why not, in Chinese."""
    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        return f"XML 格式错误（{xml.parsers.expat.ErrorString(error.code)}，第 {error.lineno} 行）"
    except _DoctypeRefused as error:
        return str(error)
    return None


def pdf_text(path, pages=1):
    """The text of the first ``pages`` pages of the PDF at ``path`` (where a 公文's 版头,
    文号 and title are); "" if it cannot be read."""
    try:
        reader = _pdf_reader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return ""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "\n".join(page.extract_text() or "" for page in reader.pages[:pages])
    except Exception:  # an unreadable PDF has no text; usability says why
        return ""
