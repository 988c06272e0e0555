"""What follows a delivery's named events (``exchange.events``): the 待签收 index, and the
发文 taken back to 审核发送 when a recipient returns it (退回, R-X1) or its sender recalls it
(收回, R-X2) — by the workflow's ``delivery_returned``/``recall``, which only this may take."""

from Acquisition import aq_base
from plone import api

from collective.gongwen.exchange import rules
from collective.gongwen.exchange.deliveries import INDEX


def reindex_waiting(document, event):
    """Any delivery event: the units the 发文 waits for (``delivery_units``) may have changed."""
    document.reindexObject(idxs=[INDEX])


def take_back_on_return(document, event):
    """退回: back to the sender's secretaries (我的待办), the recipient and reason in the history.

    The recipient's secretaries cannot see the 发文 (R-SEC1): the transition is taken with the
    system's rights, recorded in their name.
    """
    with api.env.adopt_roles(["Manager"]):
        _take_back(document, "delivery_returned", f"{event.recipient}：{event.reason}")


def take_back_on_recall(document, event):
    """收回: back to 审核发送, the reason (possibly empty) in the history."""
    _take_back(document, "recall", event.reason or "")


def _take_back(document, transition, comment):
    """Take a sent ``document`` back by ``transition``, which only this may do (the guard)."""
    if api.content.get_state(obj=document) != rules.SENT:
        return  # another delivery of it was returned or recalled first
    document._gongwen_taking_back = True
    try:
        api.content.transition(obj=document, transition=transition, comment=comment)
    finally:
        del document._gongwen_taking_back


def taking_back(document):
    """True while a recall or a 退回 takes the document back (the workflow's guard)."""
    return bool(getattr(aq_base(document), "_gongwen_taking_back", False))
