"""Who a 发文 is delivered to, what may happen to a delivery and who may do it (R-O10, R-X1,
R-X2); plain Python."""

from collective.gongwen.content.rules import clean_names

MAIN = "main"
CC = "cc"


def delivery_plan(main_recipients, cc_recipients):
    """``[(name, MAIN or CC), …]``: 主送 first, then 抄送; a 主送 recipient is not also copied."""
    main = clean_names(main_recipients)
    cc = [name for name in clean_names(cc_recipients) if name not in main]
    return [(name, MAIN) for name in main] + [(name, CC) for name in cc]


# R-X1/R-X2: the life of one delivery. It waits 待签收 at the recipient
# while ``sent`` or ``opened``; 签收, 退回 and 收回 end it.
SENT = "sent"
OPENED = "opened"
SIGNED = "signed"
RETURNED = "returned"
RECALLED = "recalled"
WAITING = (SENT, OPENED)

OPEN = "open"
SIGN = "sign"
RETURN = "return"
RECALL = "recall"
# Recorded in the trail, changes nothing: a recall refused (R-X2 audits both outcomes).
RECALL_REFUSED = "recall_refused"

_NEXT = {
    (SENT, OPEN): OPENED,
    (OPENED, OPEN): OPENED,
    (SENT, SIGN): SIGNED,
    (OPENED, SIGN): SIGNED,
    (SENT, RETURN): RETURNED,
    (OPENED, RETURN): RETURNED,
    (SENT, RECALL): RECALLED,
}


class DeliveryRefused(Exception):
    """An event the delivery's state does not allow; ``code`` names why (see ``refusal_code``).

    ``message``, when given, is the translatable message itself (e.g. a reason over its bound).
    """

    def __init__(self, code, message=None):
        super().__init__(code)
        self.code = code
        self.message = message


def refusal_code(state, event):
    """Why ``event`` cannot happen to a delivery in ``state`` (a short code), or None if it can."""
    if (state, event) in _NEXT:
        return None
    if event == RECALL and state == OPENED:
        return "recall_opened"  # 第十三条: only before the recipient has opened it
    return {SIGNED: "already_signed", RETURNED: "already_returned", RECALLED: "recalled"}.get(
        state, "not_allowed"
    )


def next_state(state, event):
    """The state after ``event``; raises ``DeliveryRefused`` when the state does not allow it."""
    code = refusal_code(state, event)
    if code is not None:
        raise DeliveryRefused(code)
    return _NEXT[(state, event)]


def is_waiting(state):
    """True while the delivery is in the recipient's 待签收 list."""
    return state in WAITING


def may_deliver_again(state):
    """A recipient whose delivery was recalled or returned gets a new one when it is sent again."""
    return state in (RECALLED, RETURNED)


# R-X1: who answers a delivery (opens it, 签收, 退回): the function holding it at the recipient.
SECRETARIES = "secretaries"
RECEIVERS = "receivers"


def answering_function(record):
    """R-X1: the recipient department's receivers, else the recipient unit's secretaries;
    None for a recipient outside the portal (it gets a package, R-X3)."""
    if record.get("department_id"):
        return RECEIVERS
    if record.get("unit_id"):
        return SECRETARIES
    return None


def answer_refusal(is_answerer):
    """R-X1: ``"not_recipient"`` unless the user holds the ``answering_function`` there."""
    return None if is_answerer else "not_recipient"


def recall_refusal(is_sender_secretary, document_state):
    """R-X2: who may recall — the sending unit's secretaries, while the document is sent;
    a short code when refused, else None (which delivery, ``refusal_code`` says)."""
    if not is_sender_secretary:
        return "recall_not_sender"
    if document_state != SENT:
        return "not_allowed"
    return None
