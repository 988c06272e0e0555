"""Downloads of a 发文's or 收文's files, told as ``content.events.FileDownloaded``.

Every file of a document — an attachment, the 正式文件, the 来文原件 or an
earlier version of one — is an item inside it, served by plone.namedfile's
``@@download`` / ``@@display-file`` or ``@@gongwen-version-download``.
Rather than replacing those views, ``published_download`` listens to
ZPublisher's ``IPubAfterTraversal``: once the request is traversed and the
user authenticated, and before the view runs, it looks at the view about to
be published; when it serves a file of a document to a logged-in user, the
event is fired (a download that then fails aborts the transaction, and
with it whatever a subscriber wrote). The views that serve other files of a
document (the slip, the exchange package) call ``downloaded`` themselves.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from zope.event import notify

from collective.gongwen.content.events import FILE
from collective.gongwen.content.events import FileDownloaded
from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenDocument

# The views that hand a file item's bytes to the browser.
DOWNLOAD_VIEWS = frozenset(("download", "display-file", "gongwen-version-download"))
VERSION_VIEW = "gongwen-version-download"


def document_of(context):
    """``(document, item)``: the 发文/收文 a file ``context`` belongs to; ``(None, None)`` else.

    ``item`` is the file item, or None when the document itself serves a field.
    """
    context = aq_inner(context)
    if IGongwenDocument.providedBy(context):
        return context, None
    if IGongwenAttachment.providedBy(context):
        parent = aq_parent(context)
        if IGongwenDocument.providedBy(parent):
            return parent, context
    return None, None


def _version_of(view):
    """The version ``@@gongwen-version-download/<id>`` serves (None when not one)."""
    subpath = getattr(view, "subpath", None) or ()
    return subpath[0] if subpath else None


def _first_bytes(request):
    """False for a ranged request that does not start at the file's beginning.

    PDF readers fetch a file in many ranges; one download is one event.
    """
    ranges = request.get_header("Range") or ""
    return not ranges or ranges.replace(" ", "").startswith("bytes=0-")


def downloaded(document, kind, file_id, title, item=None, version=None):
    """Fire ``FileDownloaded`` for the current user (none for an anonymous one)."""
    if api.user.is_anonymous():
        return
    user_id = api.user.get_current().getId()
    notify(FileDownloaded(document, kind, file_id, title, user_id, item=item, version=version))


def published_download(event):
    """``IPubAfterTraversal``: a file item of a document about to be downloaded (a GET)."""
    request = event.request
    view = request.get("PUBLISHED")
    name = getattr(view, "__name__", None)
    if name not in DOWNLOAD_VIEWS:
        return
    if request.get("REQUEST_METHOD", "GET") != "GET" or not _first_bytes(request):
        return
    document, item = document_of(getattr(view, "context", None))
    if document is None:
        return
    source = item if item is not None else document
    version = _version_of(view) if name == VERSION_VIEW else None
    downloaded(document, FILE, source.getId(), source.Title(), item=item, version=version)
