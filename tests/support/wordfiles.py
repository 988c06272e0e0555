"""Word 正文 files (R-D6) built in plain Python: real .docx packages from zipfile and XML strings.

A document is a list of blocks made with the small builders below, packed by ``make_docx``:

* ``heading(text, level)`` — a heading in style ``Heading1``…``Heading4`` numbered through
  ``word/numbering.xml`` (「一、」 chineseCounting, 「（一）」, 「1.」 decimal, 「（1）」), the way
  WPS and Word number 公文 headings; ``numbered=False`` writes the label into the text instead.
* ``paragraph(*parts)`` — parts are plain strings, ``text(...)`` runs with the file's own fonts,
  sizes and colours, tracked changes ``ins(...)``, ``delete(...)``, ``formatted(...)``
  (``w:rPrChange``), ``moved_from(...)``/``moved_to(...)``, and ``commented(...)`` (a comment
  range with its ``comments.xml`` entry); ``paragraph(..., changed_by=(author, date))`` adds a
  ``w:pPrChange``.
* ``table(rows)`` — cells are strings or lists of parts; ``image(png_bytes)`` — an inline picture
  (``png(...)`` draws one with Pillow).

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

import io
import random
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr

from PIL import Image
from PIL import ImageDraw

from collective.gongwen.wordbody.filecheck import ole2_stream_offset
from tests.support.documents import soffice_convert

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


def _content_types(macro, comments):
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


def make_docx(blocks, macro=False, document=None, parts=None):
    """A .docx (bytes) of ``blocks``; ``macro`` adds a VBA project (a .docm as Word writes it).

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
        ("[Content_Types].xml", _content_types(macro, package.comments)),
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
    if macro:
        rels.append(("rIdVba", VBA_PROJECT, "vbaProject.bin"))
        members.append(("word/vbaProject.bin", ole2_file({"VBA/dir": b"\x01" * 64})))
    members.append(("word/_rels/document.xml.rels", _relationships(rels)))
    replaced = dict(parts or {})
    members = [(name, replaced.pop(name, data)) for name, data in members]
    return zip_members(members + list(replaced.items()))


def simple_docx(*paragraphs):
    """A .docx of plain body paragraphs."""
    return make_docx([paragraph(value) for value in paragraphs])


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
