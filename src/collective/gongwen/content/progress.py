"""Work under way on a document, and what became of it, as its page shows it (R-RUN1).

Background work on a document (its 正式文件, its kept slip …) belongs to
capabilities above ``content``; each one registers a subscription adapter
of ``IDocumentProgress`` for the documents it works on. The document page
lists their notes (``progress_notes``) in the 「文件」 panel: while one is
pending, the panel's script asks ``@@gongwen-progress`` again and reloads
the panel when the pending ones change (as it does for conversions). A
finished result that is taken elsewhere than the panel (the 交换包) is a
``READY`` note with its link.
"""

from typing import NamedTuple

from zope.component import subscribers
from zope.interface import Interface

PENDING = "pending"
WARNING = "warning"
READY = "ready"


class Note(NamedTuple):
    """What a capability says of its work: ``key`` names the work, ``kind`` is ``PENDING``
    while it is under way, ``WARNING`` for what the finished work left to be done, ``READY``
    for a finished result taken from ``link``."""

    key: str
    message: object
    kind: str
    link: str | None = None


class IDocumentProgress(Interface):
    """A capability's work on the document adapted."""

    def notes():
        """The ``Note`` s of the capability's work on the document."""


def progress_notes(document):
    """Every capability's notes on ``document``, in registration order."""
    adapters = subscribers((document,), IDocumentProgress)
    return [note for adapter in adapters for note in adapter.notes()]


def pending_keys(notes):
    """The keys of the pending ``notes``, sorted: what the page waits for."""
    return sorted(note.key for note in notes if note.kind == PENDING)


def pending_work(document):
    """The keys of the work under way on ``document`` (what ``@@gongwen-progress`` waits for)."""
    return pending_keys(progress_notes(document))
