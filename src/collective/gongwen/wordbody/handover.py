"""R-D6: the 正文 checked out by someone who hands the 发文 on (提交, 送…, 退回, 撤回, 签发 …).

A check-out is for the step it was taken at. Before the hand-over, the 办理 panel warns its
holder that his check-out is still open (``open_check_out``, shown by
``browser/handover.py``): 签入 first, or the changes stay on his desktop. At the hand-over,
``release_on_hand_over`` (a subscriber of the 发文's transitions) gives the lock up
(``rules.hand_over_ends_lock``: every lock when the step changes, the actor's own when it
stays — one co-signer of several has signed) — so the next holders are not blocked, and a
lock never comes back to life when the document returns to its former holder. The audit
trail hears of it (``events.BodyCheckOutEnded``); the versions' records stay the record of
the 正文 (what was checked in, by whom, at which step).
"""

from plone import api
from zope.event import notify

from collective.gongwen.content import body
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import events
from collective.gongwen.wordbody import rules


def open_check_out(document, user_id):
    """The check-out lock ``user_id`` holds on the 正文 now (still his step); None if none."""
    lock = actions.effective_lock(document)
    if lock is None or not user_id or lock["holder"] != user_id:
        return None
    return lock


def _state_id(state):
    return state.getId() if state is not None else None


def release_on_hand_over(document, event):
    """Subscriber (``IAfterTransitionEvent`` of a 发文): the hand-over ends the check-out."""
    if event.transition is None:  # the workflow's initial state, not a hand-over
        return
    lock = body.lock_of(document)
    if lock is None:
        return
    actor = None if api.user.is_anonymous() else api.user.get_current().getId()
    old, new = _state_id(event.old_state), _state_id(event.new_state)
    if rules.hand_over_ends_lock(old, new, lock["holder"], actor):
        body.release_lock(document)
        record = body.current_record(document)
        notify(events.BodyCheckOutEnded(document, actor, record, lock, step=old))
