"""What the secretaries do with a delivery (R-X1, R-X2): open, 签收, 退回, 收回.

Each function checks the delivery's state, records the event on the sending
document's delivery (``deliveries.record_event``) and fires its named event
(``exchange.events``), whose subscribers do what follows from it (the 发文
taken back on 退回/收回: ``exchange.subscribers``); ``rules.DeliveryRefused``
(with a code the views turn into Chinese) when the state does not allow it.
The recipient's secretaries cannot see the sending document itself (R-SEC1):
the functions they call work on it with the system's rights, after checking
who acts (``rules.answering_function``, ``rules.recall_refusal``) — the same
refusal for the pages and any caller.
"""

from plone import api
from zope.event import notify

from collective.gongwen import _
from collective.gongwen.content.bounding import opinion_refusal
from collective.gongwen.content.department import IGongwenDepartment
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.events import DeliveryOpened
from collective.gongwen.exchange.events import DeliveryRecalled
from collective.gongwen.exchange.events import DeliveryReturned
from collective.gongwen.exchange.events import DeliverySignedFor
from collective.gongwen.exchange.export import package_files
from collective.gongwen.exchange.export import package_metadata
from collective.gongwen.exchange.receive import create_incoming
from collective.gongwen.incoming.registration import mark_signed_for
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import is_receiver
from collective.gongwen.org.units import is_secretary


def _current_user_id():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


def signs_for(recipient, user_id):
    """R-X1: True when ``user_id`` answers deliveries to ``recipient`` (a unit or department)."""
    if IGongwenDepartment.providedBy(recipient):
        return is_receiver(recipient, user_id)
    return is_secretary(recipient, user_id)


def may_answer(record, user_id):
    """R-X1: True when ``user_id`` may open, 签收 and 退回 the delivery ``record``."""
    if rules.answering_function(record) is None:
        return False
    recipient = deliveries.recipient_of(record)
    return recipient is not None and signs_for(recipient, user_id)


def _check_answerer(document, delivery_id):
    """The delivery record, when the current user is its recipient's; else refused."""
    record = deliveries.delivery(document, delivery_id)
    if record is None:
        raise rules.DeliveryRefused("no_delivery")
    code = rules.answer_refusal(may_answer(record, _current_user_id()))
    if code is not None:
        raise rules.DeliveryRefused(code)
    return record


def may_recall(document, user_id=None):
    """R-X2: True when ``user_id`` (default: the current user) may recall ``document``'s
    deliveries — a secretary of the sending unit, while it is sent."""
    user_id = user_id if user_id is not None else _current_user_id()
    return _recall_refusal(document, user_id) is None


def _recall_refusal(document, user_id):
    return rules.recall_refusal(
        is_secretary(find_unit(document), user_id),
        api.content.get_state(obj=document, default=None),
    )


def open_delivery(document, delivery_id):
    """The recipient opens the delivery: the first open is its receipt (and ends recall)."""
    before = _check_answerer(document, delivery_id)
    actor = api.user.get_current().getId()
    with api.env.adopt_roles(["Manager"]):
        record = deliveries.record_event(document, delivery_id, rules.OPEN, actor=actor)
    if record["state"] != before["state"]:
        notify(DeliveryOpened(document, record, deliveries.recipient_of(record), actor))
    return record


def sign_delivery(document, delivery_id, unit):
    """签收: the recipient ``unit`` registers the document as a 收文 (pre-filled); return it.

    A department (``unit`` is then the department) only records it: it keeps
    reading the delivered files, its unit's 收文 are the secretaries' business.
    Returns the 收文, or None for a department.
    """
    actor = api.user.get_current().getId()
    record = _check_answerer(document, delivery_id)
    if unit is None or unit.UID() != deliveries.recipient_uid(record):
        raise rules.DeliveryRefused("not_recipient")
    rules.next_state(record["state"], rules.SIGN)  # refused before anything is made
    if record.get("department_id"):
        with api.env.adopt_roles(["Manager"]):
            record = deliveries.record_event(document, delivery_id, rules.SIGN, actor=actor)
        notify(DeliverySignedFor(document, record, deliveries.recipient_of(record), actor))
        return None
    with api.env.adopt_roles(["Manager"]):
        metadata = package_metadata(document)
        files = package_files(document)
    incoming = create_incoming(unit, metadata, files)
    mark_signed_for(incoming, delivery_id)  # R-O13: the sender holds its receipt; never voided
    with api.env.adopt_roles(["Manager"]):
        record = deliveries.record_event(
            document, delivery_id, rules.SIGN, actor=actor, incoming=incoming.UID()
        )
    notify(DeliverySignedFor(document, record, unit, actor, incoming=incoming))
    return incoming


def return_delivery(document, delivery_id, reason):
    """退回 with a reason: the document goes back to the sender's secretaries (审核发送).

    The reason is in the receipts and, as the 退回's opinion, in its history.
    """
    _check_answerer(document, delivery_id)
    reason = (reason or "").strip()
    if not reason:
        raise rules.DeliveryRefused("reason_required")
    _check_reason(reason)
    actor = api.user.get_current().getId()
    with api.env.adopt_roles(["Manager"]):
        record = deliveries.record_event(
            document, delivery_id, rules.RETURN, actor=actor, reason=reason
        )
    recipient = deliveries.recipient_of(record)
    notify(DeliveryReturned(document, record, recipient, actor, reason=reason))
    return record


def recall_delivery(document, delivery_id, reason=""):
    """收回 (第十三条): only before the recipient opened it; the document goes back to 审核发送.

    A refused recall is recorded on the delivery too (R-X2), then raised.
    """
    actor = api.user.get_current().getId()
    record = deliveries.delivery(document, delivery_id)
    if record is None:
        raise rules.DeliveryRefused("no_delivery")
    _check_reason(reason)
    code = _recall_refusal(document, actor)
    if code is not None:
        raise rules.DeliveryRefused(code)
    code = rules.refusal_code(record["state"], rules.RECALL)
    if code is not None:
        deliveries.record_refused_recall(document, delivery_id, code, actor=actor)
        raise rules.DeliveryRefused(code)
    record = deliveries.record_event(
        document, delivery_id, rules.RECALL, actor=actor, reason=reason
    )
    recipient = deliveries.recipient_of(record)
    notify(DeliveryRecalled(document, record, recipient, actor, reason=reason or ""))
    return deliveries.delivery(document, delivery_id)


def _check_reason(reason):
    """R-SEC5: a 退回/收回 reason is bounded like an opinion."""
    refusal = opinion_refusal(reason, _("bound_label_reason", default="原因"))
    if refusal is not None:
        raise rules.DeliveryRefused("too_long", refusal)
