"""The versions of a file (R-A2) and the viewer pages kept for each of them.

CMFEditions stores every version of a ``gongwen_attachment``; the
conversion code (``conversion/``) keeps, when a file is replaced, the pages
the viewer made of the replaced version in the annotation
``VERSIONS_KEY``: version id → {"blob_files": path → Blob, "num_pages",
"pdf_image_format"}. These functions read both; who may read is decided by
the caller (the file's View permission, as for the current version).
``AlwaysVersioned`` keeps every file versioned, whatever writes its
「启用版本管理」 switch (form, REST).
"""

from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from plone.app.versioningbehavior.behaviors import IVersionable
from plone.app.versioningbehavior.behaviors import Versionable
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.interface import implementer

from collective.gongwen.interfaces import IGongwenAttachment

VERSIONS_KEY = "collective.gongwen.conversion.versions"

# CMFEditions lets only editors (Access previous versions) read the history;
# R-A2 lets everyone who may see a file see its earlier versions.
HISTORY_ROLES = ["Manager"]


@implementer(IVersionable)
@adapter(IGongwenAttachment)
class AlwaysVersioned(Versionable):
    """plone.versioning on a file (R-A2): its switch is always on and cannot be turned off.

    CMFEditions saves no version of an object whose ``versioning_enabled`` is false — not
    the initial one, nor one before a replacement — so a file added with the switch off
    (a form or REST client leaving it out stores None) kept only its later versions. The
    forms and plone.restapi write the switch through this adapter: a write is ignored.
    (``files.refresh_file`` pauses versioning on the object itself, on purpose, and the
    归档记录, written once, is added without it: ``files.add_file(versioned=False)``.)
    """

    @property
    def versioning_enabled(self):
        return True

    @versioning_enabled.setter
    def versioning_enabled(self, value):
        """Ignored: a file is always versioned."""


def register_for_versions(document):
    """Give ``document`` now the CMFUid id CMFEditions gives the parent of a file it versions.

    CMFEditions writes it on the document the first time one of its files is
    versioned. Called where a file will be filed later (a render job queued in
    the user's step), that write is the step's: the worker filing the
    正式文件 or a kept 处理单 version then writes the file only, never the document
    (no ZODB conflict with the user's next step, R-RUN1). Written once.
    """
    api.portal.get_tool("portal_uidhandler").register(document)


def current_version_id(item):
    """The id of the version the file holds now; None if never versioned."""
    return getattr(aq_base(item), "version_id", None)


def file_versions(item):
    """Each saved version of ``item``, newest first, as a dict.

    Keys: version_id, time (DateTime), actor (user id), comment, file (the
    version's NamedBlobFile, or None), current (True for the file it holds now).
    """
    repository = api.portal.get_tool("portal_repository")
    current = current_version_id(item)
    versions = []
    with api.env.adopt_roles(HISTORY_ROLES):
        history = repository.getHistoryMetadata(item)
        if not history:
            return []
        for index in range(history.getLength(countPurged=False) - 1, -1, -1):
            version_id = history.getVersionId(index, countPurged=False)
            meta = history.retrieve(index, countPurged=False)["metadata"]["sys_metadata"]
            versions.append(
                {
                    "version_id": version_id,
                    "time": DateTime(meta["timestamp"]),
                    "actor": meta.get("principal") or "",
                    "comment": meta.get("comment") or "",
                    "file": _version_file(repository, item, version_id),
                    "current": version_id == current,
                }
            )
    return versions


def _version_file(repository, item, version_id):
    version = repository.retrieve(item, version_id, countPurged=False).object
    return getattr(aq_base(version), "file", None)


def version_file(item, version_id):
    """The file ``item`` held in version ``version_id``; None if there is no such version."""
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(HISTORY_ROLES):
        history = repository.getHistoryMetadata(item)
        if not history:
            return None
        known = {
            history.getVersionId(index, countPurged=False)
            for index in range(history.getLength(countPurged=False))
        }
        if version_id not in known:
            return None
        return _version_file(repository, item, version_id)


class StoredFile:
    """The file of one saved version as CMFEditions' storage keeps it, read in place.

    What the archive's workers read of every version (R-R1, R-R3): its name, type, size
    and blob — ``stream_file`` streams it — without the copy of the whole version that
    ``file_versions`` makes (CMFEditions clones the object and runs its modifiers).
    """

    __slots__ = ("version_id", "filename", "contentType", "_blob")

    def __init__(self, version_id, filename, content_type, blob):
        self.version_id = version_id
        self.filename = filename
        self.contentType = content_type
        self._blob = blob

    def open(self, mode="r"):
        """The blob opened for reading (a saved version is never written)."""
        if mode != "r":
            raise ValueError("a saved version is read only")
        return self._blob.open("r")

    def getSize(self):
        with self.open() as reader:
            reader.seek(0, 2)
            return reader.tell()

    @property
    def data(self):
        with self.open() as reader:
            return reader.read()


def _history(item):
    """(storage, history id, shadow history) of ``item``'s saved versions, or None."""
    storage = api.portal.get_tool("portal_historiesstorage")
    history_id = api.portal.get_tool("portal_historyidhandler").queryUid(aq_base(item), None)
    if history_id is None or not storage.isRegistered(history_id):
        return None
    return storage, history_id, storage.getHistoryMetadata(history_id)


def version_ids(item):
    """The ids of ``item``'s saved versions, oldest first (no version is read)."""
    found = _history(item)
    if found is None:
        return []
    history = found[2]
    return [
        history.getVersionId(index, countPurged=False)
        for index in range(history.getLength(countPurged=False))
    ]


def stored_file(item, version_id):
    """The ``StoredFile`` ``item`` held in version ``version_id``; None if it has no such
    version, the version was purged, or it held no file."""
    found = _history(item)
    if found is None:
        return None
    storage, history_id, history = found
    known = {
        history.getVersionId(index, countPurged=False)
        for index in range(history.getLength(countPurged=False))
    }
    if version_id not in known:
        return None
    saved = storage.retrieve(history_id, version_id, countPurged=False, substitute=False)
    clone = getattr(saved.object, "object", None)  # a purged version is ``Removed``
    named = getattr(aq_base(clone), "file", None) if clone is not None else None
    blobs = [blob for key, blob in (saved.referenced_data or {}).items() if key.endswith(".file")]
    if named is None or len(blobs) != 1:
        return None
    return StoredFile(version_id, named.filename, named.contentType, blobs[0])


def parse_version_id(value):
    """A version id from a URL or form value; None if it is not one."""
    try:
        version_id = int(value)
    except (TypeError, ValueError):
        return None
    return version_id if version_id >= 0 else None


def kept_conversion(item, version_id):
    """The viewer pages kept for version ``version_id`` of ``item``; None if none were kept."""
    kept = IAnnotations(item).get(VERSIONS_KEY)
    if not kept:
        return None
    record = kept.get(version_id)
    if not record or not record.get("blob_files") or not record.get("num_pages"):
        return None
    return record
