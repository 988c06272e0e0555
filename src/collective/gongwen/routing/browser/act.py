"""``@@gongwen-act``: the 发文 panel's POST → ``actions.act`` (the shared ``StepAct``)."""

from collective.gongwen import _
from collective.gongwen.content.progress import pending_work
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.routing.browser.panel import COUNTERSIGN_ACTIONS
from collective.gongwen.routing.browser.panel import FORWARD_ACTIONS
from collective.gongwen.steps.browser.act import StepAct
from collective.gongwen.steps.browser.act import form_text

OFFICIAL_QUEUED = _(
    "routing_official_queued",
    default="正式文件已交后台排版，排好后列在下方「文件」栏中，之后即可审核发送。",
)


def chosen_assignees(action, form):
    """The next assignees chosen in the panel for ``action``, or None for the default.

    The ticked leaders (``assignees:list``) for 请领导会签 and 会签 (R-O7), the
    selected person (``next_assignee``) for 提交 and 同意.
    """
    if action in COUNTERSIGN_ACTIONS:
        value = form.get("assignees")
    elif action in FORWARD_ACTIONS:
        value = form.get("next_assignee")
    else:
        return None
    values = value if isinstance(value, list | tuple) else [value] if value else []
    chosen = [form_text(item) for item in values if form_text(item)]
    return chosen or None


class Act(StepAct):
    """Do the chosen 发文 action with the typed opinion; message; back to the document."""

    def perform(self, document, action, opinion, form):
        act(
            document,
            action,
            opinion,
            on_behalf_of=form_text(form.get("on_behalf_of")) or None,
            assignees=chosen_assignees(action, form),
        )

    def done_action(self, action, new_step):
        if action == rules.COUNTERSIGN_ACTION and new_step != rules.COUNTERSIGN:
            return rules.COUNTERSIGN_DONE  # R-O7: the last co-signature was 送秘书
        return action

    def also_shown(self, kind):
        # R-T1, R-RUN1: a worker typesets the 正式文件; the 文件 panel follows it (the message
        # stays on the page, so it says what happened, not what is happening)
        numbered = form_text(self.request.form.get("action")) == rules.NUMBER
        if kind == "info" and numbered and rules.OFFICIAL_WORK in pending_work(self.document):
            return ((OFFICIAL_QUEUED, "info"),)
        return ()
