"""``@@gongwen-incoming-act``: the 收文 panel's POST → ``actions.act_incoming``.

The shared ``StepAct`` (CSRF, stale-form check, kept opinion, messages)
with the 收文 choices read from the form: the ordered leaders and the
departments of a 拟办, the leader to insert (and where) or skip, the
department whose part is handled.
"""

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.actions import act_incoming
from collective.gongwen.steps.browser.act import StepAct
from collective.gongwen.steps.browser.act import form_text as _text


def _texts(value):
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return [item for item in values if isinstance(item, str) and item]


def _position(value):
    """The 1-based position chosen in the form as a 0-based index, else None (last)."""
    try:
        return max(int(_text(value)) - 1, 0)
    except ValueError:
        return None


def choices_from(action, form):
    """The keyword choices ``act_incoming`` takes for ``action``, from the posted form."""
    if action == rules.PROPOSE:
        return {
            "leaders": _texts(form.get("leaders")),
            "departments": _texts(form.get("departments")),
            "circulate": _texts(form.get("circulate")),
        }
    if action == rules.INSERT_READER:
        return {
            "leader": _text(form.get("insert_leader")),
            "position": _position(form.get("position")),
        }
    if action == rules.SKIP_READER:
        return {"leader": _text(form.get("skip_leader"))}
    if action in (rules.ASK_INSTRUCTION, rules.INSTRUCT, rules.FINISH_PART):
        return {"department": _text(form.get("department")) or None}
    return {}


class IncomingAct(StepAct):
    """Do the chosen 收文 action with the typed opinion; message; back to the document."""

    def perform(self, document, action, opinion, form):
        act_incoming(document, action, opinion, **choices_from(action, form))
