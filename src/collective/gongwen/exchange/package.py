"""The exchange package of a 发文 (R-X3): a ZIP for recipients outside the portal.

This module owns the package format, in plain Python (no Zope, no Plone):
``build_package`` writes it and ``read_package`` reads it back, refusing
broken or hostile packages with a ``PackageError`` whose ``code`` names the
problem (the Plone side, ``exchange/receive.py``, turns the code into a
Chinese message). The layout::

    metadata.xml           元数据, element names after GB/T 33480-2016
    files/1-<name>.pdf     the 正式文件 (typeset PDF), exactly one
    files/2-<name>         the 附件, in order

``metadata.xml`` lists every file with its path, role, size and SHA-256.
The element names and their fields are documented in
``docs/exchange-package.rst``. 文种, 紧急程度 and 密级 travel as their Chinese
titles and come back as our tokens (the term lists of
``content/vocabularies.py``, plain data).
"""

import dataclasses
import datetime
import hashlib
import io
import re
import stat
import xml.etree.ElementTree as ET
import zipfile
import zlib

from collective.gongwen.content import bounds
from collective.gongwen.content import times
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.filetypes import type_problem
from collective.gongwen.content.vocabularies import CLASSIFICATIONS
from collective.gongwen.content.vocabularies import DOC_KINDS
from collective.gongwen.content.vocabularies import URGENCIES

METADATA_NAME = "metadata.xml"
FILES_DIR = "files/"
OFFICIAL = "official"
ATTACHMENT = "attachment"
STANDARD = "GB/T 33480-2016"
FORMAT_VERSION = "1"
MB = 1024 * 1024

ROOT = "电子公文"
METADATA = "公文元数据"
FILE_LIST = "文件清单"
FILE = "文件"
ORGAN = "机关"
NOTE_ITEM = "附件名称"
ROLE_TITLES = {OFFICIAL: "正式文件", ATTACHMENT: "附件"}

# (element, key, kind): the metadata elements in the order they are written.
ELEMENTS = (
    ("文种", "doc_kind", "doc_kind"),
    ("密级", "classification", "classification"),
    ("紧急程度", "urgency", "urgency"),
    ("发文机关", "issuer", "text"),
    ("发文字号", "issue_number", "text"),
    ("签发人", "signer", "text"),
    ("标题", "title", "text"),
    ("主送机关", "main_recipients", "organs"),
    ("附件说明", "attachment_note", "notes"),
    ("成文日期", "written_date", "date"),
    ("抄送机关", "cc_recipients", "organs"),
    ("印发机关", "printing_organ", "text"),
    ("印发日期", "printed_date", "date"),
    ("份数", "copies", "int"),
    ("办理时限", "deadline", "date"),
)
REQUIRED = ("标题", "发文机关", "发文字号")
LIST_KINDS = {"organs": ORGAN, "notes": NOTE_ITEM}

# Titles other systems may write for our terms (GB/T 9704 writes 命令 or 令).
_ALIASES = {"命令": "order", "令": "order", "命令（令）": "order", "": None}


@dataclasses.dataclass(frozen=True)
class Limits:
    """What a package may hold; anything beyond is refused before it is unpacked."""

    max_members: int = 100
    max_file_bytes: int = 100 * MB
    max_total_bytes: int = 200 * MB
    max_metadata_bytes: int = 1 * MB
    # Uncompressed/compressed above this is a zip bomb, for members over ratio_floor bytes.
    max_ratio: int = 100
    ratio_floor: int = 1 * MB
    # R-SEC5: the metadata's fields are bounded like the 收文 fields they fill
    fields: bounds.Limits = bounds.DEFAULT_LIMITS
    # Members of these (base) names are metadata, bounded by ``max_metadata_bytes``.
    metadata_names: frozenset = frozenset({METADATA_NAME})

    def member_limit(self, name):
        """The most bytes member ``name`` may hold: metadata is small, files are larger."""
        is_metadata = name.rsplit("/", 1)[-1] in self.metadata_names
        return self.max_metadata_bytes if is_metadata else self.max_file_bytes


DEFAULT_LIMITS = Limits()


class PackageError(ValueError):
    """A package refused: ``code`` names the problem, ``mapping`` its details.

    ``exchange.receive.PACKAGE_MESSAGES`` holds the Chinese message of each code.
    """

    def __init__(self, code, **mapping):
        super().__init__(code, mapping)
        self.code = code
        self.mapping = mapping


# --- writing ----------------------------------------------------------------


def safe_filename(name, default="file"):
    """``name`` as a bare file name: no folders, control or reserved characters, not too long."""
    return clean_filename(name, default)


def _title(table, token):
    return dict(table).get(token, token) if token else ""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = times.date_of(value)  # the date in the portal's zone (R-RUN2)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def plain_metadata(metadata):
    """``metadata`` with its dates as the text ``metadata.xml`` holds (JSON-able).

    ``build_package`` writes the result exactly as it writes ``metadata``:
    a worker is handed this and builds the same package.
    """
    return {
        key: _text(value) if isinstance(value, datetime.date) else value
        for key, value in metadata.items()
    }


def metadata_xml(metadata, entries):
    """The bytes of ``metadata.xml``: ``metadata`` and the file ``entries`` (dicts)."""
    root = ET.Element(ROOT, {"规范": STANDARD, "版本": FORMAT_VERSION})
    meta = ET.SubElement(root, METADATA)
    titles = {
        "doc_kind": DOC_KINDS,
        "classification": CLASSIFICATIONS,
        "urgency": URGENCIES,
    }
    for element, key, kind in ELEMENTS:
        value = metadata.get(key)
        node = ET.SubElement(meta, element)
        if kind in titles:
            node.text = _title(titles[kind], value)
        elif kind in LIST_KINDS:
            for item in value or ():
                ET.SubElement(node, LIST_KINDS[kind]).text = _text(item)
        else:
            node.text = _text(value)
    listing = ET.SubElement(root, FILE_LIST)
    for entry in entries:
        ET.SubElement(
            listing,
            FILE,
            {
                "路径": entry["path"],
                "类别": ROLE_TITLES[entry["role"]],
                "文件名": entry["filename"],
                "大小": str(entry["size"]),
                "校验算法": "SHA-256",
                "校验值": entry["sha256"],
            },
        )
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def build_package(metadata, files):
    """The ZIP bytes of the package of ``metadata`` and ``files`` (``[(role, filename, data)]``).

    Exactly one file must be the ``"official"`` PDF; the others are ``"attachment"``.
    """
    officials = [f for f in files if f[0] == OFFICIAL]
    if len(officials) != 1:
        raise PackageError("no_official" if not officials else "several_official")
    ordered = officials + [f for f in files if f[0] != OFFICIAL]
    entries, members = [], []
    for number, (role, filename, data) in enumerate(ordered, start=1):
        if role not in ROLE_TITLES:
            raise PackageError("bad_value", element="类别", value=role)
        name = safe_filename(filename)
        path = f"{FILES_DIR}{number}-{name}"
        entries.append(
            {
                "path": path,
                "role": role,
                "filename": name,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        members.append((path, data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(METADATA_NAME, metadata_xml(metadata, entries))
        for path, data in members:
            archive.writestr(path, data)
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------


_DRIVE = re.compile(r"^[A-Za-z]:")
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\ufeff?<\?xml[^>]*\?>")


def unsafe_member_name(name):
    """True if the member ``name`` could land outside the folder it is unpacked in."""
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or bool(_DRIVE.match(name))
        or any(part in ("..", ".") for part in name.split("/"))
        or "//" in name
    )


def _is_symlink(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def check_members(archive, limits):
    """The file members of ``archive`` by name, after the checks that need no unpacking.

    Also used for the archive's transfer packages (``archive.transfer``).
    """
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise PackageError("too_many_members", count=len(infos), limit=limits.max_members)
    members, total = {}, 0
    for info in infos:
        name = info.filename
        if unsafe_member_name(name):
            raise PackageError("unsafe_name", name=name)
        if _is_symlink(info):
            raise PackageError("symlink", name=name)
        if info.flag_bits & 0x1:
            raise PackageError("encrypted", name=name)
        if info.is_dir():
            continue
        if name in members:
            raise PackageError("duplicate_member", name=name)
        _check_size(name, info.file_size, info.compress_size, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackageError(
                "package_too_large", size=format_mb(total), limit=format_mb(limits.max_total_bytes)
            )
        members[name] = info
    return members


def format_mb(size):
    """``size`` bytes as MB with one decimal, e.g. ``60.5 MB``."""
    return f"{size / MB:.1f} MB"


def _check_size(name, size, compressed, limits):
    limit = limits.member_limit(name)
    if size > limit:
        raise PackageError(
            "file_too_large", name=name, size=format_mb(size), limit=format_mb(limit)
        )
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise PackageError("compression_ratio", name=name, ratio=size // max(compressed, 1))


def read_member(archive, info, limits):
    """The bytes of ``info``, counted while unpacking: the header's size may lie."""
    limit = min(info.file_size, limits.member_limit(info.filename))
    chunks, read = [], 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(64 * 1024)
                if not chunk:
                    break
                read += len(chunk)
                if read > limit:
                    raise PackageError("size_mismatch", name=info.filename)
                chunks.append(chunk)
    except PackageError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        # a bad CRC, a truncated stream, a name differing from its local header …
        raise PackageError("corrupt_member", name=info.filename) from error
    if read != info.file_size:
        raise PackageError("size_mismatch", name=info.filename)
    return b"".join(chunks)


def parse_metadata_xml(data, root_tag=ROOT):
    """The root element of ``metadata.xml`` (or any package XML whose root is ``root_tag``);
    no DTD, no entities (XXE, billion laughs).

    The text is decoded first and handed to expat as text, so the check for
    declarations sees exactly what the parser reads, whatever encoding the
    XML declaration claims.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError("bad_xml", detail="不是 UTF-8 编码") from error
    if _DECLARATION.search(text):
        raise PackageError("xml_doctype")
    try:
        root = ET.fromstring(_XML_DECLARATION.sub("", text, count=1))
    except ET.ParseError as error:
        raise PackageError("bad_xml", detail=str(error)) from error
    if root.tag != root_tag:
        raise PackageError("missing_element", element=root_tag)
    return root


def _token(table, element, value):
    value = (value or "").strip()
    if value in _ALIASES:
        return _ALIASES[value]
    for token, title in table:
        if value in (title, token):
            return token
    raise PackageError("bad_value", element=element, value=value)


def _date(element, value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise PackageError("bad_value", element=element, value=value) from error


def _int(element, value):
    value = (value or "").strip()
    if not value:
        return None
    # ASCII digits only, and few enough for int(); the range is ``check_bounds``'s
    if not re.fullmatch(r"[0-9]{1,18}", value):
        raise PackageError("bad_value", element=element, value=value[:50])
    return int(value)


# R-SEC5: the bound of each metadata element (as the 收文 field it fills is bounded).
ELEMENT_BOUNDS = {
    "issuer": bounds.FIELD_BOUNDS["source_organ"],
    "issue_number": bounds.FIELD_BOUNDS["source_number"],
    "signer": bounds.FIELD_BOUNDS["signer"],
    "title": bounds.TITLE,
    "main_recipients": bounds.FIELD_BOUNDS["main_recipients"],
    "attachment_note": bounds.FIELD_BOUNDS["attachment_note"],
    "cc_recipients": bounds.FIELD_BOUNDS["cc_recipients"],
    "printing_organ": bounds.FIELD_BOUNDS["printing_organ"],
    "copies": bounds.FIELD_BOUNDS["copies"],
    "written_date": bounds.YEAR,
    "printed_date": bounds.YEAR,
    "deadline": bounds.YEAR,
}


def check_bounds(metadata, limits=bounds.DEFAULT_LIMITS):
    """R-SEC5: ``PackageError("over_bound")`` naming the first element over its bound."""
    for element, key, _kind in ELEMENTS:
        bound = ELEMENT_BOUNDS.get(key)
        problem = bound and bounds.bound_problem(bound, metadata.get(key), element, limits)
        if problem:
            raise PackageError("over_bound", problem=problem)


def metadata_from_xml(root, limits=bounds.DEFAULT_LIMITS):
    """The metadata dict (our keys and tokens) of the parsed ``metadata.xml``.

    ``limits`` are the bounds of its fields (R-SEC5), checked before it is returned.
    """
    meta = root.find(METADATA)
    if meta is None:
        raise PackageError("missing_element", element=METADATA)
    tables = {"doc_kind": DOC_KINDS, "classification": CLASSIFICATIONS, "urgency": URGENCIES}
    metadata = {}
    for element, key, kind in ELEMENTS:
        node = meta.find(element)
        text = (node.text or "").strip() if node is not None else ""
        if element in REQUIRED and not text:
            raise PackageError("missing_element", element=element)
        if kind in tables:
            metadata[key] = _token(tables[kind], element, text)
        elif kind in LIST_KINDS:
            items = node.findall(LIST_KINDS[kind]) if node is not None else []
            metadata[key] = [
                (item.text or "").strip() for item in items if (item.text or "").strip()
            ]
        elif kind == "date":
            metadata[key] = _date(element, text)
        elif kind == "int":
            metadata[key] = _int(element, text)
        else:
            metadata[key] = text
    if metadata["classification"] is None:
        metadata["classification"] = "none"
    if metadata["urgency"] is None:
        metadata["urgency"] = "normal"
    check_bounds(metadata, limits)
    return metadata


def listed_files(root):
    """The files ``metadata.xml`` lists: dicts of path, role, filename, size, sha256."""
    listing = root.find(FILE_LIST)
    entries = []
    roles = {title: role for role, title in ROLE_TITLES.items()}
    for node in listing.findall(FILE) if listing is not None else ():
        path = node.get("路径") or ""
        role = roles.get(node.get("类别") or "")
        if role is None:
            raise PackageError("bad_value", element="类别", value=node.get("类别") or "")
        size = node.get("大小") or ""
        if not size.isdigit():
            raise PackageError("bad_value", element="大小", value=size)
        digest = (node.get("校验值") or "").lower()
        if (node.get("校验算法") or "SHA-256").upper() != "SHA-256" or not re.fullmatch(
            r"[0-9a-f]{64}", digest
        ):
            raise PackageError("bad_value", element="校验值", value=digest)
        entries.append(
            {
                "path": path,
                "role": role,
                "filename": safe_filename(node.get("文件名") or path),
                "size": int(size),
                "sha256": digest,
            }
        )
    return entries


def read_package(data, limits=DEFAULT_LIMITS):
    """``(metadata, [(role, filename, bytes)])`` of the package ``data``, else ``PackageError``.

    Every check that needs no unpacking runs first (names, symlinks, counts,
    declared sizes, compression ratios); each member is then unpacked with
    its bytes counted and its SHA-256 compared with ``metadata.xml``'s.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise PackageError("not_zip") from error
    with archive:
        members = check_members(archive, limits)
        if METADATA_NAME not in members:
            raise PackageError("metadata_missing")
        root = parse_metadata_xml(read_member(archive, members[METADATA_NAME], limits))
        metadata = metadata_from_xml(root, limits.fields)
        entries = listed_files(root)
        listed = {entry["path"] for entry in entries}
        if len(listed) != len(entries):
            raise PackageError("duplicate_member", name=METADATA_NAME)
        for name in members:
            if name != METADATA_NAME and name not in listed:
                raise PackageError("member_unlisted", name=name)
        officials = [entry for entry in entries if entry["role"] == OFFICIAL]
        if not officials:
            raise PackageError("no_official")
        if len(officials) > 1:
            raise PackageError("several_official", count=len(officials))
        files = []
        for entry in officials + [e for e in entries if e["role"] != OFFICIAL]:
            info = members.get(entry["path"])
            if info is None:
                raise PackageError("file_missing", name=entry["path"])
            if info.file_size != entry["size"]:
                raise PackageError("size_mismatch", name=entry["path"])
            content = read_member(archive, info, limits)
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise PackageError("checksum_mismatch", name=entry["filename"])
            # R-SEC5: typed by content like any upload, before anything is stored
            problem = type_problem(io.BytesIO(content), entry["filename"])
            if problem is not None:
                code, mapping = problem
                raise PackageError(f"file_type_{code}", **mapping)
            files.append((entry["role"], entry["filename"], content))
    return metadata, files
