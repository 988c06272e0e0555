"""Writes .docx packages in plain Python (zipfile and XML strings; Pillow draws pictures).

The one Word writer of the project: the demo's Word 正文 and files
(``setuphandlers.demo_files``) and the tests' Word files (``tests/support/wordfiles.py``)
are made with it. A document is a list of blocks made with the small builders below,
packed by ``make_docx``:

* ``heading(text, level)`` — a heading in style ``Heading1``…``Heading4`` numbered through
  ``word/numbering.xml`` (「一、」 chineseCounting, 「（一）」, 「1.」 decimal, 「（1）」), the way
  WPS and Word number 公文 headings; ``numbered=False`` writes the label into the text instead.
* ``paragraph(*parts)`` — parts are plain strings, ``text(...)`` runs with the file's own fonts,
  sizes and colours, tracked changes ``ins(...)``, ``delete(...)``, ``formatted(...)``
  (``w:rPrChange``), ``moved_from(...)``/``moved_to(...)``, and ``commented(...)`` (a comment
  range with its ``comments.xml`` entry); ``paragraph(..., changed_by=(author, date))`` adds a
  ``w:pPrChange``.
* ``table(rows)`` — cells are strings or tuples of parts; ``image(png_bytes)`` — an inline
  picture (``png(...)`` draws one with Pillow).

``make_docx(blocks)`` returns the bytes; the package is deterministic (fixed member dates), so
the same blocks give the same SHA-256. ``vba_project`` (bytes) adds ``word/vbaProject.bin``
and the macro-enabled content type, as Word writes a .docm.
"""

import io
import zipfile
from dataclasses import dataclass
from dataclasses import field
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr

from PIL import Image
from PIL import ImageDraw

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ZIP_DATE = (2026, 12, 6, 10, 30, 0)
EMU_PER_PIXEL = 9525  # at 96 dpi

AUTHORS = ("张三", "李四", "王五")
DATE = "2026-12-06T10:30:00Z"


# Parts of a paragraph.


@dataclass(frozen=True)
class Text:
    """A run of text with the file's own look (fonts, size in half-points, colour, bold)."""

    text: str
    bold: bool = False
    font: str = ""
    size: int = 0
    color: str = ""


@dataclass(frozen=True)
class Change:
    """A tracked change by ``author`` at ``date``: ``kind`` ins, del, format, move_from, move_to."""

    kind: str
    text: str
    author: str = AUTHORS[0]
    date: str = DATE


@dataclass(frozen=True)
class Comment:
    """``text`` in the paragraph with the comment ``note`` by ``author``."""

    text: str
    note: str
    author: str = AUTHORS[0]
    date: str = DATE


def text(value, bold=False, font="", size=0, color=""):
    return Text(value, bold, font, size, color)


def ins(value, author=AUTHORS[0], date=DATE):
    return Change("ins", value, author, date)


def delete(value, author=AUTHORS[0], date=DATE):
    return Change("del", value, author, date)


def formatted(value, author=AUTHORS[0], date=DATE):
    """``value`` made bold as a tracked formatting change (``w:rPrChange``)."""
    return Change("format", value, author, date)


def moved_from(value, author=AUTHORS[0], date=DATE):
    return Change("move_from", value, author, date)


def moved_to(value, author=AUTHORS[0], date=DATE):
    return Change("move_to", value, author, date)


def commented(value, note, author=AUTHORS[0], date=DATE):
    return Comment(value, note, author, date)


# Blocks.


@dataclass
class Paragraph:
    parts: tuple
    style: str = ""
    level: int = 0  # numbering level 1–4 (0: not numbered)
    changed_by: tuple = ()
    indent: bool = True
    center: bool = False
    mark_deleted_by: tuple = ()  # (author, date): its paragraph mark a tracked deletion


@dataclass
class Table:
    rows: list


@dataclass
class Picture:
    data: bytes
    width: int
    height: int


def paragraph(*parts, style="", changed_by=(), indent=True, center=False, mark_deleted_by=()):
    """A body paragraph (first line indented 2 characters unless ``indent`` is false);
    ``changed_by`` (author, date) adds a tracked paragraph-format change, ``mark_deleted_by``
    (author, date) deletes its paragraph mark (accepted, the next paragraph runs on)."""
    return Paragraph(
        parts, style, 0, tuple(changed_by), indent and not center, center, tuple(mark_deleted_by)
    )


def removed_paragraph(value, author=AUTHORS[0], date=DATE):
    """A whole paragraph deleted with tracked changes: its text and its mark."""
    return paragraph(delete(value, author, date), mark_deleted_by=(author, date))


def heading(value, level=1, numbered=True):
    """A heading of ``level`` 1–4 in style HeadingN, numbered by numbering.xml when ``numbered``."""
    parts = value if isinstance(value, tuple) else (value,)
    return Paragraph(parts, style=f"Heading{level}", level=level if numbered else 0, indent=False)


def table(rows):
    """A bordered table; ``rows`` is a list of rows of cells (strings or tuples of parts)."""
    return Table([list(row) for row in rows])


def png(size=(240, 120), color=(200, 30, 30)):
    """A PNG (bytes) drawn with Pillow: a frame, a diagonal and a filled box."""
    picture = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((2, 2, size[0] - 3, size[1] - 3), outline=color, width=3)
    draw.line((0, 0, size[0], size[1]), fill=color, width=2)
    draw.rectangle((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=color)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", pnginfo=None)
    return buffer.getvalue()


def image(data=None, width=None, height=None):
    """An inline picture of the PNG ``data`` (``png()`` if None), shown at its pixel size."""
    data = data if data is not None else png()
    if width is None or height is None:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
    return Picture(data, width, height)


# WordprocessingML.


@dataclass
class _Package:
    """What the body refers to: comments, pictures and change ids, collected while writing."""

    comments: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    next_id: int = 100

    def new_id(self):
        self.next_id += 1
        return self.next_id


def _attr(name, value):
    return f"{name}={quoteattr(str(value))}"


def _rpr(part):
    if not isinstance(part, Text):
        return ""
    inner = ""
    if part.font:
        inner += (
            f"<w:rFonts {_attr('w:ascii', part.font)} {_attr('w:hAnsi', part.font)}"
            f" {_attr('w:eastAsia', part.font)}/>"
        )
    if part.bold:
        inner += "<w:b/>"
    if part.color:
        inner += f"<w:color {_attr('w:val', part.color)}/>"
    if part.size:
        inner += f'<w:sz w:val="{part.size}"/><w:szCs w:val="{part.size}"/>'
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _run(value, rpr="", deleted=False):
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{escape(value)}</{tag}></w:r>'


def _change_attrs(package, change):
    author, date = _attr("w:author", change.author), _attr("w:date", change.date)
    return f'w:id="{package.new_id()}" {author} {date}'


def _part_xml(part, package):
    if isinstance(part, str):
        return _run(part)
    if isinstance(part, Text):
        return _run(part.text, _rpr(part))
    if isinstance(part, Comment):
        number = len(package.comments)
        package.comments.append(part)
        return (
            f'<w:commentRangeStart w:id="{number}"/>{_run(part.text)}'
            f'<w:commentRangeEnd w:id="{number}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
            f'<w:commentReference w:id="{number}"/></w:r>'
        )
    if isinstance(part, Picture):
        return _picture_xml(part, package)
    kind = part.kind
    if kind == "ins":
        return f"<w:ins {_change_attrs(package, part)}>{_run(part.text)}</w:ins>"
    if kind == "del":
        return f"<w:del {_change_attrs(package, part)}>{_run(part.text, deleted=True)}</w:del>"
    if kind == "format":
        change = f"<w:rPrChange {_change_attrs(package, part)}><w:rPr/></w:rPrChange>"
        return _run(part.text, f"<w:rPr><w:b/>{change}</w:rPr>")
    if kind in ("move_from", "move_to"):
        tag = "w:moveFrom" if kind == "move_from" else "w:moveTo"
        range_id = package.new_id()
        name = f"move{range_id}"
        return (
            f'<{tag}RangeStart w:id="{range_id}" {_attr("w:name", name)}'
            f" {_attr('w:author', part.author)} {_attr('w:date', part.date)}/>"
            f"<{tag} {_change_attrs(package, part)}>{_run(part.text)}</{tag}>"
            f'<{tag}RangeEnd w:id="{range_id}"/>'
        )
    raise ValueError(f"unknown change kind {kind!r}")


def _picture_xml(picture, package):
    package.pictures.append(picture)
    number = len(package.pictures)
    cx, cy = picture.width * EMU_PER_PIXEL, picture.height * EMU_PER_PIXEL
    return (
        "<w:r><w:drawing>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{number}" name="图片 {number}"/>'
        f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}">'
        f'<pic:pic xmlns:pic="{PIC}"><pic:nvPicPr><pic:cNvPr id="{number}"'
        f' name="image{number}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="rIdImage{number}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _paragraph_xml(block, package):
    ppr = ""
    if block.style:
        ppr += f'<w:pStyle w:val="{block.style}"/>'
    if block.level:
        ppr += f'<w:numPr><w:ilvl w:val="{block.level - 1}"/><w:numId w:val="1"/></w:numPr>'
    if block.indent and not block.style:
        ppr += '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
    if block.center:
        ppr += '<w:jc w:val="center"/>'
    elif block.changed_by:
        ppr += '<w:jc w:val="both"/>'
    if block.mark_deleted_by:
        change = Change("del", "", *block.mark_deleted_by)
        ppr += f"<w:rPr><w:del {_change_attrs(package, change)}/></w:rPr>"
    if block.changed_by:
        change = Change("format", "", *block.changed_by)
        ppr += f"<w:pPrChange {_change_attrs(package, change)}><w:pPr/></w:pPrChange>"
    body = "".join(_part_xml(part, package) for part in block.parts)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


def _table_xml(block, package):
    columns = max(len(row) for row in block.rows)
    width = 8800 // columns
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    rows = []
    for row in block.rows:
        cells = []
        for cell in row:
            parts = cell if isinstance(cell, tuple) else (cell,)
            content = "".join(_part_xml(part, package) for part in parts)
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f"<w:p>{content}</w:p></w:tc>"
            )
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _block_xml(block, package):
    if isinstance(block, Table):
        return _table_xml(block, package)
    if isinstance(block, Picture):
        return f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_picture_xml(block, package)}</w:p>'
    return _paragraph_xml(block, package)


SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851"'
    ' w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>'
)


def document_xml(blocks, package=None):
    """``word/document.xml`` of ``blocks``."""
    package = package or _Package()
    body = "".join(_block_xml(block, package) for block in blocks)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}">'
        f"<w:body>{body}{SECTION}</w:body></w:document>"
    )


def raw_document(body):
    """``word/document.xml`` around the WordprocessingML ``body`` (paragraphs, tables) as given."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}">'
        f"<w:body>{body}{SECTION}</w:body></w:document>"
    )


def _heading_style(level, font, size):
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312"/>'
    '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:jc w:val="both"/></w:pPr></w:style>'
    + _heading_style(1, "黑体", 32)
    + _heading_style(2, "楷体_GB2312", 32)
    + _heading_style(3, "仿宋_GB2312", 32)
    + _heading_style(4, "仿宋_GB2312", 32)
    + '<w:style w:type="character" w:styleId="CommentReference">'
    '<w:name w:val="annotation reference"/><w:rPr><w:sz w:val="21"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    "</w:styles>"
)

# One list for the four 公文 heading levels: 一、（一）1.（1）.
NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
    '<w:multiLevelType w:val="multilevel"/>'
    + "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        '<w:suff w:val="nothing"/>'
        f'<w:lvlText w:val="{label}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
        for level, fmt, label in (
            (0, "chineseCounting", "%1、"),
            (1, "chineseCounting", "（%2）"),
            (2, "decimal", "%3."),
            (3, "decimal", "（%4）"),
        )
    )
    + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)

SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W}"><w:trackRevisions/><w:defaultTabStop w:val="420"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/></w:settings>'
)


def comments_xml(comments):
    """``word/comments.xml`` of ``comments`` (ids in order)."""
    entries = "".join(
        f'<w:comment w:id="{number}" {_attr("w:author", comment.author)}'
        f" {_attr('w:date', comment.date)} {_attr('w:initials', comment.author[:1])}>"
        f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{_run(comment.note)}</w:p>'
        "</w:comment>"
        for number, comment in enumerate(comments)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:comments xmlns:w="{W}">{entries}</w:comments>'
    )


def content_types(macro, comments):
    """``[Content_Types].xml`` of a package (``macro``: a .docm's main part and its VBA)."""
    overrides = [
        ("/word/document.xml", DOCM_MAIN if macro else DOCX_MAIN),
        ("/word/styles.xml", f"{WORDML}.styles+xml"),
        ("/word/numbering.xml", f"{WORDML}.numbering+xml"),
        ("/word/settings.xml", f"{WORDML}.settings+xml"),
    ]
    if comments:
        overrides.append(("/word/comments.xml", f"{WORDML}.comments+xml"))
    defaults = [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
        ("png", "image/png"),
    ]
    if macro:
        defaults.append(("bin", "application/vnd.ms-office.vbaProject"))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in defaults)
        + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
        + "</Types>"
    )


def _relationships(rows):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>'
            if "/" not in kind
            else f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
            for rid, kind, target in rows
        )
        + "</Relationships>"
    )


# A vbaProject.bin is an OLE2 storage with a VBA folder; its bytes do not matter to Word
# before the macros run, only its presence and content type make the file a .docm.
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def zip_members(members):
    """A deterministic ZIP (bytes) of ``members`` (name, str or bytes), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def make_docx(blocks, vba_project=None, document=None, parts=None):
    """A .docx (bytes) of ``blocks``; ``vba_project`` (the bytes of an OLE2 VBA storage) makes
    it macro-enabled (a .docm as Word writes it).

    ``document`` replaces ``word/document.xml`` with the given text, ``parts`` ({name: text or
    bytes}) replace or add other members (other styles or numbering, hostile parts).
    """
    package = _Package()
    body = document if document is not None else document_xml(blocks, package)
    rels = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdSettings", "settings", "settings.xml"),
    ]
    members = [
        ("[Content_Types].xml", content_types(vba_project is not None, package.comments)),
        (
            "_rels/.rels",
            _relationships([("rId1", "officeDocument", "word/document.xml")]),
        ),
        ("word/document.xml", body),
        ("word/styles.xml", STYLES),
        ("word/numbering.xml", NUMBERING),
        ("word/settings.xml", SETTINGS),
    ]
    if package.comments:
        rels.append(("rIdComments", "comments", "comments.xml"))
        members.append(("word/comments.xml", comments_xml(package.comments)))
    for number, picture in enumerate(package.pictures, start=1):
        rels.append((f"rIdImage{number}", "image", f"media/image{number}.png"))
        members.append((f"word/media/image{number}.png", picture.data))
    if vba_project is not None:
        rels.append(("rIdVba", VBA_PROJECT, "vbaProject.bin"))
        members.append(("word/vbaProject.bin", vba_project))
    members.append(("word/_rels/document.xml.rels", _relationships(rels)))
    replaced = dict(parts or {})
    members = [(name, replaced.pop(name, data)) for name, data in members]
    return zip_members(members + list(replaced.items()))
