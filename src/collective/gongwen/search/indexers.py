"""The search's catalog values of a 发文/收文 (``profiles/default/catalog.xml``), R-S1.

One indexer per value: the full text (``SearchableText``: the document's own and its
attachments', ``content.searchable``, and its 档号), the number keys of exact lookup
(``number_keys``), the facets 年度 (``gongwen_year``), 保管期限 (``retention``), 行文方向
(``direction``), 来文机关 (``source_organ``), and the archive's own (``archival_code``,
``item_number``, ``legal_hold``) read from the 归档章 data (``archive.record.archive_info``).

归档 and changes of the 归档章 data reindex ``SearchableText``, ``number_keys``,
``gongwen_year``, ``retention``, ``archival_code``, ``item_number`` and ``legal_hold``
(``archive.filing``, below this package, names them).
"""

from Acquisition import aq_base
from plone.indexer.decorator import indexer

from collective.gongwen.archive.record import archive_info
from collective.gongwen.content.searchable import document_text
from collective.gongwen.content.times import date_of
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.numbering.keys import number_key

# The document's own fields that hold a number (文号, 收文编号, 来文字号).
NUMBER_FIELDS = ("issue_number", "receipt_number", "source_number")
# The date whose year is a document's 年度 until it is archived: 成文日期, 收文日期.
DATE_FIELDS = ("written_date", "received_date")


def _attribute(obj, name):
    return getattr(aq_base(obj), name, None) or None


@indexer(IGongwenDocument)
def searchable_text(obj):
    """Full text of a document and its attachments (``content.searchable``, R-A3), and its
    档号 once archived: Plone's own search box finds it by that too."""
    text = document_text(obj)
    info = archive_info(obj)
    code = info.get("archival_code") if info is not None else None
    return f"{text} {code}" if code else text


@indexer(IGongwenDocument)
def number_keys(obj):
    """The keys (``numbering.keys.number_key``) of its 文号, 收文编号, 来文字号 and 档号."""
    texts = [_attribute(obj, name) for name in NUMBER_FIELDS]
    info = archive_info(obj)
    if info is not None:
        texts.append(info.get("archival_code"))
    keys = {number_key(text) for text in texts if isinstance(text, str)}
    keys.discard(None)
    return tuple(sorted(keys))


@indexer(IGongwenDocument)
def gongwen_year(obj):
    """年度 (int): the 归档章's once archived, else the year of 成文日期 or 收文日期, else of
    its creation (in the portal's zone)."""
    info = archive_info(obj)
    if info is not None and info.get("year"):
        return int(info["year"])
    for name in DATE_FIELDS:
        day = date_of(_attribute(obj, name))
        if day is not None:
            return day.year
    day = date_of(obj.created())
    return day.year if day is not None else None


@indexer(IGongwenDocument)
def retention(obj):
    """保管期限 token: the 归档章's once archived, else the 建议保管期限 (发文); None if none."""
    info = archive_info(obj)
    if info is not None and info.get("retention"):
        return info["retention"]
    return _attribute(obj, "retention")


@indexer(IGongwenDocument)
def direction(obj):
    """行文方向 token (发文): upward, downward or parallel."""
    return _attribute(obj, "direction")


@indexer(IGongwenDocument)
def source_organ(obj):
    """来文机关 (收文) as written, without surrounding spaces."""
    value = _attribute(obj, "source_organ")
    return value.strip() or None if isinstance(value, str) else None


def _archived(obj, name):
    info = archive_info(obj)
    return info.get(name) or None if info is not None else None


@indexer(IGongwenDocument)
def archival_code(obj):
    """档号 as written in the 归档章, e.g. 「118-WS·2026-D10-BGS-0007」; None until archived."""
    return _archived(obj, "archival_code")


@indexer(IGongwenDocument)
def item_number(obj):
    """件号 (int); None until archived."""
    value = _archived(obj, "item_number")
    return int(value) if value is not None else None


@indexer(IGongwenDocument)
def legal_hold(obj):
    """True while a legal hold blocks its destruction."""
    return bool(_archived(obj, "legal_hold"))
