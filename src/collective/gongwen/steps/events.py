"""The named events of the steps: fired by the step machinery, subscribed to by notify, typeset, the catalog (and the audit trail)."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IToDoAssigned(IObjectEvent):
    """``principals`` (user or group ids) now have ``object`` in their 我的待办."""

    principals = Attribute("The user and group ids newly assigned to the current step")


@implementer(IToDoAssigned)
class ToDoAssigned(ObjectEvent):
    def __init__(self, document, principals):
        super().__init__(document)
        self.principals = tuple(principals)
