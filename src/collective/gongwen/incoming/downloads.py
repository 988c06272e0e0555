"""Who downloaded a 收文's files (R-I4, 第十六条 "存于本人计算机").

Every file of a 收文 — an attachment, the 来文原件 (``original``) or an
earlier version of one — is an item inside it, served by plone.namedfile's
``@@download`` / ``@@display-file`` or ``@@gongwen-version-download``.
Rather than replacing those views, ``record_published_download`` listens
to ZPublisher's ``IPubAfterTraversal``: once the request is traversed and
the user authenticated, and before the view runs, it looks at the view
about to be published; when it serves a file of a 收文 to a user who is
logged in, a record is appended to an annotation on the 收文. A download
that then fails (no such file, an error) aborts the transaction and
leaves no record.

Recording on a GET writes to the database: the objects written are
marked with ``plone.protect.utils.safeWrite`` so plone.protect does not
ask the person to confirm the download.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from DateTime import DateTime
from persistent.list import PersistentList
from plone import api
from plone.protect.utils import safeWrite
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenIncoming

DOWNLOADS_KEY = "collective.gongwen.downloads"
# The views that hand a file's bytes to the browser.
DOWNLOAD_VIEWS = frozenset(("download", "display-file", "gongwen-version-download"))


def incoming_of(context):
    """``(document, item)``: the 收文 a file ``context`` belongs to; ``(None, None)`` else.

    ``item`` is the attachment, or None when the 收文 itself serves a field.
    """
    context = aq_inner(context)
    if IGongwenIncoming.providedBy(context):
        return context, None
    if IGongwenAttachment.providedBy(context):
        parent = aq_parent(context)
        if IGongwenIncoming.providedBy(parent):
            return parent, context
    return None, None


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


def _version_of(view):
    """The version ``@@gongwen-version-download/<id>`` serves (None when not one)."""
    subpath = getattr(view, "subpath", None) or ()
    return subpath[0] if subpath else None


def _first_bytes(request):
    """False for a ranged request that does not start at the file's beginning.

    PDF readers fetch a file in many ranges; one download is one record.
    """
    ranges = request.get_header("Range") or ""
    return not ranges or ranges.replace(" ", "").startswith("bytes=0-")


def record_published_download(event):
    """``IPubAfterTraversal``: record a logged-in user's download of a 收文's file."""
    request = event.request
    view = request.get("PUBLISHED")
    if getattr(view, "__name__", None) not in DOWNLOAD_VIEWS:
        return
    if request.get("REQUEST_METHOD", "GET") != "GET" or not _first_bytes(request):
        return
    document, item = incoming_of(getattr(view, "context", None))
    if document is None or api.user.is_anonymous():
        return
    source = item if item is not None else document
    record_download(
        document,
        api.user.get_current().getId(),
        source.getId(),
        source.Title(),
        version=_version_of(view) if view.__name__ == "gongwen-version-download" else None,
        request=request,
    )
