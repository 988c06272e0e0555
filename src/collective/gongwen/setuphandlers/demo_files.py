"""The demo documents' files (SPEC §17, training only), made when they are imported.

Three kinds, as a bureau receives and writes them: a Word document (DOCX, written as its
OOXML parts), a PDF with a text layer (WeasyPrint) and a SCANNED page — a PNG of Chinese
text drawn with Pillow in the Noto CJK font, whose words exist only as pixels (found by
search once the conversion's OCR has read them). Nothing binary is kept in the repository.
"""

import io
import subprocess
import zipfile
from xml.sax.saxutils import escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_FAMILY = "Noto Sans CJK SC"
# Debian's fonts-noto-cjk, if fontconfig cannot be asked.
FONT_FALLBACK = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_PARAGRAPH = (
    '<w:p><w:pPr>{align}</w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="{font}"/>{bold}'
    '<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
)


def docx_bytes(title, paragraphs):
    """A DOCX of ``title`` (centred, bold) and ``paragraphs``."""
    rows = [
        _PARAGRAPH.format(
            align='<w:jc w:val="center"/>',
            font=FONT_FAMILY,
            bold="<w:b/>",
            size=44,
            text=escape(title),
        )
    ]
    rows += [
        _PARAGRAPH.format(align="", font=FONT_FAMILY, bold="", size=32, text=escape(text))
        for text in paragraphs
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(rows)}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def pdf_bytes(title, paragraphs):
    """A one-page A4 PDF of ``title`` and ``paragraphs`` with a text layer."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        "<html><head><style>@page { size: A4; margin: 25mm }"
        f" body {{ font-family: '{FONT_FAMILY}'; font-size: 15pt; line-height: 1.6 }}"
        " h1 { text-align: center; font-size: 20pt }</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def cjk_font():
    """``(path, index)`` of the Noto Sans CJK SC face (fontconfig's answer, else Debian's)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}", FONT_FAMILY],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split("\n")
        if len(found) == 2 and "CJK" in found[0]:
            return found[0], int(found[1] or 0)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return FONT_FALLBACK


def scan_png(title, paragraphs, width=1240, margin=90):
    """A scanned page (PNG, 150 dpi A4): ``title`` and ``paragraphs`` drawn as black on a
    slightly grey page, lines wrapped to the page; no text layer."""
    from PIL import Image
    from PIL import ImageDraw
    from PIL import ImageFont

    path, index = cjk_font()
    heading = ImageFont.truetype(path, 46, index=index)
    font = ImageFont.truetype(path, 34, index=index)
    per_line = (width - 2 * margin) // 34
    lines = [(title, heading)]
    for text in paragraphs:
        lines += [(text[i : i + per_line], font) for i in range(0, len(text), per_line)]
    height = margin * 2 + sum(int(f.size * 1.7) for _, f in lines)
    page = Image.new("L", (width, max(height, int(width * 1.414))), color=246)
    draw = ImageDraw.Draw(page)
    y = margin
    for text, face in lines:
        x = (width - draw.textlength(text, font=face)) // 2 if face is heading else margin
        draw.text((x, y), text, fill=20, font=face)
        y += int(face.size * 1.7)
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


MAKERS = {"docx": docx_bytes, "pdf": pdf_bytes, "scan": scan_png}
SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "scan": ".png"}


def file_bytes(spec):
    """``(bytes, filename)`` of a file ``spec`` (``kind`` docx/pdf/scan, ``title``,
    ``paragraphs``, optional ``filename`` without its suffix)."""
    kind = spec["kind"]
    data = MAKERS[kind](spec["title"], spec.get("paragraphs", ()))
    return data, (spec.get("filename") or spec["title"]) + SUFFIXES[kind]
