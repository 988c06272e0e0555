"""Catalog values of the documents (``profiles/default/catalog.xml``): one indexer per value.

The indexes serve search by 文号/收文编号 and the facets of R-S1; the
metadata columns serve listings (to-do lists, folders, search results).
"""

import datetime

from Acquisition import aq_base
from DateTime import DateTime
from plone.base.utils import human_readable_size
from plone.indexer.decorator import indexer

from collective.gongwen.content import searchable
from collective.gongwen.content.containers import find_unit
from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.interfaces import IGongwenNews


def _attribute(obj, name):
    return getattr(aq_base(obj), name, None) or None


@indexer(IGongwenDocument)
def issue_number(obj):
    """发文字号 (发文), once the print room has issued it."""
    return _attribute(obj, "issue_number")


@indexer(IGongwenDocument)
def receipt_number(obj):
    """收文编号 (收文), once registered."""
    return _attribute(obj, "receipt_number")


@indexer(IGongwenDocument)
def doc_kind(obj):
    """文种 token."""
    return _attribute(obj, "doc_kind")


@indexer(IGongwenDocument)
def urgency(obj):
    """紧急程度 token."""
    return _attribute(obj, "urgency")


@indexer(IGongwenDocument)
def classification(obj):
    """密级 token (so listings can leave classified entries out, R-P1)."""
    return _attribute(obj, "classification")


@indexer(IGongwenDocument)
def gongwen_unit(obj):
    """UID of the unit the document belongs to; None outside any unit."""
    unit = find_unit(obj)
    return unit.UID() if unit is not None else None


@indexer(IGongwenDocument)
def gongwen_departments(obj):
    """UIDs of the departments concerned: the 拟稿部门 (发文) or the 承办部门 (收文)."""
    drafting = _attribute(obj, "drafting_department")
    handling = _attribute(obj, "handling_departments") or ()
    return tuple(uid for uid in ((drafting,) if drafting else ()) + tuple(handling) if uid)


@indexer(IGongwenNews)
def news_departments(obj):
    """The department a 工作动态 item belongs to (R-P2 freshness per department)."""
    department = _attribute(obj, "department")
    return (department,) if department else ()


@indexer(IGongwenDocument)
def deadline(obj):
    """办理时限 as a DateTime (DateIndex); None when there is none."""
    value = _attribute(obj, "deadline")
    if isinstance(value, datetime.date):
        return DateTime(value.isoformat())
    return None


@indexer(IGongwenDocument)
def assignees(obj):
    """Who must act now: user and group ids of the current step's assignees (routing/roles.py)."""
    return tuple(_attribute(obj, "assignees") or ())


@indexer(IGongwenDocument)
def assigned_since(obj):
    """When the current step's assignees got the document (我的待办's 已等待, R-P3).

    Documents routed before this was recorded: their latest workflow history entry.
    """
    recorded = _attribute(obj, "assigned_since")
    if recorded is not None:
        return recorded
    history = getattr(aq_base(obj), "workflow_history", None) or {}
    times = [entries[-1]["time"] for entries in history.values() if entries]
    return max(times) if times else obj.created()


@indexer(IGongwenDocument)
def step_deadline(obj):
    """The current step's deadline (收文, R-I5) as a DateTime; None when there is none."""
    value = _attribute(obj, "step_deadline")
    if isinstance(value, datetime.date):
        return DateTime(value.isoformat())
    return None


@indexer(IGongwenDocument)
def to_read(obj):
    """Who still has to read it for information (待阅, incoming/reading.py)."""
    return tuple(_attribute(obj, "to_read") or ())


@indexer(IGongwenDocument)
def front_page(obj):
    """R-I6: a published, non-classified 收文 shows in the front page's 收文 column."""
    published = _attribute(obj, "published_front") is not None
    return published and (_attribute(obj, "classification") or "none") == "none"


@indexer(IGongwenDocument)
def document_size(obj):
    """Plone's ``getObjSize`` of a document: its body's (the files are items of their own).

    Plone's own reads every field of every schema on each reindex, about 1 ms a time.
    """
    body = getattr(aq_base(obj), "text", None)
    return human_readable_size(body.getSize() if body is not None else 0)


# Plone's catalog values for events, links, images and relations. A document
# has none of these fields. Plone's lookup ends in AttributeError too, but only after
# walking the Dexterity schemas of the document and of each of its parents, about 0.1 ms
# a name on every reindex. The catalog then stores no value, as it does here.
NOT_APPLICABLE = (
    "start",
    "end",
    "location",
    "getRemoteUrl",
    "image_scales",
    "sync_uid",
    "in_reply_to",
    "getRawRelatedItems",
)


@indexer(IGongwenDocument)
def not_applicable(obj):
    """No value: one of ``NOT_APPLICABLE``."""
    raise AttributeError


@indexer(IGongwenAttachment)
def attachment_searchable_text(obj):
    """Full text of an attachment, the viewer's OCR included (R-A3)."""
    return searchable.attachment_text(obj)
