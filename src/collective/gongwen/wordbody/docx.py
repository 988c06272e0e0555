"""A .docx 正文 read into blocks (R-D6): text, headings and their numbering, tables, pictures,
tracked changes with their authors, comments. Plain Python (zipfile, lxml); no Zope.

``read_document(data, limits=DEFAULT_LIMITS)`` returns a ``WordDocument``; a file it cannot
read safely raises ``WordFileError(code, mapping)`` with a code of ``wordbody.reasons``.
.wps and .odt files are made .docx by LibreOffice in the workers first (``wordbody.office``).

Safety: the ZIP directory is read first (member count; declared sizes and compression ratio
by the conversion's own rule, ``conversion.preflight.check_zip``),
then every part is read with a byte cap whatever its header claims; XML is parsed by lxml
without DTDs, entities or network, and a part declaring a DOCTYPE is refused; the text, the
number of blocks and the pictures are bounded. Pictures are kept only when their bytes are
PNG, JPEG, GIF or BMP and under the cap; any other (EMF, WMF, TIFF, too large) is a picture
block without bytes and with a ``note``.

Headings. A paragraph is a heading when its style (through ``basedOn``) or its own
properties give an outline level (Word's 标题 1–4 / Heading 1–4), or when its text — with its
numbering label — begins with one of the four numbers of GB/T 9704-2012 7.3.3 (「一、」,
「（一）」, 「1.」, 「（1）」) and is short (a heading line, not a paragraph that happens to
start with a number). The level is the one that number says (一、 → 1, （一） → 2, 1. → 3,
（1） → 4), else the outline level (capped at 4): in a 公文 the number, not the style, tells
the level.

Numbering labels are computed as Word does: ``numbering.xml``'s abstract list and level of the
paragraph (its own ``numPr`` or its style's), counters per list (per ``w:num`` when it
overrides a start value), lower levels restarting after a higher one (``lvlRestart``), the
level text with ``%1``…``%9`` in each level's number format (chineseCounting 「一」,
decimal, ideographTraditional 「甲」, …; all decimal under ``isLgl``).

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
import zipfile
import zlib
from dataclasses import dataclass
from dataclasses import field
from posixpath import dirname
from posixpath import join
from posixpath import normpath

from lxml import etree

from collective.gongwen.content import filetypes
from collective.gongwen.conversion import preflight

MB = 1024 * 1024

DEFAULT_LIMITS = {
    "max_members": 2000,  # ZIP members
    "max_unzipped_bytes": 200 * MB,  # all members together, as read
    "max_part_bytes": 64 * MB,  # one XML part
    "max_zip_ratio": 100,  # judged on archives expanding beyond ``zip_ratio_min_bytes``
    "zip_ratio_min_bytes": 10 * MB,
    "max_text_chars": 2_000_000,  # about 1,500 pages of 三号 text
    "max_blocks": 50_000,
    "max_image_bytes": 5 * MB,  # one picture kept with its bytes
    "max_images_bytes": 30 * MB,  # all pictures kept with their bytes
    "max_changes": 100_000,
}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPES = {
    "officeDocument": "/officeDocument",
    "styles": "/styles",
    "numbering": "/numbering",
    "comments": "/comments",
    "image": "/image",
}
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata")
# Word's "Strict Open XML" files name the same elements in other namespaces.
STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", A.encode()),
)
EMU_PER_PIXEL = 9525
MAX_LEVEL = 4

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

# GB/T 9704-2012 7.3.3: the four levels of numbers in a 公文's text.
CHINESE_NUMBER = "〇零一二三四五六七八九十百千两"
HEADING_PATTERNS = (
    (1, re.compile(rf"^[{CHINESE_NUMBER}]+、")),
    (2, re.compile(rf"^[（(][{CHINESE_NUMBER}]+[）)]")),
    (3, re.compile(r"^[0-9０-９]+[.．、](?![0-9０-９])")),
    (4, re.compile(r"^[（(][0-9０-９]+[）)]")),
)
HEADING_MAX_CHARS = 60  # longer than a heading line: a paragraph that starts with a number
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


class WordFileError(Exception):
    """The file cannot be read safely; ``code`` (``wordbody.reasons``) and its ``mapping``."""

    def __init__(self, code, mapping=None):
        super().__init__(code, mapping or {})
        self.code = code
        self.mapping = mapping or {}


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


def heading_level_of_text(value):
    """The GB/T 9704 heading level (1–4) the start of ``value`` says, or 0."""
    value = (value or "").lstrip(" \u3000\t")
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(value):
            return level
    return 0


# Reading the package.


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


class Archive:
    """A ZIP (bytes) read safely: its directory bounded (members, declared sizes, compression
    ratio), every member read with a cap whatever its header says, XML without DTDs.
    ``limits`` as ``DEFAULT_LIMITS``; raises ``WordFileError``."""

    def __init__(self, data, limits=DEFAULT_LIMITS):
        limits = {**DEFAULT_LIMITS, **(limits or {})}
        self.limits = limits
        self.read_bytes = 0
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise WordFileError("corrupt", {"detail": "压缩结构损坏"}) from error
        if len(infos) > limits["max_members"]:
            raise WordFileError("corrupt", {"detail": f"包含 {len(infos)} 个部件，远超正常文档"})
        bomb = preflight.check_zip(io.BytesIO(data), limits)  # the conversion's own rule
        if bomb is not None:
            raise WordFileError(*bomb)
        self.names = {info.filename for info in infos}

    def raw(self, name, cap):
        """The bytes of member ``name``, refused beyond ``cap`` whatever its header says."""
        try:
            with self.archive.open(name) as member:
                data = member.read(cap + 1)
        except KeyError as error:
            raise WordFileError("corrupt", {"detail": f"缺少 {name}"}) from error
        except NotImplementedError as error:  # a compression method zipfile lacks
            detail = f"{name} 的压缩方式无法读取"
            raise WordFileError("corrupt", {"detail": detail}) from error
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
            detail = f"{name} 无法解压（{str(error)[:80] or type(error).__name__}）"
            raise WordFileError("corrupt", {"detail": detail}) from error
        self.read_bytes += len(data)
        if len(data) > cap or self.read_bytes > self.limits["max_unzipped_bytes"]:
            raise WordFileError(
                "zip_bomb", {"size": f"{preflight.human_size(self.read_bytes)} 以上"}
            )
        return data

    def xml(self, name, required=False):
        """The parsed XML part ``name`` (None if absent and not ``required``)."""
        if name not in self.names:
            if required:
                raise WordFileError("corrupt", {"detail": f"缺少 {name}"})
            return None
        return parse_xml(self.raw(name, self.limits["max_part_bytes"]), name)


class Package(Archive):
    """A .docx package: ``has_macros``, its ``main`` part (present) and that part's
    ``relationships`` (internal targets only: a linked file is never fetched). A Strict Open
    XML file is read as the transitional one it is equivalent to."""

    def raw(self, name, cap):
        data = super().raw(name, cap)
        if name.endswith((".xml", ".rels")) and b"purl.oclc.org/ooxml" in data:
            for strict, transitional in STRICT_NAMESPACES:
                data = data.replace(strict, transitional)
        return data

    def __init__(self, data, limits=DEFAULT_LIMITS):
        super().__init__(data, limits)
        lowered = {name.lower() for name in self.names}
        content_types = self.xml("[Content_Types].xml", required=True)
        kinds = " ".join(
            (element.get("ContentType") or "").lower() for element in content_types.iter()
        )
        self.has_macros = any(name.endswith("vbaproject.bin") for name in lowered) or any(
            marker in kinds for marker in MACRO_CONTENT_TYPES
        )
        self.main = "word/document.xml"
        for rel_type, target in self._relationships("").values():
            if rel_type.endswith(REL_TYPES["officeDocument"]):
                self.main = target
                break
        if self.main not in self.names:
            raise WordFileError("corrupt", {"detail": f"缺少 {self.main}"})
        self.relationships = self._relationships(self.main)

    def _relationships(self, part):
        folder, base = dirname(part), part.rsplit("/", 1)[-1]
        rels = self.xml(join(folder, "_rels", f"{base}.rels"))
        found = {}
        if rels is None:
            return found
        for element in rels.iter(f"{{{PACKAGE_RELS}}}Relationship"):
            if element.get("TargetMode") == "External":
                continue  # a linked file: never fetched
            target = normpath(join(folder, element.get("Target") or "")).lstrip("/")
            found[element.get("Id")] = (element.get("Type") or "", target)
        return found

    def target_of(self, kind):
        """The target of the main part's first relationship of ``kind``, or None."""
        suffix = REL_TYPES[kind]
        for rel_type, target in self.relationships.values():
            if rel_type.endswith(suffix):
                return target
        return None

    def image(self, rid):
        """(bytes or None, content type, note) of the picture of relationship ``rid``."""
        rel_type, target = self.relationships.get(rid, ("", ""))
        if not rel_type.endswith("/image") or target not in self.names:
            return None, "", "图片缺失"
        size = self.archive.getinfo(target).file_size
        if size > self.limits["max_image_bytes"]:
            return None, "", f"图片过大（{preflight.human_size(size)}）"
        data = self.raw(target, self.limits["max_image_bytes"])
        for signature, content_type in IMAGE_SIGNATURES:
            if data.startswith(signature):
                return data, content_type, ""
        return None, "", f"{picture_format(data, target)} 格式的图片无法显示"


def picture_format(data, name):
    """The name of a picture format that is not kept (EMF, WMF, TIFF, SVG), by its bytes, else
    by the part's extension."""
    if data[40:44] == b" EMF":
        return "EMF"
    if data[:4] in (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00"):
        return "WMF"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if b"<svg" in data[:1024]:
        return "SVG"
    extension = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
    return extension.upper()[:8] if extension.isalnum() else "未知"


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data, name):
    """The root element of the XML ``data`` (part ``name``); a DOCTYPE or entity is refused."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<\x00!\x00D" in head:
        raise WordFileError("xml_dtd", {"part": name})
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        detail = f"{name} 格式错误（{str(error)[:80]}）"
        raise WordFileError("corrupt", {"detail": detail}) from error
    if root.getroottree().docinfo.doctype:
        raise WordFileError("xml_dtd", {"part": name})
    return root


def w(name):
    return f"{{{W}}}{name}"


def _val(element, name="val"):
    return element.get(w(name)) if element is not None else None


def _local(element):
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _on(element):
    """True for a toggle property present and not switched off (``w:val="0"``/``false``)."""
    return element is not None and (_val(element) or "true").lower() not in ("0", "false", "off")


# Styles and numbering.


class _Styles:
    """Paragraph (and numbering) styles: outline level, numbering, alignment, through
    ``basedOn``."""

    def __init__(self, root):
        self.styles = {}
        self.default = None
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId")) or ""
            self.styles[style_id] = style  # numbering styles too: lists link to them
            paragraph = style.get(w("type")) in (None, "paragraph")
            if paragraph and style.get(w("default")) in ("1", "true", "on"):
                self.default = style_id

    def _chain(self, style_id):
        seen = set()
        style_id = style_id or self.default
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = _val(self.styles[style_id].find(w("basedOn")))

    def outline_level(self, style_id):
        """The heading level (1–9) the style gives, or 0."""
        for style in self._chain(style_id):
            outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if outline is not None:
                value = _int(_val(outline), 9)
                return value + 1 if value < 9 else 0
            name = (_val(style.find(w("name"))) or "").lower().replace(" ", "")
            match = re.fullmatch(r"(?:heading|标题)([1-9])", name) or re.fullmatch(
                r"heading([1-9])", (style.get(w("styleId")) or "").lower()
            )
            if match:
                return int(match.group(1))
        return 0

    def numbering(self, style_id):
        """(numId, ilvl) the style gives, or None."""
        for style in self._chain(style_id):
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(w("numId")))
                return num_id, _int(_val(num_pr.find(w("ilvl"))), 0)
        return None

    def align(self, style_id):
        for style in self._chain(style_id):
            jc = style.find(f"{w('pPr')}/{w('jc')}")
            if jc is not None:
                return _val(jc)
        return None


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None
    legal: bool = False


class _Numbering:
    """Numbering labels, computed paragraph by paragraph as Word counts them."""

    def __init__(self, root, styles):
        self.abstract = {}
        self.nums = {}
        self.counters = {}
        self.alias = {}  # a list defined by a numbering style → the style's list
        if root is None:
            return
        links = {}
        for abstract in root.iter(w("abstractNum")):
            key = abstract.get(w("abstractNumId"))
            self.abstract[key] = {
                _int(lvl.get(w("ilvl")), 0): self._level(lvl) for lvl in abstract.iter(w("lvl"))
            }
            link = _val(abstract.find(w("numStyleLink")))
            if link:
                links[key] = link
        for num in root.iter(w("num")):
            abstract_id = _val(num.find(w("abstractNumId")))
            starts = {}
            for override in num.iter(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")), 0)
                start = override.find(w("startOverride"))
                if start is not None:
                    starts[ilvl] = _int(_val(start), 1)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    starts.setdefault(ilvl, self._level(lvl).start)
            self.nums[num.get(w("numId"))] = (abstract_id, starts)
        # A list defined by a numbering style: its levels are those of the style's list.
        for key, link in links.items():
            found = styles.numbering(link)
            target = self.nums.get(found[0], (None, {}))[0] if found else None
            if target in self.abstract and target != key:
                self.abstract[key] = self.abstract[target]
                self.alias[key] = target

    @staticmethod
    def _level(lvl):
        restart = lvl.find(w("lvlRestart"))
        return _Level(
            fmt=_val(lvl.find(w("numFmt"))) or "decimal",
            text=_val(lvl.find(w("lvlText"))) or "",
            start=_int(_val(lvl.find(w("start"))), 1),
            restart=_int(_val(restart), 0) if restart is not None else None,
            legal=_on(lvl.find(w("isLgl"))),
        )

    def label(self, num_id, ilvl):
        """The label of the next paragraph of list ``num_id`` at level ``ilvl``; counts it."""
        if num_id in (None, "0") or num_id not in self.nums:
            return ""
        abstract_id, starts = self.nums[num_id]
        abstract_id = self.alias.get(abstract_id, abstract_id)
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        key = ("num", num_id) if starts else ("abstract", abstract_id)
        counters = self.counters.setdefault(key, {})

        def start_of(level):
            return starts.get(level, levels[level].start if level in levels else 1)

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [level for level in counters if level > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl + 1 <= restart):
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "none":
            return ""

        def number(match):
            referenced = int(match.group(1)) - 1
            value = counters.get(referenced, start_of(referenced))
            fmt = levels[referenced].fmt if referenced in levels else "decimal"
            if level.legal and referenced != ilvl:
                fmt = "decimal"
            return format_number(value, fmt)

        if level.fmt == "bullet":
            return level.text
        return re.sub(r"%([1-9])", number, level.text)


DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def chinese_count(value, digits=DIGITS, units="十百千万", zero="零"):
    """``value`` in Chinese counting: 一, 十, 十一, 二十, 一百零五, 一千零一."""
    if value <= 0:
        return digits[0]
    if value >= 100_000:
        return str(value)
    parts = []
    text = str(value)
    length = len(text)
    skipped = False
    for position, digit in enumerate(text):
        place = length - position - 1
        number = int(digit)
        if number == 0:
            skipped = True
            continue
        if skipped and parts:
            parts.append(zero)
        skipped = False
        unit = units[place - 1] if place else ""
        if not (number == 1 and place == 1 and position == 0 and digits is DIGITS):
            parts.append(digits[number])
        parts.append(unit)
    return "".join(parts)


def format_number(value, fmt):
    """``value`` written in the OOXML number format ``fmt`` (decimal when unknown)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return chinese_count(value)
    if fmt in ("chineseLegalSimplified",):
        return chinese_count(value, LEGAL_DIGITS, "拾佰仟万")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(DIGITS[int(digit)] for digit in str(value))
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return EARTHLY_BRANCHES[(value - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return CIRCLED[value - 1]
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return PARENTHESISED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(digit)) for digit in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(value)


def _roman(value):
    if not 0 < value < 4000:
        return str(value)
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out += numeral
            value -= number
    return out


# The body.


class _Reader:
    def __init__(self, package, limits):
        self.package = package
        self.limits = limits
        self.document = WordDocument(has_macros=package.has_macros)
        self.text_chars = 0
        self.image_bytes = 0
        self.open_change = None  # (runs list, its length, kind, author, date) of the last one
        styles_part = package.target_of("styles")
        self.styles = _Styles(package.xml(styles_part) if styles_part else None)
        numbering_part = package.target_of("numbering")
        self.numbering = _Numbering(
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
            name = _local(element)
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
        if _local(element) == "tbl":
            self._table(element)
        else:
            self._paragraph(element)

    # Paragraphs.

    def _paragraph(self, element):
        ppr = element.find(w("pPr"))
        style_id = _val(ppr.find(w("pStyle"))) if ppr is not None else None
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
            found = (_val(num_pr.find(w("numId"))), _int(_val(num_pr.find(w("ilvl"))), 0))
        elif num_pr is not None:
            base = self.styles.numbering(style_id)
            if base:
                found = (base[0], _int(_val(num_pr.find(w("ilvl"))), base[1]))
        else:
            found = self.styles.numbering(style_id)
        return self.numbering.label(*found) if found else ""

    def _level(self, ppr, style_id, text):
        outline = ppr.find(w("outlineLvl")) if ppr is not None else None
        if outline is not None:
            value = _int(_val(outline), 9)
            outline_level = value + 1 if value < 9 else 0
        else:
            outline_level = self.styles.outline_level(style_id)
        by_text = heading_level_of_text(text)
        if by_text and (outline_level or len(normalise(text)) <= HEADING_MAX_CHARS):
            return by_text
        return min(outline_level, MAX_LEVEL)

    def _align(self, ppr, style_id):
        jc = ppr.find(w("jc")) if ppr is not None else None
        value = _val(jc) if jc is not None else self.styles.align(style_id)
        return {"center": "center", "right": "right", "end": "right"}.get(value or "", "")

    def _property_changes(self, ppr, runs):
        if ppr is None:
            return
        for element in ppr.iter():
            # the paragraph mark's own look (pPr/rPr/rPrChange) is no visible change
            if _local(element) in PROPERTY_CHANGES and _local(element) != "rPrChange":
                self._change("format", element, runs_text(runs) or "（段落格式）")

    def _runs(self, container, runs, pictures, extra, change):
        """Collect the runs of ``container``; ``change`` is the enclosing (kind, element)."""
        for element in container:
            name = _local(element)
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
        bold = rpr is not None and _on(rpr.find(w("b")))
        format_change = rpr.find(w("rPrChange")) if rpr is not None else None
        parts = []
        for child in element:
            name = _local(child)
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
            cx, cy = _int(extent.get("cx"), 0), _int(extent.get("cy"), 0)
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
                span = _int(_val(tcpr.find(w("gridSpan"))) if tcpr is not None else None, 1)
                cells.append(cell_runs)
                widths.append(max(1, min(span, 64)))
            if trpr is not None:
                for kind in ("ins", "del"):
                    marked = trpr.find(w(kind))
                    if marked is not None:
                        self._change(kind, marked, TABLE_ROW[kind])
                for changed in trpr:
                    if _local(changed) == "trPrChange":
                        self._change("format", changed, "（表格行格式）")
            rows.append(cells)
            spans.append(widths)
        tblpr = element.find(w("tblPr"))
        if tblpr is not None:
            for changed in tblpr:
                if _local(changed) in PROPERTY_CHANGES:
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
        while parent is not None and parent is not element and _local(parent) != "txbxContent":
            parent = parent.getparent()
        if parent is element or parent is None:
            blocks += [child for child in box if _local(child) in ("p", "tbl")]
    return blocks


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and _local(parent) != "tbl":
        parent = parent.getparent()
    return parent
