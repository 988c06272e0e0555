"""What the exchange pages say: delivery states, trail events, refusals (Chinese, translatable)."""

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.exchange import rules
from collective.gongwen.steps import titles

STATE_TITLES = {
    rules.SENT: _("delivery_state_sent", default="待签收（未打开）"),
    rules.OPENED: _("delivery_state_opened", default="待签收（已打开）"),
    rules.SIGNED: _("delivery_state_signed", default="已签收"),
    rules.RETURNED: _("delivery_state_returned", default="已退回"),
    rules.RECALLED: _("delivery_state_recalled", default="已收回"),
}
EVENT_TITLES = {
    rules.SENT: _("delivery_event_sent", default="发送"),
    rules.OPENED: _("delivery_event_opened", default="首次打开"),
    rules.SIGNED: _("delivery_event_signed", default="签收"),
    rules.RETURNED: _("delivery_event_returned", default="退回"),
    rules.RECALLED: _("delivery_event_recalled", default="收回"),
    rules.RECALL_REFUSED: _("delivery_event_recall_refused", default="收回被拒绝"),
}
KIND_TITLES = {
    rules.MAIN: _("delivery_kind_main", default="主送"),
    rules.CC: _("delivery_kind_cc", default="抄送"),
}
REFUSALS = {
    "no_delivery": _("delivery_refused_none", default="找不到该投递，可能已被发文单位收回。"),
    "recall_opened": _(
        "delivery_refused_recall_opened",
        default="对方已打开该公文，不能收回（第十三条：只能在收文者打开之前收回）。",
    ),
    "already_signed": _("delivery_refused_signed", default="该公文已经签收。"),
    "already_returned": _("delivery_refused_returned", default="该公文已经退回。"),
    "recalled": _("delivery_refused_recalled", default="发文单位已收回该公文。"),
    "reason_required": _("delivery_refused_reason", default="退回时请填写退回原因。"),
    "not_allowed": _("delivery_refused_other", default="当前状态不能办理此操作。"),
    "not_recipient": _(
        "delivery_refused_not_recipient",
        default="只有收文单位的秘书（或收文部门的收文员）可以打开、签收或退回该公文。",
    ),
    "recall_not_sender": _(
        "recall_not_allowed", default="只有发文单位的秘书可以收回已发送的公文。"
    ),
}


def text(message, request):
    """``message`` translated for ``request``."""
    return translate(message, context=request)


def refusal(code, request, message=None):
    """The Chinese reason for a refusal ``code`` (its own ``message`` when it has one)."""
    return text(message or REFUSALS.get(code, REFUSALS["not_allowed"]), request)


def person(user_id):
    """A user's full name, else the id (``steps.titles.principal_name``: once per request)."""
    return titles.principal_name(user_id) if user_id else ""


def when(iso):
    """``2026-11-25 14:06`` in the portal's zone from a stored ISO 8601 time (R-RUN2)."""
    return times.minute_text(iso)


def trail_rows(record, request):
    """The trail of a delivery as rows for a table (event, who, when, reason)."""
    return [
        {
            "event": text(EVENT_TITLES.get(entry["event"], entry["event"]), request),
            "actor": person(entry.get("actor")),
            "time": when(entry.get("time")),
            "reason": entry.get("reason", ""),
            "refused": entry["event"] == rules.RECALL_REFUSED,
        }
        for entry in record["trail"]
    ]


def first(record, event):
    """The first trail entry of ``event`` (a state name), or None."""
    return next((entry for entry in record["trail"] if entry["event"] == event), None)
