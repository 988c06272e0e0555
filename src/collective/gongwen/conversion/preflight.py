"""Preflight: refuse bad files with a reason before any conversion tool runs.

``preflight(path, filename)`` looks at the file cheaply — its size, its
kind as the upload check sees it (``content.filetypes``: libmagic, a zip's or
an OLE2 file's directory), qpdf's view of a PDF, an image's header —
and returns None, or ``(reason_code, mapping)`` with a code of
``reasons.REASONS`` and the values its Chinese message names. Plain Python
(qpdf, Pillow and the upload check's ``content.filetypes``), so workers and
tests use it without Zope.

Decisions:

* Order: empty file, unknown extension (nothing to compare the content
  with), content against extension, then the checks of the real kind.
* The extension decides what the file must be. PDF, images and the zip
  Office formats (docx/xlsx/pptx/odt/ods) are strict; the older Office
  names (doc/wps/rtf, xls/et, ppt) accept what bureaus really send under
  them — RTF or a renamed docx saved as ``.doc``, a CSV as ``.xls`` —
  because LibreOffice reads the content, not the name; never HTML, which
  may link what a converter would fetch (R-SEC5). The image
  extensions accept each other's content too (a PNG saved as ``.jpg`` is
  everyday; gm reads it by content).
* A PDF is refused as encrypted only when it needs a password to open
  (``qpdf --requires-password`` exits 0). Owner-password PDFs that merely
  forbid printing or copying — common for official documents — open
  without one, and poppler converts them.
* ``qpdf --check`` warnings (exit 3) are accepted: qpdf and poppler recover
  such files; only errors (exit 2) make a PDF corrupt.
* Zip sizes are read from the zip directory without decompressing; the
  conversion's own time limit covers a zip that lies about them.
"""

import os
import struct
import subprocess
import warnings
import zipfile

from collective.gongwen.content import filetypes

MB = 1024 * 1024

DEFAULT_LIMITS = {
    "max_pages": 500,
    "max_megapixels": 50,  # 5000 万像素
    "max_unzipped_bytes": 500 * MB,
    # Real Office files compress 3–20×; only a large archive is judged by ratio.
    "max_zip_ratio": 100,
    "zip_ratio_min_bytes": 100 * MB,
}

QPDF_TIMEOUT = 60  # seconds per qpdf call; --check reads every stream

# What each extension's content may really be (see the module docstring): the
# upload check's table (``content.filetypes``), less OFD, which is stored but
# not converted (R-A1).
CONVERTIBLE = {
    extension: kinds for extension, kinds in filetypes.ACCEPTED.items() if extension != ".ofd"
}
ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"})


def preflight(path, filename, limits=DEFAULT_LIMITS):
    """None if the file at ``path`` (uploaded as ``filename``) may be converted.

    Otherwise ``(reason_code, mapping)``. ``limits`` may name only the
    limits it changes; the rest come from ``DEFAULT_LIMITS``.
    """
    limits = {**DEFAULT_LIMITS, **limits}
    refused = by_name(os.path.getsize(path), filename)
    if refused is not None:
        return refused
    extension = os.path.splitext(filename)[1].lower()
    kind = sniff(path)
    if kind == "zip" and CONVERTIBLE[extension] & ZIP_KINDS and not readable_zip(path):
        return ("corrupt", {"detail": "压缩结构损坏"})
    if kind not in CONVERTIBLE[extension]:
        return ("type_mismatch", {"extension": extension, "actual": filetypes.KIND_NAMES[kind]})
    if kind == "pdf":
        return check_pdf(path, limits)
    if kind in ZIP_KINDS:
        return check_zip(path, limits)
    if kind in filetypes.IMAGE_KINDS:
        return check_image(path, kind, limits)
    return None


def by_name(size, filename):
    """The refusals known without reading the file — empty, or a type with no preview (the
    归档记录's XML): ``(reason_code, mapping)``, else None. The portal asks this before
    queueing, so such a file costs no worker a round trip (``jobs.queue_conversion``)."""
    if size == 0:
        return ("empty_file", {})
    extension = os.path.splitext(filename)[1].lower()
    if extension not in CONVERTIBLE:
        return ("unsupported_type", {"extension": extension or "无扩展名"})
    return None


# Sniffing: what the file really is, as the upload check saw it.


def sniff(path):
    """The kind of file at ``path`` from its content (a key of ``filetypes.KIND_NAMES``)."""
    with open(path, "rb") as file:
        return filetypes.file_kind(file)


def readable_zip(path):
    """True if the directory of the ZIP archive at ``path`` can be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return True


# Checks by kind.


def qpdf(path, *options):
    """Run ``qpdf OPTIONS path``; return (exit status, output)."""
    result = subprocess.run(
        ["qpdf", *options, path],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=QPDF_TIMEOUT,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def qpdf_error(output):
    """The first error line of qpdf's output, shortened, without the file name."""
    lines = [line for line in output.splitlines() if line.startswith("qpdf:")] or [output]
    return lines[0].split(": ", 2)[-1][:120]


def check_pdf(path, limits):
    """Encrypted (needs a password), corrupt or too many pages; None if fine."""
    try:
        status, _output = qpdf(path, "--requires-password")
        if status == 0:
            return ("encrypted", {})
        status, output = qpdf(path, "--check")
        if status not in (0, 3):  # 3: warnings only, qpdf recovered
            return ("corrupt", {"detail": f"PDF 结构损坏（{qpdf_error(output)}）"})
        status, output = qpdf(path, "--show-npages")
    except subprocess.TimeoutExpired:
        return ("timeout", {"seconds": QPDF_TIMEOUT})
    first_line = (output.splitlines() or [""])[0].strip()
    if status not in (0, 3) or not first_line.isdigit():
        return ("corrupt", {"detail": "无法读取 PDF 页数"})
    pages = int(first_line)
    if pages > limits["max_pages"]:
        return ("too_many_pages", {"pages": pages, "limit": limits["max_pages"]})
    return None


def human_size(size):
    """``size`` in bytes as ``2.0 GB`` / ``512.0 MB`` / ``3.0 KB``."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024


def check_zip(path, limits):
    """A zip bomb: members expanding beyond the limit, or a large archive compressed too far."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    expanded = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    too_big = expanded > limits["max_unzipped_bytes"]
    too_dense = (
        expanded > limits["zip_ratio_min_bytes"] and expanded / compressed > limits["max_zip_ratio"]
    )
    if too_big or too_dense:
        return ("zip_bomb", {"size": human_size(expanded)})
    return None


def image_header(path, kind):
    """Pillow's lazily opened image: the header is read, no pixel is decoded."""
    from PIL import Image

    with warnings.catch_warnings():
        # We apply our own, lower limit; Pillow's warning would only be noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except Image.DecompressionBombError:
            # Above twice its own limit Pillow refuses without telling the size;
            # the format's own class reads the same header without that check.
            return image_class(kind)(path)


def image_class(kind):
    """Pillow's image class for ``kind``."""
    from PIL import BmpImagePlugin
    from PIL import GifImagePlugin
    from PIL import JpegImagePlugin
    from PIL import PngImagePlugin
    from PIL import TiffImagePlugin

    return {
        "png": PngImagePlugin.PngImageFile,
        "jpeg": JpegImagePlugin.JpegImageFile,
        "tiff": TiffImagePlugin.TiffImageFile,
        "gif": GifImagePlugin.GifImageFile,
        "bmp": BmpImagePlugin.BmpImageFile,
    }[kind]


def check_image(path, kind, limits):
    """Too many pixels (or TIFF pages), or an unreadable image; None if fine."""
    try:
        with image_header(path, kind) as image:
            width, height = image.size
            if width * height > limits["max_megapixels"] * 1_000_000:
                limit = limits["max_megapixels"] * 100  # in 万像素
                return ("image_too_large", {"width": width, "height": height, "limit": limit})
            # A multi-page TIFF scan becomes one PDF page per frame.
            pages = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
            if pages > limits["max_pages"]:
                return ("too_many_pages", {"pages": pages, "limit": limits["max_pages"]})
            # Checks chunk structure and checksums (PNG) without decoding pixels.
            image.verify()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        return ("corrupt", {"detail": f"图片无法读取（{str(error)[:80]}）"})
    return None
