"""``@@gongwen-act``: the action panel's POST (CSRF-checked) → ``actions.act``.

A form rendered for another state or before another opinion was recorded
(someone else acted, or the same button was clicked twice) is refused with
the current step; a refused action shows its Chinese message and the typed
opinion comes back into the opinion box, so nothing written is lost. Redirects
back to the document, except when the opinion is too long for a cookie: then
the response is the document page itself, with the opinion in the box.
"""

from plone import api

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.routing import rules
from collective.gongwen.routing import titles
from collective.gongwen.routing.actions import act
from collective.gongwen.routing.browser.panel import COUNTERSIGN_ACTIONS
from collective.gongwen.routing.browser.panel import FORWARD_ACTIONS
from collective.gongwen.routing.browser.panel import KEPT_OPINION_COOKIE
from collective.gongwen.routing.browser.panel import form_seen
from collective.gongwen.routing.browser.panel import keep_opinion
from collective.gongwen.typeset.official import missing_attachments_message


def _text(value):
    return value if isinstance(value, str) else ""


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
    chosen = [_text(item) for item in values if _text(item)]
    return chosen or None


class Act(PostAction):
    """Do the chosen action with the typed opinion; message; back to the document."""

    anchor = "gongwen-routing"

    def outcome(self):
        self.opinion = _text(self.request.form.get("opinion"))
        self.overlong = False
        return self.act(self.document, self.request.form, self.opinion)

    def also_shown(self, kind):
        if kind == "info" and _text(self.request.form.get("action")) == rules.NUMBER:
            # R-T1: the 正式文件 was typeset; say which 附件 it lacks the pages of
            warning = missing_attachments_message(self.document)
            if warning is not None:
                return ((warning, "warning"),)
        return ()

    def respond(self):
        if self.overlong:
            # Too long for the cookie: this response is the page, opinion in the box.
            self.request.other[KEPT_OPINION_COOKIE] = self.opinion.strip()
            document = self.document
            return document.restrictedTraverse(document.getLayout() or "view")()
        return super().respond()

    def act(self, document, form, opinion):
        """Return ``(message, "info" or "error")``."""
        step, seen = form_seen(document)
        if (_text(form.get("state")), _text(form.get("seen"))) != (step, str(seen)):
            return self.refused(
                _(
                    "error_routing_stale",
                    default="公文已被他人处理，当前环节为${step}，请刷新后重试。",
                    mapping={"step": self.step_title(step)},
                ),
                opinion,
            )
        action = _text(form.get("action"))
        try:
            self.perform(document, action, opinion, form)
        except rules.RoutingError as error:
            return self.refused(error.message, opinion)
        new_step = api.content.get_state(obj=document)
        if action == rules.COUNTERSIGN_ACTION and new_step != rules.COUNTERSIGN:
            action = rules.COUNTERSIGN_DONE  # R-O7: the last co-signature was 送秘书
        return (
            _(
                "routing_done",
                default="已办理「${action}」，当前环节：${step}。",
                mapping={
                    "action": self.action_title(action),
                    "step": self.step_title(new_step),
                },
            ),
            "info",
        )

    def perform(self, document, action, opinion, form):
        """Do the action (``actions.act``); raises ``rules.RoutingError`` when refused."""
        act(
            document,
            action,
            opinion,
            on_behalf_of=_text(form.get("on_behalf_of")) or None,
            assignees=chosen_assignees(action, form),
        )

    def action_title(self, action):
        """The action's title for the message."""
        return titles.action_title(action, self.request)

    def step_title(self, step):
        """The step's title for the message, from the document's workflow."""
        return titles.step_title(step, self.request, self.context.portal_type)

    def refused(self, message, opinion):
        """An error message; the typed opinion is kept for the opinion box."""
        if opinion.strip():
            self.overlong = not keep_opinion(self.request, self.context, opinion.strip())
            message = _(
                "error_routing_opinion_kept",
                default="${error} 您填写的意见已保留在下方「办理」栏中。",
                mapping={"error": message},
            )
        return message, "error"
