"""The demo documents' files (SPEC §17, training only), made when they are imported.

Three kinds, as a bureau receives and writes them: a Word document (DOCX, written by
``wordbody.writer``), a PDF with a text layer (WeasyPrint) and a SCANNED page — a PNG of
Chinese text drawn with Pillow in the Noto CJK font, whose words exist only as pixels (found
by search once the conversion's OCR has read them). And a 发文's Word 正文 (R-D6, kind
``word``): numbered headings, paragraphs, a table and a drawn picture (``word_blocks``), each
later version the one before with the tracked changes and comments of whoever checked it in
(``revised``). Nothing binary is kept in the repository.
"""

import dataclasses
import io
import subprocess
from xml.sax.saxutils import escape

from collective.gongwen.wordbody import writer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_FAMILY = "Noto Sans CJK SC"
# Debian's fonts-noto-cjk, if fontconfig cannot be asked.
FONT_FALLBACK = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)


def docx_bytes(title, paragraphs):
    """A DOCX of ``title`` (centred, bold) and ``paragraphs``."""
    blocks = [
        writer.paragraph(writer.text(title, bold=True, font=FONT_FAMILY, size=44), center=True)
    ]
    blocks += [writer.paragraph(writer.text(value, font=FONT_FAMILY)) for value in paragraphs]
    return writer.make_docx(blocks)


# --- a Word 正文 (R-D6) ------------------------------------------------------------------


def word_blocks(spec):
    """The blocks (``wordbody.writer``) of a ``word`` file ``spec``: its ``title`` centred and
    bold, then ``blocks`` — ``{"heading": text, "level": 1–4}`` (numbered 一、（一）1.（1） by
    the file's numbering.xml), ``{"paragraph": text}`` (``"indent": false`` for 主送 and
    署名), ``{"table": rows of cell texts}`` and ``{"image": {"title", "labels"}}`` (a picture
    drawn by ``diagram_png``)."""
    blocks = [writer.paragraph(writer.text(spec["title"], bold=True, size=44), center=True)]
    for block in spec.get("blocks", ()):
        if "heading" in block:
            blocks.append(writer.heading(block["heading"], block.get("level", 1)))
        elif "paragraph" in block:
            blocks.append(writer.paragraph(block["paragraph"], indent=block.get("indent", True)))
        elif "table" in block:
            blocks.append(writer.table(block["table"]))
        elif "image" in block:
            picture = block["image"]
            blocks.append(writer.image(diagram_png(picture["title"], picture["labels"])))
        else:
            raise ValueError(f"unknown block {sorted(block)} in {spec['title']}")
    return blocks


def revised(blocks, revision, author, date):
    """``blocks`` as ``author`` leaves them at ``date`` with tracked changes on: each of
    ``revision["edits"]`` — ``{"find", "replace"}`` (the words deleted, the new ones
    inserted; ``""`` deletes only) or ``{"after", "insert"}`` — and each of
    ``revision["comments"]`` (``{"on", "note"}``) made in the first plain text (a paragraph,
    a heading or a table cell, not yet changed) holding the words. ``ValueError`` names words
    the document does not hold. The earlier changes stay (nobody has accepted them)."""
    blocks = list(blocks)
    for edit in revision.get("edits", ()):
        if "after" in edit:
            words = edit["after"]
            made = (words, writer.ins(edit["insert"], author, date))
        else:
            words = edit["find"]
            made = (writer.delete(words, author, date),)
            if edit["replace"]:
                made += (writer.ins(edit["replace"], author, date),)
        _change_words(blocks, words, made)
    for comment in revision.get("comments", ()):
        made = (writer.commented(comment["on"], comment["note"], author, date),)
        _change_words(blocks, comment["on"], made)
    return blocks


def _change_words(blocks, words, made):
    """Put the parts ``made`` where ``words`` stand in the first plain text holding them."""
    for position, block in enumerate(blocks):
        if isinstance(block, writer.Paragraph):
            parts = _replaced(block.parts, words, made)
            if parts is not None:
                blocks[position] = dataclasses.replace(block, parts=parts)
                return
        elif isinstance(block, writer.Table):
            rows = [list(row) for row in block.rows]  # the earlier version's stay as they were
            for row in rows:
                for column, cell in enumerate(row):
                    cell_parts = cell if isinstance(cell, tuple) else (cell,)
                    parts = _replaced(cell_parts, words, made)
                    if parts is not None:
                        row[column] = parts
                        blocks[position] = writer.Table(rows)
                        return
    raise ValueError(f"「{words}」 is not in the document")


def _replaced(parts, words, made):
    """``parts`` with ``made`` in place of ``words`` in the first plain string holding them;
    None when none does."""
    for position, part in enumerate(parts):
        if isinstance(part, str) and words in part:
            before, _, after = part.partition(words)
            middle = tuple(piece for piece in (before, *made, after) if piece != "")
            return parts[:position] + middle + parts[position + 1 :]
    return None


def diagram_png(title, labels, width=640, height=260):
    """A picture for a Word 正文 (PNG): ``title`` above a row of framed boxes, one per label,
    joined by arrows — drawn with Pillow in the Noto CJK font."""
    from PIL import Image
    from PIL import ImageDraw
    from PIL import ImageFont

    path, index = cjk_font()
    heading = ImageFont.truetype(path, 26, index=index)
    font = ImageFont.truetype(path, 20, index=index)
    picture = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((1, 1, width - 2, height - 2), outline=(120, 120, 120), width=2)
    draw.text(((width - draw.textlength(title, font=heading)) // 2, 24), title, (0, 0, 0), heading)
    count = max(len(labels), 1)
    step = (width - 40) // count
    for number, label in enumerate(labels):
        left = 20 + number * step + 10
        right = left + step - 40
        draw.rectangle((left, 110, right, 190), outline=(30, 60, 160), width=3)
        label_x = (left + right - draw.textlength(label, font=font)) // 2
        draw.text((label_x, 138), label, (30, 60, 160), font)
        if number + 1 < count:
            draw.line((right, 150, right + 30, 150), fill=(30, 60, 160), width=3)
            draw.polygon(((right + 30, 143), (right + 40, 150), (right + 30, 157)), (30, 60, 160))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(title, paragraphs):
    """A one-page A4 PDF of ``title`` and ``paragraphs`` with a text layer."""
    from weasyprint import HTML

    from collective.gongwen.typeset.compact_fonts import write_pdf

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        "<html><head><style>@page { size: A4; margin: 25mm }"
        f" body {{ font-family: '{FONT_FAMILY}'; font-size: 15pt; line-height: 1.6 }}"
        " h1 { text-align: center; font-size: 20pt }</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return write_pdf(HTML(string=html).render())


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
SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "scan": ".png", "word": ".docx"}


def file_name(spec):
    """The file name of ``spec``: its ``filename`` (else its ``title``) and its kind's suffix."""
    return (spec.get("filename") or spec["title"]) + SUFFIXES[spec["kind"]]


def file_bytes(spec):
    """``(bytes, filename)`` of a file ``spec`` (``kind`` docx/pdf/scan, ``title``,
    ``paragraphs``, optional ``filename`` without its suffix; kind ``word``: ``blocks``, see
    ``word_blocks``)."""
    if spec["kind"] == "word":
        return writer.make_docx(word_blocks(spec)), file_name(spec)
    return MAKERS[spec["kind"]](spec["title"], spec.get("paragraphs", ())), file_name(spec)
