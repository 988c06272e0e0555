"""Office files made to link nothing before LibreOffice opens them (R-SEC5).

A DOCX from another office may show its logo from a linked, not embedded,
file; an attacker's DOCX links ``http://127.0.0.1:…`` or ``file:///etc/passwd``
the same way. ``neutralise(path)`` rewrites the copy LibreOffice is given so
that it points nowhere outside itself, and the document still converts,
the linked picture missing — kinder to staff than refusing the file; the
original upload is kept as it was.

* OOXML (docx, xlsx, pptx): every relationship with ``TargetMode="External"``
  is removed (linked pictures, OLE links, attached templates, external
  workbook links, alternative-format chunks, hyperlinks too: the preview's
  links are not clickable); field instructions that fetch (INCLUDEPICTURE,
  INCLUDETEXT, LINK, …) are emptied, so the field shows its last result.
* ODF (odt, ods, odp): every ``xlink:href`` that leaves the package is
  removed, except on a hyperlink (``text:a``, ``draw:a``), which nothing
  fetches; a linked section's source goes with it.
* RTF (under .doc/.wps/.rtf too): field instructions are made an ignored
  destination, so the field shows its last result.

Binary Word 97 / WPS files cannot be rewritten this way; for them, and for
whatever this misses, the tools run without network and see only the
system's files (``sandbox``), and LibreOffice's settings block linked
content (``tools.office_settings``). Parsing is bounded: preflight has
refused archives that expand beyond its limit, a part is read only up to
its declared size, the XML parser resolves no entity and loads nothing, and
parts over ``MAX_PART_BYTES`` are left to those other layers (logged). A part
that may link but is not XML it can read (a DTD's entities) stops the
conversion (``Unreadable``).
"""

import logging
import os
import re
import zipfile

from lxml import etree

logger = logging.getLogger("collective.gongwen.conversion")

MAX_PART_BYTES = 64 * 1024 * 1024
HEAD_BYTES = 4096

PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
ODF_HYPERLINKS = frozenset({f"{{{ODF_TEXT}}}a", f"{{{ODF_DRAW}}}a"})
# Removed with their link: the element is nothing without it.
ODF_LINK_ELEMENTS = frozenset({f"{{{ODF_TEXT}}}section-source"})
# Field codes that read a file or URL, or update from one (Word's and LibreOffice's).
FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "IMPORT", "DDE", "DDEAUTO", "HYPERLINK"}
)
# A URL with a scheme (two letters at least: C:\ is a path), a UNC or an absolute path.
OUTSIDE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]+:|[\\/]|\.\.)")
RTF_FIELD_INSTRUCTION = re.compile(rb"\{(\\\*)?\\fldinst(?![a-zA-Z])")
RTF_LOOSE_INSTRUCTION = re.compile(rb"\\fldinst(?![a-zA-Z])")

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=False
)


class Unreadable(Exception):
    """A part that may link (``args[0]``, its name) is not XML this module can read."""


def neutralise(path):
    """Rewrite the office file at ``path`` in place to link nothing; return what was removed.

    The result is a list of short descriptions (``"word/_rels/document.xml.rels:
    external relationship"``…), empty when the file had nothing to remove (it
    is then left untouched). Files that are neither zip packages nor RTF are
    left as they are. Raises ``Unreadable`` for a part it cannot check.
    """
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    if head.startswith(b"PK"):
        return neutralise_package(path)
    if head.lstrip().startswith(b"{\\rtf"):
        return neutralise_rtf(path)
    return []


def neutralise_package(path):
    """``neutralise`` for an OOXML or ODF zip package."""
    removed = []
    replaced = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.is_dir() or not member.filename.endswith((".rels", ".xml")):
                    continue
                if member.file_size > MAX_PART_BYTES:
                    logger.warning("links not checked in %s (%d bytes)", member.filename,
                                   member.file_size)  # fmt: skip
                    continue
                data = archive.read(member)
                cleaned, what = neutralise_part(member.filename, data)
                if what:
                    replaced[member.filename] = cleaned
                    removed += [f"{member.filename}: {item}" for item in what]
            if replaced:
                rewrite(path, archive, replaced)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        # Not readable as a package: LibreOffice will fail on it as well.
        logger.info("links not checked, package unreadable: %s", error)
    return removed


def rewrite(path, archive, replaced):
    """Write ``archive`` to ``path`` with the members of ``replaced`` changed."""
    target = path + ".neutralised"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in archive.infolist():
            # A fresh ZipInfo: writing fills in offsets the reader still needs.
            info = zipfile.ZipInfo(member.filename, member.date_time)
            info.compress_type = member.compress_type
            info.external_attr = member.external_attr
            if member.filename in replaced:
                out.writestr(info, replaced[member.filename])
            else:
                with archive.open(member) as source, out.open(info, "w") as copy:
                    while chunk := source.read(1 << 20):
                        copy.write(chunk)
    os.replace(target, path)


def neutralise_part(name, data):
    """The XML part ``data`` (named ``name``) without what links outside; and what went."""
    if not any(mark in data for mark in (b"External", b"instr", b"href")):
        return data, []
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        # LibreOffice's parser might read what ours refuses (a DTD's entities):
        # what cannot be checked is not converted.
        raise Unreadable(name) from error
    if name.endswith(".rels"):
        what = drop_external_relationships(root)
    else:
        what = empty_fetching_fields(root) + drop_outside_links(root)
    if not what:
        return data, []
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), what


def drop_external_relationships(root):
    """Remove OOXML relationships with ``TargetMode="External"``; return what went."""
    what = []
    for relation in list(root.iter(f"{{{PACKAGE_RELS}}}Relationship")):
        if (relation.get("TargetMode") or "").strip().lower() == "external":
            what.append(f"external relationship {relation.get('Type', '').rsplit('/', 1)[-1]}")
            relation.getparent().remove(relation)
    return what


def field_keyword(instruction):
    """The first word of a field instruction, upper case (``INCLUDEPICTURE``)."""
    words = instruction.strip().lstrip("\\").split(None, 1)
    return words[0].upper() if words else ""


def empty_fetching_fields(root):
    """Empty the instructions of WordprocessingML fields that fetch; return what went.

    A complex field's instruction is spread over the ``w:instrText`` of
    several runs between its ``begin`` and ``separate``/``end``, and fields
    nest; the instruction of each field is put together before its first
    word is read.
    """
    what = []
    for simple in root.iter(f"{{{W}}}fldSimple"):
        instruction = simple.get(f"{{{W}}}instr") or ""
        if field_keyword(instruction) in FETCHING_FIELDS:
            simple.set(f"{{{W}}}instr", "")
            what.append(f"field {field_keyword(instruction)}")
    open_fields = []
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        if element.tag == f"{{{W}}}instrText":
            if open_fields and open_fields[-1] is not None:
                open_fields[-1].append(element)
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            open_fields.append([])
        elif kind in ("separate", "end") and open_fields:
            parts = open_fields[-1]
            if parts is not None:
                keyword = field_keyword("".join(part.text or "" for part in parts))
                if keyword in FETCHING_FIELDS:
                    for part in parts:
                        part.text = ""
                    what.append(f"field {keyword}")
                # After ``separate`` comes the result: no more instruction.
                open_fields[-1] = None
            if kind == "end":
                open_fields.pop()
    return what


def drop_outside_links(root):
    """Remove ODF ``xlink:href`` leaving the package (hyperlinks aside); return what went."""
    what = []
    for element in list(root.iter()):
        target = element.get(XLINK_HREF) if isinstance(element.tag, str) else None
        if target is None or element.tag in ODF_HYPERLINKS or not OUTSIDE.match(target):
            continue
        local = etree.QName(element).localname
        if element.tag in ODF_LINK_ELEMENTS:
            element.getparent().remove(element)
        else:
            del element.attrib[XLINK_HREF]
        what.append(f"link of {local}")
    return what


def neutralise_rtf(path):
    """``neutralise`` for RTF: every field instruction becomes a destination readers skip."""
    if os.path.getsize(path) > MAX_PART_BYTES:
        logger.warning("links not checked in an RTF of %d bytes", os.path.getsize(path))
        return []
    with open(path, "rb") as file:
        data = file.read()
    cleaned, count = RTF_FIELD_INSTRUCTION.subn(rb"{\\*\\gongwenfldinst", data)
    # An instruction not at the start of its group is renamed all the same.
    cleaned, loose = RTF_LOOSE_INSTRUCTION.subn(rb"\\gongwenfldinst", cleaned)
    if not count + loose:
        return []
    with open(path, "wb") as file:
        file.write(cleaned)
    return [f"RTF field instruction × {count + loose}"]
