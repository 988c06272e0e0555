"""The 「归档记录」 file that goes with an archived document (R-R1): an XML document holding
its 归档章 data, its workflow history, its opinion records and its audit trail.

Plain Python (no Zope): ``filing`` gathers the values as plain dicts and stores the bytes
as a file of role ``content.files.RECORD`` in the transaction that archives the document,
so the record says what the document went through up to the moment it was archived, and
四性检测 and transfer treat it like every other file (fixity hashes, 件号, packages).

Element names are Chinese, as in the exchange package's metadata (GB/T 33480): whoever
reads the file in an archive decades from now reads it without this program. Times are
ISO 8601 with their offset (``content.times.iso_text`` is applied by the caller).
"""

import xml.etree.ElementTree as ET

ROOT = "归档记录"
FORMAT_VERSION = "1"

# 归档章 keys (archive.record) → element names, in the order DA/T 22-2015 prints them.
STAMP_ELEMENTS = (
    ("fonds_number", "全宗号"),
    ("category", "门类代码"),
    ("year", "年度"),
    ("retention_title", "保管期限"),
    ("organ_code", "机构问题代码"),
    ("organ_title", "机构问题"),
    ("item_number", "件号"),
    ("archival_code", "档号"),
    ("archived_at", "归档时间"),
    ("archived_by", "归档人"),
)
DOCUMENT_ELEMENTS = (
    ("uid", "标识符"),
    ("type_title", "类型"),
    ("title", "题名"),
    ("number", "文号"),
    ("path", "位置"),
)
HISTORY_ELEMENTS = (
    ("time", "时间"),
    ("action", "动作"),
    ("actor", "操作人"),
    ("state", "状态"),
    ("comment", "说明"),
)
OPINION_ELEMENTS = (
    ("time", "时间"),
    ("round", "轮次"),
    ("step", "环节"),
    ("action", "操作"),
    ("actor", "办理人"),
    ("on_behalf_of", "代录对象"),
    ("subject", "涉及对象"),
    ("text", "意见"),
)
AUDIT_ELEMENTS = (
    ("seq", "序号"),
    ("time", "时间"),
    ("actor", "操作人"),
    ("on_behalf_of", "代录对象"),
    ("action", "动作"),
    ("object_uid", "对象标识符"),
    ("object_path", "对象位置"),
    ("from_state", "原状态"),
    ("to_state", "新状态"),
    ("summary", "摘要"),
    ("client_address", "客户端地址"),
    ("hash", "散列值"),
)


def _text(value):
    if value is None:
        return ""
    return str(value)


def _fields(parent, tag, values, elements):
    node = ET.SubElement(parent, tag)
    for key, name in elements:
        ET.SubElement(node, name).text = _text(values.get(key))
    return node


def _rows(parent, tag, row_tag, rows, elements, **attributes):
    node = ET.SubElement(parent, tag, {k: _text(v) for k, v in attributes.items()})
    for row in rows:
        _fields(node, row_tag, row, elements)
    return node


def record_xml(stamp, document, history, opinions, audit, audit_total=None):
    """The 归档记录 as UTF-8 XML bytes.

    ``stamp`` holds the 归档章 values (``STAMP_ELEMENTS``' keys, already as text where
    they are shown: ``retention_title``, ``archived_at``); ``document`` the document's
    identity (``DOCUMENT_ELEMENTS``); ``history``, ``opinions`` and ``audit`` lists of
    dicts, oldest first. ``audit_total`` is how many audit entries there are when only
    some were written.
    """
    root = ET.Element(ROOT, {"版本": FORMAT_VERSION})
    _fields(root, "归档章", stamp, STAMP_ELEMENTS)
    _fields(root, "公文", document, DOCUMENT_ELEMENTS)
    _rows(root, "流转记录", "记录", history, HISTORY_ELEMENTS, 条数=len(history))
    _rows(root, "办理意见", "意见", opinions, OPINION_ELEMENTS, 条数=len(opinions))
    total = len(audit) if audit_total is None else audit_total
    _rows(root, "审计记录", "记录", audit, AUDIT_ELEMENTS, 条数=len(audit), 总条数=total)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def parse_record(data):
    """The 归档章 of a 归档记录 (``data`` bytes) as ``{element name: text}``; None if the
    bytes are not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    stamp = root.find("归档章") if root.tag == ROOT else None
    if stamp is None:
        return None
    return {child.tag: child.text or "" for child in stamp}
