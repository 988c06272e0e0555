"""The named events of the Word 正文 (R-D6), one per action, for the audit trail (R-U1).

Fired by the code that acts, after it acted: ``wordbody.actions`` (上传, 签出编辑,
取消签出, 签入, 清稿 requested), the 清稿 worker's result endpoint (``endpoints.Result``:
the clean version stored) and ``wordbody.handover`` (a check-out ended by the hand-over).
``object`` is the 发文; ``record`` the version record the action stored
(``content.body.put_body``), or, for the lock's events, the current version's record
(None before any). A failed analysis or 清稿 fires nothing: nothing was stored, and the
worker's reason is shown on the 正文 panel.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IBodyEvent(IObjectEvent):
    """Something was done to the Word 正文 of the 发文 ``object`` by ``actor``."""

    actor = Attribute("The user id who acted (清稿 stored: who asked for it)")
    record = Attribute("The version record stored or concerned (a dict), or None")
    step = Attribute("The workflow state acted at (None: the document's current state)")


class IBodyUploaded(IBodyEvent):
    """上传: ``record`` is the 正文's first version."""


class IBodyCheckedOut(IBodyEvent):
    """签出编辑: ``actor`` took the ``lock`` of ``record``'s version."""

    lock = Attribute("The lock: holder, holder_name, since, until")


class IBodyCheckOutCancelled(IBodyEvent):
    """取消签出: ``actor`` gave the ``lock`` up without a new version."""

    lock = Attribute("The lock given up")


class IBodyCheckedIn(IBodyEvent):
    """签入: ``record`` is the new version, the lock released."""


class IBodyCleanRequested(IBodyEvent):
    """清稿 asked for: a worker is to clean ``record``'s version."""


class IBodyCleaned(IBodyEvent):
    """清稿 stored: ``record`` is the clean version, in the name of who asked for it."""


class IBodyCheckOutEnded(IBodyEvent):
    """The hand-over (a transition by ``actor``) ended the check-out ``lock``."""

    lock = Attribute("The lock ended")


class BodyEvent(ObjectEvent):
    def __init__(self, document, actor, record=None, lock=None, step=None):
        super().__init__(document)
        self.actor = actor
        self.step = step
        self.record = dict(record) if record is not None else None
        self.lock = dict(lock) if lock is not None else None


@implementer(IBodyUploaded)
class BodyUploaded(BodyEvent):
    pass


@implementer(IBodyCheckedOut)
class BodyCheckedOut(BodyEvent):
    pass


@implementer(IBodyCheckOutCancelled)
class BodyCheckOutCancelled(BodyEvent):
    pass


@implementer(IBodyCheckedIn)
class BodyCheckedIn(BodyEvent):
    pass


@implementer(IBodyCleanRequested)
class BodyCleanRequested(BodyEvent):
    pass


@implementer(IBodyCleaned)
class BodyCleaned(BodyEvent):
    pass


@implementer(IBodyCheckOutEnded)
class BodyCheckOutEnded(BodyEvent):
    pass
