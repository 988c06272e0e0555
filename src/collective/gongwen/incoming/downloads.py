"""Who downloaded a 收文's files (R-I4, 第十六条 "存于本人计算机").

Every file of a 收文 — an attachment, the 来文原件 (``original``) or an
earlier version of one — is served by the download views, which fire
``content.events.FileDownloaded`` (``content.downloads``) for a logged-in
user before the bytes are sent. ``record_file_download`` subscribes for a
收文 and appends a record to an annotation on it. A download that then
fails (no such file, an error) aborts the transaction and leaves no record.

Recording on a GET writes to the database: the objects written are
marked with ``plone.protect.utils.safeWrite`` so plone.protect does not
ask the person to confirm the download.
"""

from Acquisition import aq_base
from DateTime import DateTime
from persistent.list import PersistentList
from plone.protect.utils import safeWrite
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest

from collective.gongwen.content.events import FILE

DOWNLOADS_KEY = "collective.gongwen.downloads"


def _writable_log(document, request=None):
    """The document's download list, created if need be; every object written is safe."""
    annotations = IAnnotations(document)
    stored = getattr(aq_base(document), "__annotations__", None)
    if DOWNLOADS_KEY not in annotations:
        annotations[DOWNLOADS_KEY] = PersistentList()
        safeWrite(document, request)  # the annotations may just have been created
        safeWrite(getattr(aq_base(document), "__annotations__", stored), request)
    log = annotations[DOWNLOADS_KEY]
    safeWrite(log, request)
    return log


def record_download(document, user_id, file_id, title, version=None, request=None):
    """Append a download of file ``file_id`` (``title``) by ``user_id`` now; return the record."""
    record = {
        "user_id": user_id,
        "time": DateTime(),
        "file_id": file_id,
        "title": title,
    }
    if version is not None:
        record["version"] = version
    _writable_log(document, request).append(record)
    return record


def downloads(document):
    """The download records of ``document``, oldest first (copies)."""
    return tuple(dict(record) for record in IAnnotations(document).get(DOWNLOADS_KEY, ()))


def downloaded_by(document):
    """``{user_id: time of their last download}`` of ``document``'s files."""
    last = {}
    for record in downloads(document):
        last[record["user_id"]] = record["time"]
    return last


def record_file_download(document, event):
    """``FileDownloaded`` of a 收文: record a download of one of its files (not of its slip)."""
    if event.kind != FILE:
        return
    record_download(
        document,
        event.user_id,
        event.file_id,
        event.title,
        version=event.version,
        request=getRequest(),
    )
