"""The Word 正文 of a 发文 (R-D6): its file, the record of every version, the lock, the
official HTML and the version that was signed.

The Word/WPS/ODT 正文 is ONE ``gongwen_attachment`` inside the document, of role
``files.BODY`` and id ``BODY_ID``: CMFEditions keeps its versions (R-A2), the conversion
subscriber makes its pages and text (R-A1, R-A3), R-D3's subscribers refuse it when
classified. It is not an 附件 (R-D4 counts role ``ATTACHMENT`` only). A 发文 has either a
rich-text 正文 (``text``) or a Word 正文, never both.

Kept in annotations of the DOCUMENT, written in the same transaction as the file:

- ``RECORDS_KEY``: every stored version's record, oldest first, append-only —
  ``{"number", "version", "kind", "actor", "actor_name", "step", "step_title", "time",
  "filename", "size", "sha256", "analysis"}`` (``number``: 第N版, 1 for the first;
  ``version``: the CMFEditions version id of the body item after the save; ``time``: ISO
  UTC text; ``analysis``: None until the worker posts it, see ``set_analysis``);
- ``LOCK_KEY``: the check-out lock ``{"holder", "holder_name", "since", "until"}`` (ISO
  UTC); an expired lock is no lock;
- ``OFFICIAL_KEY``: ``{"version", "html"}``, the 套红 source written by the 清稿 job;
- ``SIGNED_KEY``: the version current at 签发 (R-O6, 发文稿纸).

Storage only: who may do what is ``wordbody.rules``, the actions are ``wordbody.actions``
(the one path for forms, REST and workers); nothing here checks permissions.
"""

import datetime
import hashlib

from Acquisition import aq_base
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations

from collective.gongwen import _
from collective.gongwen.content import bodyguard
from collective.gongwen.content import files
from collective.gongwen.content import times
from collective.gongwen.content.annotations import annotation
from collective.gongwen.content.rules import plain_text
from collective.gongwen.content.versions import current_version_id

BODY_ID = "zhengwen"
WORD_EXTENSIONS = (".docx", ".wps", ".odt")

KIND_UPLOAD = "upload"
KIND_CHECKIN = "checkin"
KIND_CLEAN = "clean"
KINDS = (KIND_UPLOAD, KIND_CHECKIN, KIND_CLEAN)
KIND_TITLES = {
    KIND_UPLOAD: _("body_kind_upload", default="上传"),
    KIND_CHECKIN: _("body_kind_checkin", default="签入"),
    KIND_CLEAN: _("body_kind_clean", default="清稿"),
}

ANALYSIS_DONE = "done"
ANALYSIS_FAILED = "failed"
# The tracked changes an analysis keeps (the page lists them; the count is kept whole).
MAX_CHANGES = 500

RECORDS_KEY = "collective.gongwen.body.records"
LOCK_KEY = "collective.gongwen.body.lock"
OFFICIAL_KEY = "collective.gongwen.body.official"
SIGNED_KEY = "collective.gongwen.body.signed"


class BodyError(ValueError):
    """A refused action on the Word 正文; ``message`` is a translatable Chinese message."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class BodyLocked(BodyError):
    """Someone else holds an unexpired check-out lock on the 正文 (``lock`` is it)."""

    def __init__(self, lock):
        self.lock = dict(lock)
        super().__init__(
            _(
                "error_body_locked",
                default="正文已由 ${name} 于 ${since} 签出编辑（${until} 前有效），"
                "请待其签入后再编辑。",
                mapping={
                    "name": lock.get("holder_name") or lock.get("holder"),
                    "since": times.minute_text(lock.get("since")),
                    "until": times.minute_text(lock.get("until")),
                },
            )
        )


def sha256_of(data):
    """The SHA-256 of ``data`` in hex: how a version's file is identified in its record."""
    return hashlib.sha256(data).hexdigest()


def body_item(document):
    """The document's Word 正文 (a ``gongwen_attachment`` of role BODY); None if it has none."""
    item = getattr(aq_base(document), BODY_ID, None)
    if item is None or files.role_of(item) != files.BODY:
        return None
    return document._getOb(BODY_ID)


def has_word_body(document):
    """True when ``document`` has a Word 正文."""
    return body_item(document) is not None


def rich_text_of(document):
    """The HTML of the document's rich-text 正文 (``text``); "" if none."""
    return getattr(getattr(aq_base(document), "text", None), "raw", "") or ""


def has_rich_text(document):
    """True when the rich-text 正文 holds any text (then no Word 正文 may be added)."""
    return bool(plain_text(rich_text_of(document)))


def both_bodies_refusal():
    """The message refusing a Word 正文 beside a rich-text one."""
    return _(
        "error_body_one_kind",
        default="正文只能有一种：本文已在正文框中录入了正文。如要改用 Word 或 WPS 正文，"
        "请先清空正文框并保存，再上传。",
    )


def rich_text_refusal():
    """The message refusing rich text typed beside a Word 正文 (the edit form, REST)."""
    return _(
        "error_body_one_kind_word",
        default="正文只能有一种：本文已有 Word 正文，请在「正文」处签出编辑、签入新版本，"
        "正文框须留空。",
    )


def _records(document, create=False):
    return annotation(document, RECORDS_KEY, PersistentList if create else None)


def put_body(document, data, filename, kind, actor, step, step_title, actor_name=None):
    """Store ``data`` as the new version of the Word 正文 and its record; return the record.

    The first adds the body item (``files.add_file``, role BODY, id ``BODY_ID``); later
    ones replace its file, a new CMFEditions version (``files.replace_file``). Refused
    (``BodyError``) beside a rich-text 正文, for an unknown ``kind`` and for a file the 正文
    already holds. ``step_title`` may be an i18n message; it is stored as text.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if has_rich_text(document):
        raise BodyError(both_bodies_refusal())
    item = body_item(document)
    with bodyguard.writing(document):  # the one way the 正文 item changes (bodyguard.py)
        if item is None:
            if getattr(aq_base(document), BODY_ID, None) is not None:
                raise ValueError(f"{BODY_ID!r} is taken by something else")
            item = files.add_file(document, data, filename, role=files.BODY, id=BODY_ID)
            bodyguard.seal(item)
            files.keep_current_version(item)
        else:
            comment = KIND_TITLES[kind]
            if not files.replace_file(item, data, filename, comment=comment):
                raise BodyError(same_file_refusal())
    records = _records(document, create=True)
    record = PersistentMapping(
        {
            "number": len(records) + 1,
            "version": current_version_id(item),
            "kind": kind,
            "actor": actor,
            "actor_name": actor_name or actor,
            "step": step,
            "step_title": _text(step_title),
            "time": times.utc_now().isoformat(timespec="seconds"),
            "filename": item.file.filename,
            "size": len(data),
            "sha256": sha256_of(data),
            "analysis": None,
        }
    )
    records.append(record)
    return dict(record)


def same_file_refusal():
    """The message refusing a file the 正文 already holds."""
    return _("error_body_same_file", default="签入的文件与当前版本相同，未保存新版本。")


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "default") and hasattr(value, "domain"):  # an i18n message
        from zope.globalrequest import getRequest
        from zope.i18n import translate

        return translate(value, context=getRequest())
    return str(value)


def body_records(document):
    """Every version's record (plain dicts), oldest first; [] without a Word 正文."""
    return [dict(record) for record in (_records(document) or ())]


def current_record(document):
    """The record of the version the 正文 holds now; None without a Word 正文."""
    records = _records(document)
    return dict(records[-1]) if records else None


def record_of(document, version):
    """The record of CMFEditions version ``version`` of the 正文; None if none."""
    for record in _records(document) or ():
        if record["version"] == version:
            return dict(record)
    return None


def set_analysis(document, version, analysis):
    """Store the worker's ``analysis`` of ``version`` in its record (the change list bounded).

    Returns False when no record has that version (a body replaced since is still kept:
    every version keeps its own analysis).
    """
    for record in _records(document) or ():
        if record["version"] == version:
            analysis = dict(analysis)
            if analysis.get("changes") is not None:
                analysis["changes"] = [dict(change) for change in analysis["changes"]][:MAX_CHANGES]
            record["analysis"] = analysis
            return True
    return False


def analysis_pending(record):
    """True while the worker has not posted the analysis of ``record``."""
    return record is not None and record.get("analysis") is None


def _moment(value):
    return times.in_zone(value, datetime.UTC)


def lock_of(document, now=None):
    """The unexpired check-out lock of the 正文 (a dict); None when nobody holds one."""
    lock = IAnnotations(document).get(LOCK_KEY)
    if not lock:
        return None
    now = _moment(now) if now is not None else times.utc_now()
    until = _moment(lock.get("until"))
    if until is None or until <= now:
        return None
    return dict(lock)


def take_lock(document, user_id, user_name, hours, now=None):
    """Check the 正文 out to ``user_id`` for ``hours``; return the lock.

    Raises ``BodyLocked`` when someone else holds an unexpired lock; the holder taking it
    again extends it from ``now``.
    """
    now = _moment(now) if now is not None else times.utc_now()
    held = lock_of(document, now)
    if held is not None and held["holder"] != user_id:
        raise BodyLocked(held)
    lock = PersistentMapping(
        {
            "holder": user_id,
            "holder_name": user_name or user_id,
            "since": now.isoformat(timespec="seconds"),
            "until": (now + datetime.timedelta(hours=hours)).isoformat(timespec="seconds"),
        }
    )
    IAnnotations(document)[LOCK_KEY] = lock
    return dict(lock)


def release_lock(document, user_id=None):
    """Give the lock up (held by ``user_id``, or whoever when None); True if one was removed."""
    notes = IAnnotations(document)
    lock = notes.get(LOCK_KEY)
    if not lock:
        return False
    if user_id is not None and lock.get("holder") != user_id:
        return False
    del notes[LOCK_KEY]
    return True


def set_official_html(document, version, html):
    """Store ``html`` (the 套红 source made from ``version`` by 清稿)."""
    IAnnotations(document)[OFFICIAL_KEY] = PersistentMapping({"version": version, "html": html})


def official_html(document):
    """The 套红 source HTML, only if it was made from the version the 正文 holds now."""
    official = IAnnotations(document).get(OFFICIAL_KEY)
    item = body_item(document)
    if not official or item is None:
        return None
    if official.get("version") != current_version_id(item):
        return None
    return official.get("html")


def is_clean(document):
    """True when the current version is a 清稿 whose analysis found no change or comment."""
    record = current_record(document)
    if record is None or record["kind"] != KIND_CLEAN:
        return False
    analysis = record.get("analysis") or {}
    return (
        analysis.get("state") == ANALYSIS_DONE
        and analysis.get("revisions") == 0
        and analysis.get("comments") == 0
    )


def mark_signed(document):
    """Remember the current version as the one signed (签发); returns its record or None."""
    record = current_record(document)
    if record is None:
        return None
    IAnnotations(document)[SIGNED_KEY] = record["version"]
    return record


def signed_record(document):
    """The record of the version current at 签发; None if unsigned or without Word 正文."""
    version = IAnnotations(document).get(SIGNED_KEY)
    if version is None:
        return None
    return record_of(document, version)
