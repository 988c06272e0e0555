"""A document's 归档章 data, kept on the document itself (annotation ``ANNOTATION_KEY``).

Written once, by 归档 (``filing``), in the transaction that takes the 件号 and makes the
``archive`` transition; read by the catalog (档号, 年度, 保管期限), the document page, the
归档文件目录, 四性检测, appraisal and transfer. The keys of the mapping:

* ``fonds_number`` 全宗号, ``category`` 门类代码 (WS), ``year`` 年度 (int),
  ``retention`` 保管期限 token (``rules.RETENTIONS``), ``organ_code`` and ``organ_title``
  机构(问题), ``item_number`` 件号 (int), ``archival_code`` 档号;
* ``archived_at`` (aware datetime, UTC) and ``archived_by`` (user id);
* ``files``: one dict per file that went with the document, every version of it —
  ``path`` (relative to the document, e.g. ``attachment-1``), ``version`` (int or None for
  the current one), ``title``, ``role`` (content.files roles), ``filename``, ``size``,
  ``content_type``, ``sha256``, ``sm3``;
* ``report_id``: the stored 四性检测 report made at 归档;
* ``legal_hold``: None, or a dict (``reason``, ``by``, ``at``) while destruction is blocked;
* ``appraisals``: tuple of dicts, one per 到期鉴定 decision (``decision``, ``retention``,
  ``by``, ``at``, ``note``), oldest first.

Only plain values in the mapping (no Zope objects), so a copy can go into reports,
the register and transfer packages as it is.
"""

from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations

ANNOTATION_KEY = "collective.gongwen.archive"

FIELDS = (
    "fonds_number",
    "category",
    "year",
    "retention",
    "organ_code",
    "organ_title",
    "item_number",
    "archival_code",
    "archived_at",
    "archived_by",
    "files",
    "report_id",
    "legal_hold",
    "appraisals",
)


def _annotations(obj):
    try:
        return IAnnotations(obj)
    except TypeError:
        return None


def archive_info(obj):
    """A plain ``dict`` copy of ``obj``'s 归档章 data; None if it was never archived."""
    annotations = _annotations(obj)
    stored = annotations.get(ANNOTATION_KEY) if annotations is not None else None
    return dict(stored) if stored is not None else None


def is_archived(obj):
    """True if ``obj`` carries 归档章 data."""
    return archive_info(obj) is not None


def write_archive_info(obj, **fields):
    """Store (or update) fields of ``obj``'s 归档章 data; the stored mapping.

    Unknown keys are refused (``KeyError``): every reader relies on ``FIELDS``.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise KeyError(f"unknown archive fields: {sorted(unknown)}")
    annotations = IAnnotations(obj)
    stored = annotations.get(ANNOTATION_KEY)
    if stored is None:
        stored = annotations[ANNOTATION_KEY] = PersistentMapping()
    stored.update(fields)
    return stored
