"""A .docx 正文 read into blocks (R-D6): text, headings and their numbering, tables, pictures,
tracked changes with their authors, comments. Plain Python (lxml); no Zope.

``read_document(data, limits=DEFAULT_LIMITS)`` returns a ``WordDocument`` (its ``blocks``:
``Block``s of ``Run``s); a file it cannot read safely raises ``WordFileError(code, mapping)``
with a code of ``wordbody.reasons``. .wps and .odt files are made .docx by LibreOffice in the
workers first (``wordbody.office``).

This module owns the document model and the walk through the body. The package is read
safely by ``wordbody.package`` (ZIP and XML bounds, relationships, pictures; ``WordFileError``
and ``DEFAULT_LIMITS`` are its own); heading levels and numbering labels come from
``wordbody.numbering``. Here the text, the number of blocks, the changes and the pictures'
bytes are bounded; a picture that is not kept is a picture block without bytes and with a
``note``.

Tracked changes: ``w:ins``/``w:moveTo`` runs are insertions, ``w:del``/``w:moveFrom`` runs
deletions, ``w:rPrChange``/``w:pPrChange`` and the table, section and numbering property
changes are formatting changes (kind ``format``), an inserted or deleted paragraph mark or
table row is an insertion or deletion. Each is one entry of ``changes`` (author, date, kind,
text). ``accepted_text()`` is the text with every change accepted and the comments out,
whitespace normalised, one line per block: the same words give the same text, however the
file is laid out.
"""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field

from collective.gongwen.content import filetypes
from collective.gongwen.wordbody.numbering import HEADING_MAX_CHARS
from collective.gongwen.wordbody.numbering import MAX_LEVEL
from collective.gongwen.wordbody.numbering import Numbering
from collective.gongwen.wordbody.numbering import Styles
from collective.gongwen.wordbody.numbering import heading_level_of_text
from collective.gongwen.wordbody.package import DEFAULT_LIMITS
from collective.gongwen.wordbody.package import A
from collective.gongwen.wordbody.package import Package
from collective.gongwen.wordbody.package import R
from collective.gongwen.wordbody.package import V
from collective.gongwen.wordbody.package import WordFileError
from collective.gongwen.wordbody.package import as_int
from collective.gongwen.wordbody.package import is_on
from collective.gongwen.wordbody.package import local_name
from collective.gongwen.wordbody.package import val
from collective.gongwen.wordbody.package import w

EMU_PER_PIXEL = 9525

KINDS = ("heading", "paragraph", "table", "image")
CHANGE_KINDS = ("ins", "del", "format")
PROPERTY_CHANGES = frozenset(
    {
        "rPrChange",
        "pPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "sectPrChange",
        "numberingChange",
    }
)
CHANGE_TEXT_CHARS = 200  # text kept per change for the list
PARAGRAPH_MARK = {"ins": "（新段落）", "del": "（段落合并）"}
TABLE_ROW = {"ins": "（插入表格行）", "del": "（删除表格行）"}
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


@dataclass
class Run:
    """Text of one look: ``change`` None, ins, del or format, by ``author`` at ``date``."""

    text: str
    change: str | None = None
    author: str = ""
    date: str = ""
    bold: bool = False


@dataclass
class Block:
    """A heading, paragraph, table or picture of the body, in reading order.

    ``label`` is the numbering label Word shows before the text (「一、」), ``runs`` the text;
    a table's ``rows`` are lists of cells, each a list of runs, and ``spans`` their column
    spans; a picture has its ``image`` bytes and ``content_type`` (or a ``note`` why not) and
    its size in pixels. ``align`` is ``center`` or ``right`` when the file says so;
    ``joins_next`` when its paragraph mark is deleted (accepted, the next paragraph runs on).
    """

    kind: str
    level: int = 0
    label: str = ""
    runs: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    spans: list = field(default_factory=list)
    image: bytes | None = None
    content_type: str = ""
    width: int = 0
    height: int = 0
    note: str = ""
    align: str = ""
    joins_next: bool = False  # its paragraph mark is a tracked deletion: accepted, it runs on

    def text(self, accepted=True):
        """The label and text with every change accepted (``accepted``) or rejected."""
        return self.label + runs_text(self.runs, accepted)

    def cell_texts(self, accepted=True):
        """A table's cell texts, row by row."""
        return [[runs_text(cell, accepted) for cell in row] for row in self.rows]

    def image_hash(self):
        """SHA-256 of the picture's bytes ("" without bytes)."""
        return hashlib.sha256(self.image).hexdigest() if self.image else ""

    def key(self):
        """What the block is, for aligning two versions: kind and accepted content."""
        if self.kind == "table":
            return ("table", tuple(tuple(row) for row in self.cell_texts()))
        if self.kind == "image":
            return ("image", self.image_hash() or self.note)
        return (self.kind, normalise(self.text()))


@dataclass
class WordDocument:
    """A read .docx: ``blocks``, ``changes`` (dicts: author, date, kind, text), ``comments``
    (dicts: author, date, text) and ``has_macros``."""

    blocks: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    has_macros: bool = False

    def accepted_text(self):
        """The text with every change accepted and the comments out; one line per block,
        whitespace normalised (pictures as their SHA-256)."""
        lines, runs_on = [], False
        for block in self.blocks:
            if block.kind == "table":
                lines += ["\t".join(normalise(cell) for cell in row) for row in block.cell_texts()]
            elif block.kind == "image":
                lines.append(f"［图片 {block.image_hash() or block.note}］")
            elif runs_on and lines:
                lines[-1] = normalise(lines[-1] + block.text())
            else:
                lines.append(normalise(block.text()))
            runs_on = block.joins_next and block.kind in ("heading", "paragraph")
        return "\n".join(line for line in lines if line.strip())

    def accepted_sha256(self):
        """SHA-256 of ``accepted_text()`` (UTF-8)."""
        return hashlib.sha256(self.accepted_text().encode("utf-8")).hexdigest()

    def authors(self):
        """The authors of the tracked changes and comments, in order of appearance."""
        names = [entry["author"] for entry in (*self.changes, *self.comments)]
        return list(dict.fromkeys(name for name in names if name))


def runs_text(runs, accepted=True):
    """The text of ``runs`` with the changes accepted (deletions out) or rejected."""
    dropped = "del" if accepted else "ins"
    return "".join(run.text for run in runs if run.change != dropped)


def normalise(value):
    """``value`` in NFC with every run of white space (ideographic, no-break) as one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def read_document(data, limits=DEFAULT_LIMITS):
    """The ``WordDocument`` of the .docx ``data`` (bytes); raises ``WordFileError``."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    if not data:
        raise WordFileError("empty")
    if data.startswith(filetypes.OLE2_MAGIC):
        names = filetypes.ole2_stream_names(io.BytesIO(data))
        if "EncryptedPackage" in names:
            raise WordFileError("encrypted")
        raise WordFileError("mismatch", {"extension": ".docx", "actual": "Word 97-2003 文档"})
    package = Package(data, limits)
    return _Reader(package, limits).read()


# The body.


class _Reader:
    """Walks the main part's body into a ``WordDocument``, bounding text, blocks, changes and
    pictures."""

    def __init__(self, package, limits):
        self.package = package
        self.limits = limits
        self.document = WordDocument(has_macros=package.has_macros)
        self.text_chars = 0
        self.image_bytes = 0
        self.open_change = None  # (runs list, its length, kind, author, date) of the last one
        styles_part = package.target_of("styles")
        self.styles = Styles(package.xml(styles_part) if styles_part else None)
        numbering_part = package.target_of("numbering")
        self.numbering = Numbering(
            package.xml(numbering_part) if numbering_part else None, self.styles
        )

    def read(self):
        root = self.package.xml(self.package.main, required=True)
        body = root.find(w("body"))
        if body is None:
            raise WordFileError("corrupt", {"detail": "文档没有正文部分（w:body）"})
        for element in self._content(body):
            self._block_element(element)
        self._comments()
        return self.document

    def _content(self, container):
        """Block-level children of ``container``, through content controls and custom XML."""
        for element in container:
            name = local_name(element)
            if name in ("sdt", "customXml"):
                inner = element.find(w("sdtContent")) if name == "sdt" else element
                if inner is not None:
                    yield from self._content(inner)
            elif name in ("p", "tbl"):
                yield element
            elif name in ("ins", "del", "moveFrom", "moveTo"):
                yield from self._content(element)  # a block-level change wraps whole paragraphs

    def _add(self, block):
        if len(self.document.blocks) >= self.limits["max_blocks"]:
            raise WordFileError(
                "too_much_text",
                {
                    "count": f"{len(self.document.blocks)} 段以上",
                    "limit": self.limits["max_blocks"],
                },
            )
        self.document.blocks.append(block)

    def _count(self, text):
        self.text_chars += len(text)
        if self.text_chars > self.limits["max_text_chars"]:
            raise WordFileError(
                "too_much_text",
                {
                    "count": f"{self.text_chars} 字以上",
                    "limit": f"{self.limits['max_text_chars']} 字",
                },
            )

    def _change(self, kind, element, text):
        self.open_change = None
        if len(self.document.changes) >= self.limits["max_changes"]:
            raise WordFileError(
                "too_much_text",
                {"count": "修订过多", "limit": f"{self.limits['max_changes']} 处修订"},
            )
        self.document.changes.append(
            {
                "author": (element.get(w("author")) or "")[:100],
                "date": (element.get(w("date")) or "")[:40],
                "kind": kind,
                "text": text[:CHANGE_TEXT_CHARS],
            }
        )

    def _block_element(self, element):
        if local_name(element) == "tbl":
            self._table(element)
        else:
            self._paragraph(element)

    # Paragraphs.

    def _paragraph(self, element):
        ppr = element.find(w("pPr"))
        style_id = val(ppr.find(w("pStyle"))) if ppr is not None else None
        runs, pictures, extra = [], [], []
        self._runs(element, runs, pictures, extra, change=None)
        self._property_changes(ppr, runs)
        label = self._label(ppr, style_id)
        text = label + runs_text(runs)
        level = self._level(ppr, style_id, text)
        joins_next = False
        if ppr is not None:
            mark = ppr.find(f"{w('rPr')}")
            for kind in ("ins", "del"):
                marked = mark.find(w(kind)) if mark is not None else None
                if marked is not None:
                    self._change(kind, marked, PARAGRAPH_MARK[kind])
                    joins_next = joins_next or kind == "del"
        if any(run.text for run in runs) or (label and not pictures) or joins_next:
            self._add(
                Block(
                    kind="heading" if level else "paragraph",
                    level=level,
                    label=label,
                    runs=runs,
                    align=self._align(ppr, style_id),
                    joins_next=joins_next,
                )
            )
        for picture in pictures:
            self._add(picture)
        for inner in extra:
            self._block_element(inner)

    def _label(self, ppr, style_id):
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        found = None
        if num_pr is not None and num_pr.find(w("numId")) is not None:
            found = (val(num_pr.find(w("numId"))), as_int(val(num_pr.find(w("ilvl"))), 0))
        elif num_pr is not None:
            base = self.styles.numbering(style_id)
            if base:
                found = (base[0], as_int(val(num_pr.find(w("ilvl"))), base[1]))
        else:
            found = self.styles.numbering(style_id)
        return self.numbering.label(*found) if found else ""

    def _level(self, ppr, style_id, text):
        outline = ppr.find(w("outlineLvl")) if ppr is not None else None
        if outline is not None:
            value = as_int(val(outline), 9)
            outline_level = value + 1 if value < 9 else 0
        else:
            outline_level = self.styles.outline_level(style_id)
        by_text = heading_level_of_text(text)
        if by_text and (outline_level or len(normalise(text)) <= HEADING_MAX_CHARS):
            return by_text
        return min(outline_level, MAX_LEVEL)

    def _align(self, ppr, style_id):
        jc = ppr.find(w("jc")) if ppr is not None else None
        value = val(jc) if jc is not None else self.styles.align(style_id)
        return {"center": "center", "right": "right", "end": "right"}.get(value or "", "")

    def _property_changes(self, ppr, runs):
        if ppr is None:
            return
        for element in ppr.iter():
            # the paragraph mark's own look (pPr/rPr/rPrChange) is no visible change
            if local_name(element) in PROPERTY_CHANGES and local_name(element) != "rPrChange":
                self._change("format", element, runs_text(runs) or "（段落格式）")

    def _runs(self, container, runs, pictures, extra, change):
        """Collect the runs of ``container``; ``change`` is the enclosing (kind, element)."""
        for element in container:
            name = local_name(element)
            if name == "r":
                self._run(element, runs, pictures, extra, change)
            elif name in ("ins", "moveTo"):
                before = len(runs)
                self._runs(element, runs, pictures, extra, ("ins", element))
                self._changed("ins", element, runs, runs[before:])
            elif name in ("del", "moveFrom"):
                before = len(runs)
                self._runs(element, runs, pictures, extra, ("del", element))
                self._changed("del", element, runs, runs[before:])
            elif name in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"):
                self._runs(element, runs, pictures, extra, change)
            elif name == "sdt":
                inner = element.find(w("sdtContent"))
                if inner is not None:
                    self._runs(inner, runs, pictures, extra, change)
            elif name == "AlternateContent" and len(element):
                self._runs(element[0], runs, pictures, extra, change)
            # pPr, bookmarks, comment ranges, proofing marks, math: no text of the body

    def _changed(self, kind, element, runs, added):
        """Record the change ``element`` of the runs ``added`` at the end of ``runs``; one
        that directly follows a change of the same kind, author and date continues it (Word
        shows them as one revision; LibreOffice splits a change at every script change)."""
        text = "".join(run.text for run in added)
        if not text:
            return
        key = (kind, element.get(w("author")) or "", element.get(w("date")) or "")
        start = len(runs) - len(added)
        last = self.open_change
        if last and last[0] is runs and last[1] == start and last[2:] == key:
            entry = self.document.changes[-1]
            entry["text"] = (entry["text"] + text)[:CHANGE_TEXT_CHARS]
        else:
            self._change(kind, element, text)
        self.open_change = (runs, len(runs), *key)

    def _run(self, element, runs, pictures, extra, change):
        rpr = element.find(w("rPr"))
        bold = rpr is not None and is_on(rpr.find(w("b")))
        format_change = rpr.find(w("rPrChange")) if rpr is not None else None
        parts = []
        for child in element:
            name = local_name(child)
            if name in ("t", "delText"):
                parts.append(child.text or "")
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name in ("drawing", "pict", "object", "AlternateContent"):
                # Word 2010+ wraps a drawing in mc:AlternateContent: its first choice counts
                shown = child[0] if name == "AlternateContent" and len(child) else child
                pictures += self._pictures(shown)
                extra += _text_box_blocks(shown)
        text = "".join(parts)
        self._count(text)
        if not text:
            return
        kind, changed = change if change else (None, None)
        if format_change is not None:
            self._change("format", format_change, text)
            if kind is None:
                kind, changed = "format", format_change
        author = (changed.get(w("author")) or "")[:100] if changed is not None else ""
        date = (changed.get(w("date")) or "")[:40] if changed is not None else ""
        runs.append(Run(text, kind, author, date, bold))

    def _pictures(self, element):
        found = []
        for blip in element.iter(f"{{{A}}}blip", f"{{{V}}}imagedata"):
            rid = blip.get(f"{{{R}}}embed") or blip.get(f"{{{R}}}id")
            if not rid:
                continue
            data, content_type, note = self.package.image(rid)
            if data is not None:
                if self.image_bytes + len(data) > self.limits["max_images_bytes"]:
                    data, content_type, note = None, "", "图片总量过大"
                else:
                    self.image_bytes += len(data)
            width, height = self._extent(element)
            found.append(
                Block(
                    kind="image",
                    image=data,
                    content_type=content_type,
                    note=note,
                    width=width,
                    height=height,
                )
            )
        return found

    @staticmethod
    def _extent(element):
        for extent in element.iter("{*}extent"):
            cx, cy = as_int(extent.get("cx"), 0), as_int(extent.get("cy"), 0)
            if cx > 0 and cy > 0:
                return min(cx // EMU_PER_PIXEL, 10_000), min(cy // EMU_PER_PIXEL, 10_000)
        return 0, 0

    # Tables.

    def _table(self, element):
        rows, spans = [], []
        for row in element.iter(w("tr")):
            if _nearest_table(row) is not element:
                continue  # a row of a table nested in a cell: read as that cell's text
            trpr = row.find(w("trPr"))
            cells, widths = [], []
            for cell in row.findall(w("tc")):
                cell_runs = []
                for paragraph in cell.iter(w("p")):
                    if cell_runs:
                        cell_runs.append(Run("\n"))
                    pictures, extra = [], []
                    self._runs(paragraph, cell_runs, pictures, extra, change=None)
                    self._property_changes(paragraph.find(w("pPr")), cell_runs)
                tcpr = cell.find(w("tcPr"))
                span = as_int(val(tcpr.find(w("gridSpan"))) if tcpr is not None else None, 1)
                cells.append(cell_runs)
                widths.append(max(1, min(span, 64)))
            if trpr is not None:
                for kind in ("ins", "del"):
                    marked = trpr.find(w(kind))
                    if marked is not None:
                        self._change(kind, marked, TABLE_ROW[kind])
                for changed in trpr:
                    if local_name(changed) == "trPrChange":
                        self._change("format", changed, "（表格行格式）")
            rows.append(cells)
            spans.append(widths)
        tblpr = element.find(w("tblPr"))
        if tblpr is not None:
            for changed in tblpr:
                if local_name(changed) in PROPERTY_CHANGES:
                    self._change("format", changed, "（表格格式）")
        if rows:
            self._add(Block(kind="table", rows=rows, spans=spans))

    # Comments.

    def _comments(self):
        part = self.package.target_of("comments")
        root = self.package.xml(part) if part else None
        if root is None:
            return
        for comment in root.iter(w("comment")):
            texts = []
            for paragraph in comment.iter(w("p")):
                texts.append("".join(t.text or "" for t in paragraph.iter(w("t"))))
            text = "\n".join(texts).strip()
            self._count(text)
            self.document.comments.append(
                {
                    "author": (comment.get(w("author")) or "")[:100],
                    "date": (comment.get(w("date")) or "")[:40],
                    "text": text[:1000],
                }
            )


def _text_box_blocks(element):
    """The paragraphs and tables of the text boxes in ``element`` (not those of a text box
    inside one of them: its own paragraph reads them), in order."""
    blocks = []
    for box in element.iter(w("txbxContent")):
        parent = box.getparent()
        while parent is not None and parent is not element and local_name(parent) != "txbxContent":
            parent = parent.getparent()
        if parent is element or parent is None:
            blocks += [child for child in box if local_name(child) in ("p", "tbl")]
    return blocks


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and local_name(parent) != "tbl":
        parent = parent.getparent()
    return parent
