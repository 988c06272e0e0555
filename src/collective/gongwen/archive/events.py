"""The named events of the archive, for whatever reacts to it (catalog, mail, pages).

The archive sits above the audit trail and writes its own entries (``audit.record``).

* ``DocumentArchived``: fired by ``filing`` after a document took its 件号 and made the
  ``archive`` transition (the audit entry of the transition is written by the workflow's
  own subscriber; this one carries the 档号 and the report).
* ``DocumentDestroyed``: fired by ``disposal`` once a document was destroyed under an approved
  request; it carries the 销毁清册 entry, because the document is gone.
* ``LegalHoldChanged``: a legal hold was put on or lifted from an archived item.
* ``DestructionRequested``: an archivist made a 销毁申请 (its approvers are told).
"""

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IDocumentArchived(IObjectEvent):
    """``object`` was archived with ``info`` (its 归档章 data, a dict) by ``actor``."""

    info = Attribute("The 归档章 data (archive.record.archive_info)")
    actor = Attribute("User id of the archivist (or of the batch's starter)")


@implementer(IDocumentArchived)
class DocumentArchived(ObjectEvent):
    def __init__(self, document, info, actor):
        super().__init__(document)
        self.info = info
        self.actor = actor


class IDocumentDestroyed(Interface):
    """A document was destroyed; ``entry`` is its 销毁清册 entry (a dict)."""

    entry = Attribute("The register entry: metadata, hashes, approvers, date")
    uid = Attribute("UID of the destroyed document")
    path = Attribute("Its path inside the site before destruction")
    actor = Attribute("User id of whoever executed the destruction")


@implementer(IDocumentDestroyed)
class DocumentDestroyed:
    def __init__(self, entry, uid, path, actor):
        self.entry = entry
        self.uid = uid
        self.path = path
        self.actor = actor


class ILegalHoldChanged(IObjectEvent):
    """A legal hold was put on (``hold`` a dict) or lifted (``hold`` None) from ``object``."""

    hold = Attribute("The hold now in force, or None")
    actor = Attribute("User id")


@implementer(ILegalHoldChanged)
class LegalHoldChanged(ObjectEvent):
    def __init__(self, document, hold, actor):
        super().__init__(document)
        self.hold = hold
        self.actor = actor


class IDestructionRequested(Interface):
    """A 销毁申请 was made; ``request`` is its record (a dict, ``disposal.get_request``)."""

    request = Attribute("The request: id, unit, reason, items, required functions, state")
    actor = Attribute("User id of the archivist who made it")


@implementer(IDestructionRequested)
class DestructionRequested:
    def __init__(self, request, actor):
        self.request = request
        self.actor = actor
