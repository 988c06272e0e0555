"""The files of a document: their roles, their order, adding and replacing them.

A 发文/收文 holds its files as ``gongwen_attachment`` items, in order. Each
has a role (``file_role``): 附件 (the only role the 附件说明 lists, R-D4),
来文原件, 正式文件, 处理单, 归档记录 (written by 归档 only) or 正文 (a 发文's
Word 正文, written through ``body.py`` only, R-D6). Replacing a file
keeps the earlier one as a version (R-A2), except the kept slip's refreshes between milestones
(``refresh_file``). The document page's views (``content/browser/``) and the
incoming document's original-file subscriber (``original.py``) change files
only through these functions; permissions and R-D3 are checked by the callers
and, whatever the path, by ``classified.py``'s subscribers.
"""

import hashlib

from Acquisition import aq_base
from OFS.event import ObjectWillBeAddedEvent
from plone import api
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile
from ZODB.interfaces import BlobError
from zope.annotation.interfaces import IAnnotations
from zope.container.interfaces import INameChooser
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectAddedEvent
from zope.lifecycleevent import ObjectModifiedEvent
from ZPublisher.Iterators import filestream_iterator

from collective.gongwen import _
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.versions import current_version_id
from collective.gongwen.interfaces import IGongwenAttachment

FILE_TYPE = "gongwen_attachment"

ATTACHMENT = "attachment"
ORIGINAL = "original"
TYPESET = "typeset"
SLIP = "slip"
# R-R1: the 归档记录 written as a document is archived (archive.filing); never uploaded
RECORD = "record"
# R-D6: the 发文's Word/WPS/ODT 正文 (content/body.py); not an 附件, never in DEFAULT_ROLES
BODY = "body"
# The roles only the system writes: never chosen for an upload in the 文件 panel.
SYSTEM_ROLES = (RECORD, BODY)

# The file the document page shows first: the original as received, else
# the typeset official file, else the first attachment.
DEFAULT_ROLES = (ORIGINAL, TYPESET, ATTACHMENT)

# The id of the 收文's original file inside it (``original.py``).
ORIGINAL_ID = "original"

# Where plone.app.versioningbehavior reads a version's comment (the edit
# form's 修改说明 field puts it there too).
CHANGE_NOTE_KEY = "plone.app.versioningbehavior-changeNote"


def role_of(item):
    """The role of file ``item``; files from before roles existed are 附件."""
    return getattr(aq_base(item), "file_role", None) or ATTACHMENT


def files_of(document):
    """The files inside ``document``, in their order."""
    return [item for item in document.objectValues() if IGongwenAttachment.providedBy(item)]


def attachments_of(document):
    """The files of ``document`` that are 附件 (what the 附件说明 lists, R-D4), in order."""
    return [item for item in files_of(document) if role_of(item) == ATTACHMENT]


def original_of(document):
    """The 收文's 来文原件 (the first file of that role); None if it has none."""
    for item in files_of(document):
        if role_of(item) == ORIGINAL:
            return item
    return None


def default_file(document):
    """The file the document page shows when none is chosen; None without files."""
    files = files_of(document)
    for role in DEFAULT_ROLES:
        for item in files:
            if role_of(item) == role:
                return item
    return files[0] if files else None


def blob_file(data, filename):
    """A ``NamedBlobFile`` of ``data`` named ``filename`` cleaned (``filetypes.clean_filename``).

    Its content type is guessed from the name; entry paths have checked
    that the content is what the name says (``filecheck.py``).
    """
    return NamedBlobFile(data, filename=clean_filename(filename))


def file_source(named_file):
    """Where ``named_file``'s bytes are read from: its committed blob's path (str), or its
    bytes when the blob was written in this transaction (or a savepoint of it)."""
    try:
        return named_file._blob.committed()
    except (AttributeError, BlobError):
        return named_file.data


def stream_file(named_file):
    """The body of a response giving ``named_file``: streamed from its blob once committed,
    else its bytes (``file_source``)."""
    source = file_source(named_file)
    return filestream_iterator(source, "rb") if isinstance(source, str) else source


def add_file(
    document,
    data,
    filename,
    role=ATTACHMENT,
    id=None,
    versioned=True,
    document_modified=True,
):
    """Add a file of ``role`` to ``document`` (after the others); return it.

    The id follows the file name (safe and unique), as folder_contents'
    upload does. It is chosen before the file is added, so the file is added
    once under it (``plone.api``'s ``safe_id`` adds it under a random id, then
    renames it: a second round of events, reindexing and a savepoint).
    ``versioned=False`` (a file written once and never changed, the 归档记录) keeps it
    out of CMFEditions: no initial version is stored. ``document_modified=False`` (a file
    the system makes of the document: the 归档记录 at 归档, beside its own reindexing of the
    document; the 正式文件 and the kept 处理单 a worker files, which must not write the
    document, ``content.searchable``) adds it without telling the document it changed: no
    ``IContainerModifiedEvent``, so no full reindex, new modification date or
    modified-document subscriber of the document. The file's own events still run (an
    archived document refuses it, ``archive.readonly``).
    """
    content = createContent(
        FILE_TYPE,
        id=id or clean_filename(filename),
        file=blob_file(data, filename),
        file_role=role,
        **({} if versioned else {"versioning_enabled": False}),
    )
    if document_modified:
        return addContentToContainer(document, content)
    # plone.dexterity's addContentToContainer without the container's modified event
    name = INameChooser(document).chooseName(content.id, content)
    content.id = name
    notify(ObjectWillBeAddedEvent(content, document, name))
    document._setObject(name, content, suppress_events=True)
    item = document._getOb(name)
    notify(ObjectAddedEvent(item, document, name))
    return item


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def same_file(item, data, filename):
    """True if ``item`` already holds exactly ``data`` under ``filename``."""
    current = getattr(aq_base(item), "file", None)
    if current is None or current.filename != filename or current.getSize() != len(data):
        return False
    return _digest(current.data) == _digest(data)


def replace_file(item, data, filename, comment=None):
    """Store ``data`` as the new file of ``item``, saved as a new version (R-A2).

    Returns False (and changes nothing) when ``item`` already holds the same
    file, so a repeated submission does not make an empty version. An
    untitled file goes by its file name (Plone fills the title with it), so
    its title follows the new name.
    """
    filename = clean_filename(filename)
    if same_file(item, data, filename):
        return False
    keep_current_version(item)
    if comment is None:
        comment = _("version_comment_replaced", default="替换文件")
    old = item.file.filename if getattr(aq_base(item), "file", None) else None
    if old and item.title == old:
        item.title = filename
    item.file = blob_file(data, filename)
    _save_version(item, translate(comment, context=api.env.getRequest()))
    return True


def keep_current_version(item, comment=None):
    """Make sure the file ``item`` holds now is kept as a version before it is replaced (R-A2).

    A file is versioned from the moment it is added (plone.app.versioningbehavior's initial
    version; ``versions.AlwaysVersioned`` keeps its switch on). A file added while its switch
    could still be turned off — a form or REST client leaving it out stored None — has no
    version and a stored off-switch: the switch is cleared and its file saved now, before
    the replacement would take its place. Returns True if a version was saved, with
    ``comment`` (a message; 「初始版本」 by default).
    """
    if not getattr(aq_base(item), "versioning_enabled", True):
        del item.versioning_enabled
    if current_version_id(item) is not None:
        return False
    comment = comment or _("version_comment_initial", default="初始版本")
    api.portal.get_tool("portal_repository").save(
        obj=item, comment=translate(comment, context=api.env.getRequest())
    )
    return True


def refresh_file(item, data, filename):
    """Store ``data`` as the file of ``item`` in place, without a new version.

    For a file the system keeps up to date between the moments worth a
    version (the kept slip, R-T2). The modified event still goes out, so the
    full text and the viewer's conversion follow; CMFEditions' own switch
    (``versioning_enabled``) keeps plone.app.versioningbehavior from saving
    a version meanwhile. Returns False when ``item`` already holds this file.
    """
    filename = clean_filename(filename)
    if same_file(item, data, filename):
        return False
    item.file = blob_file(data, filename)
    item.versioning_enabled = False
    try:
        notify(ObjectModifiedEvent(item, Attributes(IGongwenAttachment, "file")))
    finally:
        del item.versioning_enabled
    return True


def _save_version(item, comment):
    """Announce the change and save it as one version commented ``comment``.

    The modified event must come first: Dexterity reindexes (and so marks
    modified) on it, and plone.app.versioningbehavior then saves a version
    of anything changed since the last one, with the change note of the
    request as its comment; a version saved before the event would be
    followed by a second, uncommented one. The event also lets the
    document's full text (R-A3) and the viewer's conversion follow. Without
    a request (scripts) the behaviour saves nothing itself: we do.
    """
    before = getattr(aq_base(item), "version_id", None)
    request = api.env.getRequest()
    notes = IAnnotations(request) if request is not None else {}
    previous = notes.get(CHANGE_NOTE_KEY)
    notes[CHANGE_NOTE_KEY] = comment
    try:
        notify(ObjectModifiedEvent(item, Attributes(IGongwenAttachment, "file")))
    finally:
        notes[CHANGE_NOTE_KEY] = previous
    if getattr(aq_base(item), "version_id", None) == before:
        api.portal.get_tool("portal_repository").save(obj=item, comment=comment)


def move_file(document, file_id, position):
    """Put file ``file_id`` at ``position`` among the document's items (0 first).

    An absolute position, not a step: submitting the same move twice leaves
    the order as the first did. Returns True if the order changed.
    """
    ids = list(document.objectIds())
    if file_id not in ids:
        return False
    position = max(0, min(int(position), len(ids) - 1))
    if ids.index(file_id) == position:
        return False
    document.moveObjectToPosition(file_id, position)
    # Plone's ordering does not reindex the positions; folder listings sort on them.
    for item in document.objectValues():
        item.reindexObject(idxs=["getObjPositionInParent"])
    return True
