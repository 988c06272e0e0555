"""The 套红 source of a Word 正文 (R-D6): the 清稿 file as the HTML body the typesetter lays out.

Plain Python; the workers run it after the 清稿 (``wordbody.worker``). ``official_body_html(doc)``
writes a read ``WordDocument`` the way a rich-text 正文 is written in the editor, so the
正式文件 of a Word 正文 is laid out by the same rules (``typeset.layout``: GB/T 9704-2012
7.3.3): the four heading levels as ``h2``–``h5`` (「一、」 h2 in 黑体, 「（一）」 h3 in 楷体,
「1.」 h4 and 「（1）」 h5 in the body's 仿宋), paragraphs as ``p`` (first line indented two
characters by the layout), tables with borders, pictures as ``data:`` URIs no wider than the
text block. What the file says about fonts, sizes, indents, spacing and colours is dropped:
the layout decides those. Tracked changes are accepted, comments are out, numbering labels
are written as text, empty paragraphs (the file's blank lines) are left out. Only centred or
right-aligned paragraphs keep their alignment. Text is escaped; the result passes
``content.richtext.clean_body_html`` unchanged.
"""

import base64
import html

from zope.i18n import translate

from collective.gongwen import _

HEADING_TAGS = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}
# The 正式文件 is in Chinese (GB/T 9704), whatever the language of the site or the process.
LANGUAGE = "zh_CN"
TEXT_WIDTH_PX = 590  # 156 mm (GB/T 9704 版心) at 96 dpi
ALIGN_STYLES = {
    "center": "text-align: center; text-indent: 0",
    "right": "text-align: right; text-indent: 0",
}
# Borders as styles too (the PDF renderer reads no presentational attributes), drawn as
# outlines so that rows stay on the layout's line grid. A row may break over two pages, as
# Word lets it by default.
TABLE_ATTRIBUTES = (
    'border="1" cellspacing="0" cellpadding="4" style="border-collapse: collapse; width: 100%"'
)
CELL_STYLE = "outline: 0.5pt solid black"


def _text(value):
    """Escaped text; a line break in the file is ``<br>``, a tab a space."""
    escaped = html.escape(value or "", quote=False).replace("\t", " ")
    return escaped.replace("\n", "<br>")


def _runs_html(runs, bold=True):
    """The accepted text of ``runs``; ``bold`` keeps the file's bold as ``<strong>``."""
    parts = []
    for run in runs:
        if run.change == "del" or not run.text:
            continue
        text = _text(run.text)
        parts.append(f"<strong>{text}</strong>" if bold and run.bold and run.text.strip() else text)
    return "".join(parts).replace("</strong><strong>", "")


def _paragraph(block):
    text = _runs_html(block.runs, bold=block.kind != "heading")
    if not (block.label + text).strip():
        return ""
    inner = _text(block.label) + text
    if block.kind == "heading" and block.level in HEADING_TAGS:
        tag = HEADING_TAGS[block.level]
        return f"<{tag}>{inner}</{tag}>"
    style = ALIGN_STYLES.get(block.align)
    return f'<p style="{style}">{inner}</p>' if style else f"<p>{inner}</p>"


def _table(block):
    rows = []
    for cells, spans in zip(block.rows, block.spans or [[]] * len(block.rows), strict=False):
        tds = []
        for index, cell in enumerate(cells):
            span = spans[index] if index < len(spans) else 1
            colspan = f' colspan="{span}"' if span > 1 else ""
            tds.append(f'<td{colspan} style="{CELL_STYLE}">{_runs_html(cell)}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>")
    return f"<table {TABLE_ATTRIBUTES}><tbody>{''.join(rows)}</tbody></table>"


def _image(block):
    centred = ALIGN_STYLES["center"]
    if block.image is None or not block.content_type:
        note = translate(
            _(
                "wordbody_official_image_missing",
                default="［图片：${note}］",
                mapping={"note": block.note},
            ),
            target_language=LANGUAGE,
        )
        return f'<p style="{centred}">{_text(note)}</p>'
    width, height = block.width, block.height
    size = ""
    if width > 0 and height > 0:
        if width > TEXT_WIDTH_PX:
            width, height = TEXT_WIDTH_PX, max(1, round(height * TEXT_WIDTH_PX / width))
        size = f' width="{width}" height="{height}"'
    encoded = base64.b64encode(block.image).decode("ascii")
    alt = translate(_("wordbody_official_image_alt", default="图片"), target_language=LANGUAGE)
    return (
        f'<p style="{centred}"><img src="data:{block.content_type};base64,{encoded}"'
        f' alt="{html.escape(alt)}"{size}></p>'
    )


def official_body_html(doc):
    """The HTML fragment of the ``WordDocument`` ``doc`` that the typesetter lays out."""
    parts = []
    for block in doc.blocks:
        if block.kind == "table":
            parts.append(_table(block))
        elif block.kind == "image":
            parts.append(_image(block))
        else:
            parts.append(_paragraph(block))
    return "".join(part for part in parts if part)
