"""The named events of exchange: a 发文's delivery sent, opened, signed for, returned, recalled.

Each is fired once, where the delivery's state changes (``deliveries.create_deliveries`` for
sent, ``exchange.actions`` for the others), after the delivery's trail and access are
recorded; ``object`` is the sending 发文. Subscribers do what follows (exchange/subscribers.py:
the 待签收 index, the 发文 taken back to 审核发送 on 退回/收回); the audit trail will too.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IDeliveryEvent(IObjectEvent):
    """Something happened to the delivery ``delivery_id`` of the 发文 ``object``."""

    delivery_id = Attribute("The delivery's id (``deliveries.delivery(document, id)``)")
    record = Attribute("The delivery as a plain dict after the change (state, trail, …)")
    recipient = Attribute("The receiving unit's (or department's) name, as 主送/抄送 wrote it")
    unit = Attribute("The receiving unit or department on this portal, or None (outside)")
    actor = Attribute("The user id who did it")


class IDeliverySent(IDeliveryEvent):
    """The 发文 reached 已发送 and the delivery was made (R-O10)."""


class IDeliveryOpened(IDeliveryEvent):
    """The recipient's secretary opened the delivery the first time: its receipt (R-X1)."""


class IDeliverySignedFor(IDeliveryEvent):
    """签收 (R-X1): the recipient unit registered it as a 收文 (a department only records it)."""

    incoming = Attribute("The 收文 created by 签收, or None for a department")


class IDeliveryReturned(IDeliveryEvent):
    """退回 (R-X1) with a reason."""

    reason = Attribute("The reason given")


class IDeliveryRecalled(IDeliveryEvent):
    """收回 (R-X2) by the sending unit's secretary, before the recipient opened it."""

    reason = Attribute("The reason given, possibly empty")


class DeliveryEvent(ObjectEvent):
    def __init__(self, document, record, unit=None, actor=None):
        super().__init__(document)
        self.record = record
        self.delivery_id = record["id"]
        self.recipient = record["recipient"]
        self.unit = unit
        self.actor = actor if actor is not None else record["trail"][-1].get("actor")


@implementer(IDeliverySent)
class DeliverySent(DeliveryEvent):
    pass


@implementer(IDeliveryOpened)
class DeliveryOpened(DeliveryEvent):
    pass


@implementer(IDeliverySignedFor)
class DeliverySignedFor(DeliveryEvent):
    def __init__(self, document, record, unit=None, actor=None, incoming=None):
        super().__init__(document, record, unit, actor)
        self.incoming = incoming


@implementer(IDeliveryReturned)
class DeliveryReturned(DeliveryEvent):
    def __init__(self, document, record, unit=None, actor=None, reason=""):
        super().__init__(document, record, unit, actor)
        self.reason = reason


@implementer(IDeliveryRecalled)
class DeliveryRecalled(DeliveryEvent):
    def __init__(self, document, record, unit=None, actor=None, reason=""):
        super().__init__(document, record, unit, actor)
        self.reason = reason
