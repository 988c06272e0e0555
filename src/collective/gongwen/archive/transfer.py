"""移交: the transfer package of one unit's archived year, and its verification (R-R3).

Plain Python (no Zope): this module owns the package format. ``write_package`` writes it
from files on disk (the worker fetched them); ``verify_package`` reads one back and refuses
a broken or hostile package with a ``PackageError`` whose ``code`` names the problem and
whose mapping names the file or item (``refusal_message`` gives the Chinese words). The
layout, documented in ``docs/transfer-package.rst``::

    index.xml                       移交清单: 全宗, 年度, one line per item (档号, 件号, 题名 …),
                                    and one per item of the year destroyed under the 销毁清册
                                    (已销毁: 档号, 件号), whose 件号 are no gap
    manifest.xml                    校验清单: every other member with its size, SHA-256 and SM3
    manifest.sum                    the SHA-256 and SM3 of manifest.xml (the package's checksum)
    <档号>/metadata.xml             the item's metadata, element names after DA/T 46-2009 and
                                    GB/T 33480-2016, its 归档信息 and its files' 电子属性
    <档号>/NN-<文件名>              its files as archived: 正式文件, 处理单, 来文原件, 附件 (every
                                    version), with their 归档 hashes
    <档号>/NN-<文件名>.pdfa.pdf     a PDF/A-2b rendition beside a PDF, where one could be made

The ZIP-level checks (names, symlinks, encryption, sizes, compression ratio, counts,
sizes counted while unpacking) and the safe XML parser are the exchange package's
(``exchange.package``), with the bounds of a year's package (``LIMITS``).
"""

import dataclasses
import datetime
import os
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib

from zope.i18nmessageid import Message

from collective.gongwen import _
from collective.gongwen.archive import checks
from collective.gongwen.archive import fixity
from collective.gongwen.archive import rules
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.vocabularies import TERM_LISTS
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.exchange.package import Limits
from collective.gongwen.exchange.package import PackageError
from collective.gongwen.exchange.package import check_members
from collective.gongwen.exchange.package import parse_metadata_xml
from collective.gongwen.exchange.package import read_member

MB = 1024 * 1024
FORMAT_VERSION = "1"
INDEX_NAME = "index.xml"
MANIFEST_NAME = "manifest.xml"
CHECKSUM_NAME = "manifest.sum"
ITEM_METADATA = "metadata.xml"
RENDITION_SUFFIX = ".pdfa.pdf"
RENDITION_FORMAT = "PDF/A-2b"
PACKAGE_FILES = (INDEX_NAME, MANIFEST_NAME, CHECKSUM_NAME)

INDEX_ROOT = "移交清单"
DESTROYED_ELEMENT = "已销毁"  # index.xml: an item of the year destroyed under the 销毁清册
ITEM_ROOT = "文书类电子文件元数据"
MANIFEST_ROOT = "移交包校验清单"
STANDARDS = "DA/T 46-2009; GB/T 33480-2016; DA/T 22-2015; DA/T 70-2018"

ALGORITHMS = (("SHA-256", "sha256"), ("SM3", "sm3"))
_HEX = re.compile(r"^[0-9a-f]{64}$")

# A year's package: up to 10,000 items of a few files each, 20 GB.
LIMITS = Limits(
    max_members=100_000,
    max_file_bytes=500 * MB,
    max_total_bytes=20 * 1024 * MB,
    max_metadata_bytes=32 * MB,
    metadata_names=frozenset({INDEX_NAME, MANIFEST_NAME, CHECKSUM_NAME, ITEM_METADATA}),
)

# (element, key, required): the item's 内容描述 in the order written; values are text.
CONTENT_ELEMENTS = (
    ("收发类别", "kind", True),
    ("题名", "title", True),
    ("文号", "number", False),
    ("来文字号", "source_number", False),
    ("责任者", "responsible", True),
    ("日期", "date", True),
    ("文种", "doc_kind", False),
    ("紧急程度", "urgency", False),
    ("密级", "classification", True),
    ("行文方向", "direction", False),
)
# (element, key): the item's 档号 parts, all required.
CODE_ELEMENTS = (
    ("全宗号", "fonds_number"),
    ("门类代码", "category"),
    ("年度", "year"),
    ("保管期限", "retention"),
    ("机构或问题", "organ_code"),
    ("件号", "item_number"),
)
FILE_ELEMENTS = ("计算机文件名", "格式信息", "计算机文件大小")
# 收发类别: the kind of document (``checks``' kinds) as written.
KIND_TITLES = {"outgoing": "发文", "incoming": "收文"}


# --- hashes -----------------------------------------------------------------


def _digests(path=None, data=None):
    """``(size, sha256, sm3)`` of the file at ``path`` or of ``data`` (``archive.fixity``)."""
    found = fixity.file_digests(path) if path is not None else fixity.bytes_digests(data)
    return found["size"], found["sha256"], found["sm3"]


def checksum_text(manifest):
    """The bytes of ``manifest.sum``: the package's checksum, i.e. the digests of ``manifest``."""
    _size, sha, sm3 = _digests(data=manifest)
    return f"SHA-256 {sha}  {MANIFEST_NAME}\nSM3 {sm3}  {MANIFEST_NAME}\n".encode("ascii")


# --- writing ----------------------------------------------------------------


def package_filename(fonds_number, year):
    """The file name a package is downloaded as: ``移交包-<全宗号>-<年度>.zip``."""
    return clean_filename(f"移交包-{fonds_number}-{year}.zip", "transfer.zip")


def item_folder(archival_code):
    """The item's folder in the package: its 档号, checked (``ArchiveError`` if it is none)."""
    if rules.parse_archival_code(archival_code) is None:
        raise rules.ArchiveError(
            _(
                "transfer_bad_archival_code",
                default="「${code}」不是有效的档号。",
                mapping={"code": str(archival_code)[:60]},
            )
        )
    return archival_code


def member_name(folder, number, filename, version=None, rendition=False):
    """The path of an item's file: ``<档号>/NN-<name>``, ``-v<version>`` before the extension
    of an earlier version, ``.pdfa.pdf`` after a rendition's."""
    name = clean_filename(filename, "file")
    if version is not None:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem}-v{version}.{extension}" if dot and stem else f"{name}-v{version}"
    if rendition:
        name += RENDITION_SUFFIX
    return f"{folder}/{number:02d}-{name}"


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _xml_bytes(root):
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _digest_nodes(parent, entry):
    for label, key in ALGORITHMS:
        ET.SubElement(parent, "数字摘要", {"算法": label}).text = entry[key]


def item_metadata_xml(item, entries):
    """The bytes of an item's ``metadata.xml``.

    ``item``: ``archival_code``, ``fonds_title``, the keys of ``CODE_ELEMENTS`` and
    ``CONTENT_ELEMENTS`` (tokens for 文种, 紧急程度, 密级, 行文方向, 保管期限), ``organ_title``,
    ``pages``, ``archived_at``, ``archived_by``, ``report_id``, ``history`` (dicts: time,
    actor, action, text). ``entries``: the files as written (``PackageWriter.add_file``).
    """
    root = ET.Element(ITEM_ROOT, {"规范": STANDARDS, "版本": FORMAT_VERSION})
    ET.SubElement(root, "聚合层次").text = "件"
    source = ET.SubElement(root, "来源")
    ET.SubElement(source, "全宗名称").text = _text(item.get("fonds_title"))
    ET.SubElement(source, "立档单位名称").text = _text(item.get("fonds_title"))
    ET.SubElement(root, "档号").text = item["archival_code"]
    parts = ET.SubElement(root, "档号构成")
    for element, key in CODE_ELEMENTS:
        value = item.get(key)
        if key == "retention":
            value = title_of("retention", value)
        node = ET.SubElement(parts, element)
        node.text = _text(value)
        if key == "organ_code":
            node.set("名称", _text(item.get("organ_title")))
    content = ET.SubElement(root, "内容描述")
    for element, key, _required in CONTENT_ELEMENTS:
        value = item.get(key)
        if key in ("doc_kind", "urgency", "classification", "direction") and value:
            value = title_of(key, value)
        elif key == "kind":
            value = KIND_TITLES.get(value, value)
        ET.SubElement(content, element).text = _text(value)
    form = ET.SubElement(root, "形式特征")
    ET.SubElement(form, "文件组合类型").text = "单件"
    ET.SubElement(form, "件数").text = "1"
    ET.SubElement(form, "页数").text = _text(item.get("pages"))
    ET.SubElement(form, "语种").text = "汉语"
    filing = ET.SubElement(root, "归档信息")
    ET.SubElement(filing, "归档时间").text = _text(item.get("archived_at"))
    ET.SubElement(filing, "归档人").text = _text(item.get("archived_by"))
    ET.SubElement(filing, "四性检测报告").text = _text(item.get("report_id"))
    for step in item.get("history") or ():
        business = ET.SubElement(root, "业务实体")
        ET.SubElement(business, "业务行为").text = _text(step.get("action"))
        ET.SubElement(business, "行为时间").text = _text(step.get("time"))
        ET.SubElement(business, "机构人员名称").text = _text(step.get("actor"))
        ET.SubElement(business, "行为描述").text = _text(step.get("text"))
    files = ET.SubElement(root, "电子文件")
    for entry in entries:
        attributes = {"路径": entry["path"], "类别": title_of("file_role", entry["role"])}
        if entry.get("version") is not None:
            attributes["版本"] = str(entry["version"])
        if entry.get("rendition_of"):
            attributes["转换自"] = entry["rendition_of"]
        node = ET.SubElement(files, "文件", attributes)
        ET.SubElement(node, "计算机文件名").text = entry["filename"]
        ET.SubElement(node, "格式信息").text = entry["format"]
        ET.SubElement(node, "计算机文件大小").text = str(entry["size"])
        _digest_nodes(node, entry)
        if entry.get("note"):
            ET.SubElement(node, "备注").text = entry["note"]
    return _xml_bytes(root)


def index_xml(package, items):
    """The bytes of ``index.xml``: ``package`` (fonds_number, fonds_title, year, created,
    actor, and ``destroyed``: the year's items destroyed under the 销毁清册, each with
    archival_code, register_number, destroyed_at) and one line per item (archival_code,
    item_number, title, number, date, retention, organ_code, files)."""
    root = ET.Element(
        INDEX_ROOT,
        {
            "规范": STANDARDS,
            "版本": FORMAT_VERSION,
            "全宗号": _text(package["fonds_number"]),
            "全宗名称": _text(package.get("fonds_title")),
            "年度": _text(package["year"]),
            "件数": str(len(items)),
            "生成时间": _text(package.get("created")),
            "移交人": _text(package.get("actor")),
        },
    )
    for item in items:
        ET.SubElement(
            root,
            "件",
            {
                "档号": item["archival_code"],
                "件号": str(item["item_number"]),
                "保管期限": title_of("retention", item["retention"]),
                "机构或问题": _text(item["organ_code"]),
                "题名": _text(item.get("title")),
                "文号": _text(item.get("number")),
                "日期": _text(item.get("date")),
                "目录": f"{item['archival_code']}/",
                "文件数": str(item.get("files", 0)),
            },
        )
    for gone in package.get("destroyed") or ():
        parts = rules.parse_archival_code(gone["archival_code"])
        ET.SubElement(
            root,
            DESTROYED_ELEMENT,
            {
                "档号": gone["archival_code"],
                "件号": str(parts["item_number"]) if parts else "",
                "销毁清册号": _text(gone.get("register_number")),
                "销毁时间": _text(gone.get("destroyed_at")),
            },
        )
    return _xml_bytes(root)


def manifest_xml(entries):
    """The bytes of ``manifest.xml``: every member but the manifest and its checksum."""
    root = ET.Element(MANIFEST_ROOT, {"版本": FORMAT_VERSION, "文件数": str(len(entries))})
    for entry in entries:
        node = ET.SubElement(root, "文件", {"路径": entry["path"], "大小": str(entry["size"])})
        _digest_nodes(node, entry)
    return _xml_bytes(root)


class PackageWriter:
    """Writes a package to ``path`` member by member (nothing held in memory but one file).

    ``add_item(item, files)`` per item, then ``close()`` writes the index, manifest and
    checksum; the result is ``summary()``.
    """

    def __init__(self, path, package):
        self.path = path
        self.package = dict(package)
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.entries = []
        self.items = []

    def _add(self, arcname, local_path=None, data=None):
        if local_path is not None:
            size, sha, sm3 = _digests(path=local_path)
            self.zip.write(local_path, arcname)
        else:
            size, sha, sm3 = _digests(data=data)
            self.zip.writestr(arcname, data)
        entry = {"path": arcname, "size": size, "sha256": sha, "sm3": sm3}
        self.entries.append(entry)
        return entry

    def add_item(self, item, files):
        """Write ``item`` (see ``item_metadata_xml``) and its ``files``: dicts of role,
        filename, version (None: current), content_type, local_path, and optionally
        rendition (the local path of a PDF/A rendition) or rendition_note (why there is
        none: the file's 备注), and the archived sha256/sm3, which the file's bytes must
        still have (else ``PackageError`` checksum_mismatch)."""
        folder = item_folder(item["archival_code"])
        entries = []
        for number, source in enumerate(files, start=1):
            arcname = member_name(folder, number, source["filename"], source.get("version"))
            entry = self._add(arcname, local_path=source["local_path"])
            for _label, key in ALGORITHMS:
                if source.get(key) and source[key] != entry[key]:
                    raise PackageError("checksum_mismatch", name=arcname)
            entries.append(
                dict(
                    entry,
                    role=source["role"],
                    filename=clean_filename(source["filename"], "file"),
                    version=source.get("version"),
                    format=source.get("content_type") or "application/octet-stream",
                    note=source.get("rendition_note") or "",
                )
            )
            if source.get("rendition"):
                name = member_name(folder, number, source["filename"], source.get("version"), True)
                rendition = self._add(name, local_path=source["rendition"])
                entries.append(
                    dict(
                        rendition,
                        role=source["role"],
                        filename=name.rsplit("/", 1)[-1],
                        version=source.get("version"),
                        format=f"application/pdf; {RENDITION_FORMAT}",
                        rendition_of=arcname,
                    )
                )
        self._add(f"{folder}/{ITEM_METADATA}", data=item_metadata_xml(item, entries))
        self.items.append(dict(item, files=len(entries)))

    def close(self):
        """Write the index, the manifest and its checksum; the package's checksum."""
        self._add(INDEX_NAME, data=index_xml(self.package, self.items))
        manifest = manifest_xml(self.entries)
        self.zip.writestr(MANIFEST_NAME, manifest)
        checksum = checksum_text(manifest)
        self.zip.writestr(CHECKSUM_NAME, checksum)
        self.zip.close()
        _size, sha, sm3 = _digests(data=manifest)
        return {"manifest_sha256": sha, "manifest_sm3": sm3}

    def abort(self):
        """Close and remove a package that is not to be kept."""
        self.zip.close()
        if os.path.exists(self.path):
            os.remove(self.path)


# --- reading and verifying ---------------------------------------------------


@dataclasses.dataclass
class VerifiedItem:
    """An item of a verified package: its metadata (element → text), code parts, files."""

    archival_code: str
    folder: str
    metadata: dict
    code: dict
    files: list  # dicts: path, role, filename, version, format, size, sha256, sm3, local_path


@dataclasses.dataclass
class Verified:
    """What a package held, once every structural, XML and hash check passed."""

    package: dict
    items: list
    members: int
    size: int
    manifest_sha256: str
    manifest_sm3: str
    # (group key, 件号) of the year's items destroyed under the 销毁清册 (index.xml 已销毁)
    destroyed: list = dataclasses.field(default_factory=list)


def code_group(code):
    """The 件号 group of an item's 档号 parts ``code`` (fonds_number, year, retention,
    organ_code): ``rules.group_key``."""
    return rules.group_key(
        code["fonds_number"], code["year"], code["retention"], code["organ_code"]
    )


def _child_text(node, name):
    child = node.find(name) if node is not None else None
    return (child.text or "").strip() if child is not None else ""


def _entries_of_manifest(root):
    entries = {}
    for node in root.findall("文件"):
        path = node.get("路径") or ""
        size = node.get("大小") or ""
        if not size.isdigit():
            raise PackageError("bad_value", element=f"{MANIFEST_NAME} 大小", value=size[:50])
        entry = {"path": path, "size": int(size)}
        for label, key in ALGORITHMS:
            found = [d for d in node.findall("数字摘要") if d.get("算法") == label]
            value = (found[0].text or "").strip().lower() if found else ""
            if not _HEX.match(value):
                raise PackageError("bad_value", element=f"{path} {label}", value=value[:70])
            entry[key] = value
        if path in entries:
            raise PackageError("duplicate_member", name=path)
        entries[path] = entry
    return entries


def _check_checksum(manifest, text):
    _size, sha, sm3 = _digests(data=manifest)
    lines = dict(
        line.split(" ", 1) for line in text.decode("ascii", "replace").splitlines() if " " in line
    )
    for label, value in (("SHA-256", sha), ("SM3", sm3)):
        if lines.get(label, "").split(" ", 1)[0].strip().lower() != value:
            raise PackageError("manifest_checksum", algorithm=label)
    return sha, sm3


def _retention_token(element, value):
    for token, (_code, _years) in rules.RETENTIONS.items():
        if value in (title_of("retention", token), token):
            return token
    raise PackageError("bad_value", element=element, value=value[:50])


def _item_code(folder, root):
    """The 档号 parts of an item's metadata, checked against each other and its folder."""
    where = f"{folder}/{ITEM_METADATA}"
    code = _child_text(root, "档号")
    parts_node = root.find("档号构成")
    values = {}
    for element, key in CODE_ELEMENTS:
        text = _child_text(parts_node, element)
        if not text:
            raise PackageError("item_element_missing", name=where, element=element)
        values[key] = text
    values["retention"] = _retention_token(f"{where} 保管期限", values["retention"])
    try:
        year = rules.check_year(values["year"])
        number = int(values["item_number"]) if values["item_number"].isdigit() else None
        expected = rules.format_archival_code(
            values["fonds_number"], year, values["retention"], values["organ_code"], number
        )
    except rules.ArchiveError as error:
        raise PackageError("bad_value", element=where, value=str(error)) from error
    values["year"], values["item_number"] = year, number
    if code != folder or code != expected:
        raise PackageError("wrong_code", name=where, archival_code=code[:60], expected=expected)
    return values


def _item_files(folder, root):
    where = f"{folder}/{ITEM_METADATA}"
    listing = root.find("电子文件")
    files = []
    for node in listing.findall("文件") if listing is not None else ():
        path = node.get("路径") or ""
        if not path.startswith(f"{folder}/") or "/" in path[len(folder) + 1 :]:
            raise PackageError("bad_value", element=f"{where} 路径", value=path[:100])
        entry = {"path": path, "role_title": node.get("类别") or "", "version": node.get("版本")}
        for element in FILE_ELEMENTS:
            text = _child_text(node, element)
            if not text:
                raise PackageError("item_element_missing", name=where, element=element)
            entry[element] = text
        for label, key in ALGORITHMS:
            found = [d for d in node.findall("数字摘要") if d.get("算法") == label]
            entry[key] = (found[0].text or "").strip().lower() if found else ""
        files.append(entry)
    if not files:
        raise PackageError("item_element_missing", name=where, element="电子文件")
    return files


def verify_package(path, workdir, limits=LIMITS):
    """Verify the package at ``path`` and unpack its files into ``workdir``; a ``Verified``.

    Refused (``PackageError`` naming the member or item) on the first of: not a ZIP; any
    exchange ZIP check (unsafe names, symlinks, encryption, counts, sizes, compression
    ratio); no index, manifest or checksum; a checksum not the manifest's; malformed XML
    or a DTD; a member not in the manifest or listed and absent; a size or a SHA-256 or SM3
    not the manifest's; an item folder not in the index or the reverse; missing metadata
    elements; a 档号 not made of its parts, or not its folder's, or of another 全宗 or 年度;
    metadata's files not the folder's or their hashes not the manifest's.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise PackageError("not_zip") from error
    with archive:
        members = check_members(archive, limits)
        for name in PACKAGE_FILES:
            if name not in members:
                raise PackageError("file_missing", name=name)
        manifest = read_member(archive, members[MANIFEST_NAME], limits)
        sha, sm3 = _check_checksum(manifest, read_member(archive, members[CHECKSUM_NAME], limits))
        listed = _entries_of_manifest(_parse(manifest, MANIFEST_NAME, MANIFEST_ROOT))
        for name in members:
            if name not in PACKAGE_FILES[1:] and name not in listed:
                raise PackageError("member_unlisted", name=name)
        for name in listed:
            if name not in members:
                raise PackageError("file_missing", name=name)
        size = 0
        local = {}
        for name, entry in listed.items():
            info = members[name]
            if info.file_size != entry["size"]:
                raise PackageError("size_mismatch", name=name)
            target = os.path.join(workdir, f"{len(local):06d}.bin")
            digests = _unpack(archive, info, target, limits)
            for label, key in ALGORITHMS:
                if digests[key] != entry[key]:
                    raise PackageError("checksum_mismatch", name=name, algorithm=label)
            local[name] = target
            size += entry["size"]
        index = _parse(_read_local(local[INDEX_NAME]), INDEX_NAME, INDEX_ROOT)
        package, items = _verify_index(index, listed, local)
        destroyed = _verify_destroyed(index, package, {item.archival_code for item in items})
    return Verified(package, items, len(members), size, sha, sm3, destroyed)


def _parse(data, name, root_tag):
    try:
        return parse_metadata_xml(data, root_tag)
    except PackageError as error:
        error.mapping.setdefault("name", name)
        raise


def _read_local(path):
    with open(path, "rb") as stream:
        return stream.read()


def _unpack(archive, info, target, limits):
    """Unpack member ``info`` into ``target``, its bytes counted (the header's size may lie);
    its digests (``archive.fixity``)."""
    limit = min(info.file_size, limits.member_limit(info.filename))
    read = 0
    try:
        with archive.open(info) as stream, open(target, "wb") as out:
            while chunk := stream.read(fixity.CHUNK):
                read += len(chunk)
                if read > limit:
                    raise PackageError("size_mismatch", name=info.filename)
                out.write(chunk)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError) as error:
        raise PackageError("corrupt_member", name=info.filename) from error
    if read != info.file_size:
        raise PackageError("size_mismatch", name=info.filename)
    return fixity.file_digests(target)


def _verify_index(index, listed, local):
    package = {
        "fonds_number": index.get("全宗号") or "",
        "fonds_title": index.get("全宗名称") or "",
        "year": index.get("年度") or "",
        "created": index.get("生成时间") or "",
        "actor": index.get("移交人") or "",
    }
    try:
        package["year"] = rules.check_year(package["year"])
        package["fonds_number"] = rules.check_code(package["fonds_number"], "全宗号")
    except rules.ArchiveError as error:
        raise PackageError("bad_value", element=INDEX_NAME, value=str(error)) from error
    lines = index.findall("件")
    if str(len(lines)) != (index.get("件数") or ""):
        raise PackageError("bad_value", element=f"{INDEX_NAME} 件数", value=index.get("件数"))
    folders = {}
    for line in lines:
        code = line.get("档号") or ""
        if code in folders:
            raise PackageError("duplicate_member", name=f"{code}/")
        folders[code] = line
    # every member outside the package files lies in an item folder of the index
    for name in listed:
        if name == INDEX_NAME:
            continue
        folder = name.split("/", 1)[0] if "/" in name else ""
        if folder not in folders:
            raise PackageError("item_unlisted", name=name)
    items = []
    for code, line in folders.items():
        metadata_path = f"{code}/{ITEM_METADATA}"
        if metadata_path not in local:
            raise PackageError("file_missing", name=metadata_path)
        root = _parse(_read_local(local[metadata_path]), metadata_path, ITEM_ROOT)
        items.append(_verify_item(code, line, root, package, listed, local))
    return package, items


def _verify_destroyed(index, package, codes):
    """The (group key, 件号) of index.xml's 已销毁 lines: each a 档号 of the package's 全宗 and
    年度, its 件号 the 档号's, no item of the package and listed once."""
    destroyed, seen = [], set()
    for line in index.findall(DESTROYED_ELEMENT):
        code = (line.get("档号") or "").strip()
        where = f"{INDEX_NAME} {DESTROYED_ELEMENT} {code[:60]}"
        parts = rules.parse_archival_code(code)
        if parts is None:
            raise PackageError(
                "bad_value", element=f"{INDEX_NAME} {DESTROYED_ELEMENT}", value=code[:60]
            )
        if parts["fonds"] != package["fonds_number"] or parts["year"] != package["year"]:
            raise PackageError(
                "wrong_code",
                name=where,
                archival_code=code,
                expected=f"{package['fonds_number']}·{package['year']}",
            )
        if line.get("件号") != str(parts["item_number"]):
            raise PackageError(
                "bad_value", element=f"{where} 件号", value=(line.get("件号") or "")[:20]
            )
        if code in codes or code in seen:
            raise PackageError("duplicate_member", name=code)
        seen.add(code)
        group = code_group(
            {
                "fonds_number": parts["fonds"],
                "year": parts["year"],
                "retention": parts["retention"],
                "organ_code": parts["organ"],
            }
        )
        destroyed.append((group, parts["item_number"]))
    return destroyed


def _verify_item(code, line, root, package, listed, local):
    where = f"{code}/{ITEM_METADATA}"
    parts = _item_code(code, root)
    if parts["fonds_number"] != package["fonds_number"] or parts["year"] != package["year"]:
        raise PackageError(
            "wrong_code",
            name=where,
            archival_code=code,
            expected=f"{package['fonds_number']}·{package['year']}",
        )
    if line.get("件号") != str(parts["item_number"]):
        raise PackageError("bad_value", element=f"{INDEX_NAME} {code} 件号", value=line.get("件号"))
    content = root.find("内容描述")
    metadata = {}
    for element, _key, required in CONTENT_ELEMENTS:
        text = _child_text(content, element)
        if required and not text:
            raise PackageError("item_element_missing", name=where, element=element)
        metadata[element] = text
    if line.get("题名") != metadata["题名"]:
        raise PackageError("bad_value", element=f"{INDEX_NAME} {code} 题名", value=line.get("题名"))
    metadata["页数"] = _child_text(root.find("形式特征"), "页数")
    metadata["机构或问题名称"] = (root.find("档号构成/机构或问题").get("名称") or "").strip()
    metadata["归档时间"] = _child_text(root.find("归档信息"), "归档时间")
    files = []
    in_folder = {name for name in listed if name.startswith(f"{code}/")} - {where}
    for entry in _item_files(code, root):
        path = entry["path"]
        if path not in listed:
            raise PackageError("file_missing", name=path)
        manifest = listed[path]
        for label, key in ALGORITHMS:
            if entry[key] != manifest[key]:
                raise PackageError("metadata_checksum", name=path, algorithm=label)
        if entry["计算机文件大小"] != str(manifest["size"]):
            raise PackageError("size_mismatch", name=path)
        files.append(
            {
                "path": path,
                "role_title": entry["role_title"],
                "version": entry["version"],
                "filename": entry["计算机文件名"],
                "format": entry["格式信息"],
                "size": manifest["size"],
                "sha256": manifest["sha256"],
                "sm3": manifest["sm3"],
                "local_path": local[path],
            }
        )
        in_folder.discard(path)
    if in_folder:
        raise PackageError("member_unlisted", name=sorted(in_folder)[0])
    return VerifiedItem(code, code, metadata, parts, files)


# --- messages ----------------------------------------------------------------


MESSAGES = {
    "not_zip": _("transfer_not_zip", default="上传的文件不是有效的移交包（ZIP 文件）。"),
    "too_many_members": _(
        "transfer_too_many_members",
        default="移交包中的文件过多（${count} 个，上限 ${limit} 个），已拒绝。",
    ),
    "unsafe_name": _(
        "transfer_unsafe_name",
        default="移交包中的文件名「${name}」不安全（绝对路径、「..」、反斜杠或盘符），已拒绝。",
    ),
    "symlink": _("transfer_symlink", default="移交包中的「${name}」是符号链接，已拒绝。"),
    "encrypted": _("transfer_encrypted", default="移交包中的文件「${name}」已加密，无法读取。"),
    "duplicate_member": _(
        "transfer_duplicate_member", default="移交包中有重复的文件或件「${name}」，已拒绝。"
    ),
    "file_missing": _(
        "transfer_file_missing", default="移交包缺少文件「${name}」（清单中列出但包中没有）。"
    ),
    "member_unlisted": _(
        "transfer_member_unlisted",
        default="移交包中的文件「${name}」未在校验清单或元数据中列出，已拒绝。",
    ),
    "item_unlisted": _(
        "transfer_item_unlisted",
        default="移交包中的「${name}」不属于移交清单 index.xml 列出的任何一件，已拒绝。",
    ),
    "file_too_large": _(
        "transfer_file_too_large",
        default="移交包中的文件「${name}」大小为 ${size}，超过单个文件上限 ${limit}。",
    ),
    "package_too_large": _(
        "transfer_package_too_large", default="移交包解压后共 ${size}，超过上限 ${limit}。"
    ),
    "compression_ratio": _(
        "transfer_compression_ratio",
        default="移交包中的文件「${name}」压缩比异常（${ratio} 倍），可能是恶意构造的，已拒绝。",
    ),
    "size_mismatch": _(
        "transfer_size_mismatch",
        default="移交包中的文件「${name}」的实际大小与记录不符，文件可能已损坏或被改动。",
    ),
    "checksum_mismatch": _(
        "transfer_checksum_mismatch",
        default="移交包中的文件「${name}」的 ${algorithm} 校验值与校验清单不符，"
        "文件已损坏或被改动。",
    ),
    "metadata_checksum": _(
        "transfer_metadata_checksum",
        default="文件「${name}」的 ${algorithm} 数字摘要与其元数据记载的不符。",
    ),
    "manifest_checksum": _(
        "transfer_manifest_checksum",
        default="校验清单 manifest.xml 的 ${algorithm} 校验值与 manifest.sum 不符，"
        "移交包已被改动。",
    ),
    "corrupt_member": _(
        "transfer_corrupt_member", default="移交包中的文件「${name}」已损坏，无法解压。"
    ),
    "bad_xml": _("transfer_bad_xml", default="移交包中的「${name}」不是格式正确的 XML：${detail}"),
    "xml_doctype": _(
        "transfer_xml_doctype",
        default="移交包中的「${name}」含有文档类型定义或实体声明（DOCTYPE、ENTITY），"
        "出于安全考虑已拒绝。",
    ),
    "missing_element": _(
        "transfer_missing_element", default="移交包中的「${name}」缺少根元素「${element}」。"
    ),
    "item_element_missing": _(
        "transfer_item_element_missing", default="「${name}」缺少必填的元数据「${element}」。"
    ),
    "bad_value": _(
        "transfer_bad_value", default="移交包中「${element}」的值「${value}」无法识别或不符。"
    ),
    "wrong_code": _(
        "transfer_wrong_code",
        default="「${name}」的档号「${archival_code}」与其目录或档号构成不符（应为「${expected}」）。",
    ),
}


def refusal_message(error):
    """The Chinese message (translatable) of the ``PackageError`` ``error``."""
    message = MESSAGES.get(error.code) or MESSAGES["not_zip"]
    mapping = {key: str(value) for key, value in error.mapping.items()}
    for key in ("name", "detail", "element", "algorithm", "archival_code", "expected", "value"):
        mapping.setdefault(key, "")
    return Message(message, mapping=mapping)


def refusal_text(error):
    """``refusal_message`` as plain Chinese text (for job records and logs)."""
    message = refusal_message(error)
    text = message.default
    for key, value in message.mapping.items():
        text = text.replace("${" + key + "}", value)
    return text


# --- 四性检测 of a verified package -------------------------------------------------


def _token_of(list_name, title):
    for token, term in TERM_LISTS[list_name]:
        if title in (term, token):
            return token
    return title or None


def check_metadata(item):
    """The ``checks.check_item`` metadata of a ``VerifiedItem``: its 归档章 data and the
    document fields its kind requires, read back from its ``metadata.xml``."""
    text = item.metadata
    kind = {title: kind for kind, title in KIND_TITLES.items()}.get(text["收发类别"])
    number_key, date_key = (
        ("issue_number", "written_date")
        if kind == "outgoing"
        else ("receipt_number", "received_date")
    )
    return {
        "kind": kind,
        "title": text["题名"],
        "doc_kind": _token_of("doc_kind", text["文种"]),
        number_key: text["文号"],
        date_key: text["日期"],
        "fonds_number": item.code["fonds_number"],
        "category": item.code["category"],
        "year": item.code["year"],
        "retention": item.code["retention"],
        "organ_code": item.code["organ_code"],
        "item_number": item.code["item_number"],
        "archival_code": item.archival_code,
        "path": item.folder,
    }


def file_samples(item):
    """The ``checks.FileSample`` of each file of a ``VerifiedItem``, its manifest expected."""
    roles = {title: role for role, title in TERM_LISTS["file_role"]}
    return [
        checks.FileSample(
            path=entry["path"],
            version=int(entry["version"]) if (entry["version"] or "").isdigit() else None,
            title=entry["role_title"],
            role=roles.get(entry["role_title"], entry["role_title"]),
            filename=entry["filename"],
            content_type=entry["format"].split(";", 1)[0].strip(),
            local_path=entry["local_path"],
            expected={key: entry[key] for key in ("size", "sha256", "sm3")},
        )
        for entry in item.files
    ]


def check_package(verified, scan):
    """四性检测 at transfer of a ``Verified`` package: ``(item results, 件号 problems)``.

    Each item is checked by ``checks.check_item`` on the files as unpacked (``scan`` is
    ``clamav.scanner()`` or None); the 件号 of all items by ``checks.check_sequence``, the
    items index.xml says were destroyed (已销毁) leaving no gap.
    """
    results, sequence = [], []
    for item in verified.items:
        metadata = check_metadata(item)
        results.append(checks.check_item(item.archival_code, metadata, file_samples(item), scan))
        sequence.append((item.archival_code, code_group(item.code), item.code["item_number"]))
    return results, checks.check_sequence(sequence, destroyed=verified.destroyed)
