"""The .docx package of a Word 正文 read safely (R-D6): the ZIP, its XML parts, the main
part's relationships and pictures. Plain Python (zipfile, lxml); no Zope.

``Archive`` is any ZIP read safely, ``Package`` a .docx on it; both raise
``WordFileError(code, mapping)`` with a code of ``wordbody.reasons``. ``wordbody.docx`` reads
the body through a ``Package``; ``wordbody.filecheck`` checks an upload with them.

Safety: the ZIP directory is read first (member count; declared sizes and compression ratio
by the conversion's own rule, ``conversion.preflight.check_zip``),
then every part is read with a byte cap whatever its header claims; XML is parsed by lxml
without DTDs, entities or network, and a part declaring a DOCTYPE is refused. Pictures are
kept only when their bytes are PNG, JPEG, GIF or BMP and under the cap; any other (EMF, WMF,
TIFF, too large) is named by ``picture_format`` instead. A Strict Open XML file is read as
the transitional one it is equivalent to.

Also the WordprocessingML names every reader of the parts uses: the namespaces, ``w(name)``
and the attribute and toggle helpers (``val``, ``local_name``, ``is_on``, ``as_int``).
"""

import io
import zipfile
import zlib
from posixpath import dirname
from posixpath import join
from posixpath import normpath

from lxml import etree

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
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


class WordFileError(Exception):
    """The file cannot be read safely; ``code`` (``wordbody.reasons``) and its ``mapping``."""

    def __init__(self, code, mapping=None):
        super().__init__(code, mapping or {})
        self.code = code
        self.mapping = mapping or {}


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


# WordprocessingML names, for every reader of the parts.


def w(name):
    """The qualified name of the WordprocessingML element or attribute ``name``."""
    return f"{{{W}}}{name}"


def val(element, name="val"):
    """The ``w:val`` (or ``w:<name>``) attribute of ``element``, None without ``element``."""
    return element.get(w(name)) if element is not None else None


def local_name(element):
    """The tag of ``element`` without its namespace ("" for a comment or PI)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_on(element):
    """True for a toggle property present and not switched off (``w:val="0"``/``false``)."""
    return element is not None and (val(element) or "true").lower() not in ("0", "false", "off")


def as_int(value, default):
    """``value`` as an int, else ``default``."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
