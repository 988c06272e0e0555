"""The 办理 panel's POST (CSRF-checked), shared by 发文 and 收文: ``StepAct``.

A form rendered for another state or before another opinion was recorded
(someone else acted, or the same button was clicked twice) is refused with
the current step; a refused action shows its Chinese message and the typed
opinion comes back into the opinion box, so nothing written is lost. Redirects
back to the document, except when the opinion is too long for a cookie: then
the response is the document page itself, with the opinion in the box. Each
flow's view says what the action does (``perform``: its one domain function).
"""

from plone import api

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.opinion_box import KEPT_OPINION_COOKIE
from collective.gongwen.steps.browser.opinion_box import form_seen
from collective.gongwen.steps.browser.opinion_box import keep_opinion
from collective.gongwen.steps.rules import StepError


def form_text(value):
    """A posted value as text; "" for anything else (a list, a file …)."""
    return value if isinstance(value, str) else ""


class StepAct(PostAction):
    """Do the chosen action with the typed opinion; message; back to the document."""

    anchor = "gongwen-routing"

    def outcome(self):
        self.opinion = form_text(self.request.form.get("opinion"))
        self.overlong = False
        return self.act(self.document, self.request.form, self.opinion)

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
        if (form_text(form.get("state")), form_text(form.get("seen"))) != (step, str(seen)):
            return self.refused(
                _(
                    "error_routing_stale",
                    default="公文已被他人处理，当前环节为${step}，请刷新后重试。",
                    mapping={"step": self.step_title(step)},
                ),
                opinion,
            )
        action = form_text(form.get("action"))
        try:
            self.perform(document, action, opinion, form)
        except StepError as error:
            return self.refused(error.message, opinion)
        new_step = api.content.get_state(obj=document)
        return (
            _(
                "routing_done",
                default="已办理「${action}」，当前环节：${step}。",
                mapping={
                    "action": self.action_title(self.done_action(action, new_step)),
                    "step": self.step_title(new_step),
                },
            ),
            "info",
        )

    def perform(self, document, action, opinion, form):
        """Do the action with the flow's one domain function; raises ``StepError`` when refused."""
        raise NotImplementedError

    def done_action(self, action, new_step):
        """The action the message names once done (a flow may name what it turned out to be)."""
        return action

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
