"""Bad (and a few good) files for the conversion preflight, made fast with real tools.

Each function writes one file into ``outdir`` and returns its path: qpdf
encrypts, Pillow draws images, zipfile builds the zip bomb, and PDFs are
written by hand (``pdf_bytes``) so a 300-page PDF takes milliseconds.
Nothing is stored in the repository.
"""

import subprocess
import zipfile
from pathlib import Path

from PIL import Image

from tests.support.zipped import CONTENT_TYPES
from tests.support.zipped import RELS
from tests.support.zipped import docx

MB = 1024 * 1024


def pdf_bytes(pages=1):
    """A valid PDF (bytes) of ``pages`` pages sharing one content stream, written by hand."""
    content = b"BT /F1 24 Tf 72 720 Td (Gongwen test page) Tj ET"
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    page += b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def simple_pdf(path: Path, pages=1):
    """``pdf_bytes(pages)`` written to ``path``; the path."""
    path.write_bytes(pdf_bytes(pages))
    return path


def qpdf(*arguments):
    """Run qpdf; raise with its output on an error (exit 2; 3 means warnings only)."""
    result = subprocess.run(["qpdf", *arguments], capture_output=True, text=True, timeout=60)
    if result.returncode not in (0, 3):
        raise RuntimeError(f"qpdf failed: {result.stdout}\n{result.stderr}")


def empty_file(outdir: Path, name="empty.pdf"):
    """A zero-byte file."""
    path = outdir / name
    path.write_bytes(b"")
    return path


def many_pages_pdf(outdir: Path, pages=300):
    """A valid PDF of ``pages`` pages."""
    return simple_pdf(outdir / f"pages-{pages}.pdf", pages)


def truncated_pdf(outdir: Path, source: Path = None):
    """The first half of a real PDF (``source``, or a hand-written 3-page one)."""
    source = source or simple_pdf(outdir / "whole.pdf", pages=3)
    path = outdir / "truncated.pdf"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted_pdf(outdir: Path, user_password="secret"):
    """A PDF that needs ``user_password`` to open (AES-256 by qpdf)."""
    source = simple_pdf(outdir / "plain.pdf")
    path = outdir / "encrypted.pdf"
    qpdf("--encrypt", user_password, "owner-secret", "256", "--", str(source), str(path))
    return path


def owner_protected_pdf(outdir: Path):
    """A PDF that opens without a password but forbids printing and copying (owner password)."""
    source = simple_pdf(outdir / "plain.pdf")
    path = outdir / "owner-protected.pdf"
    qpdf(
        "--encrypt",
        "",
        "owner-secret",
        "256",
        "--allow-insecure",
        "--print=none",
        "--extract=n",
        "--",
        str(source),
        str(path),
    )
    return path


def image(outdir: Path, name, size=(200, 100), format=None):
    """A small image ``name`` drawn by Pillow (format from the extension unless given)."""
    path = outdir / name
    Image.new("RGB", size, (200, 30, 30)).save(path, format=format)
    return path


def huge_png(outdir: Path, size=(10_000, 10_000)):
    """A bilevel PNG of ``size`` pixels: 10,000 × 10,000 compresses to a few KB."""
    path = outdir / f"huge-{size[0]}x{size[1]}.png"
    Image.new("1", size, 1).save(path, optimize=True)
    return path


def truncated_png(outdir: Path):
    """A PNG whose pixel data is cut off."""
    source = image(outdir, "whole.png", size=(400, 400))
    path = outdir / "truncated.png"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    return path


def png_named_pdf(outdir: Path):
    """A PNG image saved under a ``.pdf`` name."""
    return image(outdir, "scan-looks-like.pdf", format="PNG")


def pdf_named_docx(outdir: Path):
    """A PDF saved under a ``.docx`` name."""
    path = outdir / "report.docx"
    path.write_bytes(simple_pdf(outdir / "report.pdf").read_bytes())
    return path


def docx_zip_bomb(outdir: Path, expanded_bytes=1100 * MB):
    """A valid-looking DOCX whose word/document.xml expands to ``expanded_bytes`` of zeros.

    Zeros deflate about 1000:1, so the file stays near 1 MB; written in
    chunks so memory stays small; it builds in about three seconds.
    """
    path = outdir / "bomb.docx"
    chunk = bytes(4 * MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            written = 0
            while written < expanded_bytes:
                member.write(chunk[: min(len(chunk), expanded_bytes - written)])
                written += len(chunk)
    return path


def broken_docx(outdir: Path):
    """A DOCX cut off before its zip directory."""
    path = outdir / "broken.docx"
    data = docx("<w:document/>" * 200)
    path.write_bytes(data[: len(data) // 2])
    return path
