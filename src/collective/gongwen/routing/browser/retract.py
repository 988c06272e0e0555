"""撤回 on the 发文 page (R-O11): the button (``@@gongwen-retract-button``, included by the
page, empty unless the current user may take their last hand-over back) and its POST
(``@@gongwen-retract``, CSRF-checked) → ``actions.retract``, the one path (REST
``@workflow``'s ``retract_*`` transitions are planned the same, ``plan.plan_retract``)."""

from Acquisition import aq_inner
from plone import api
from Products.Five.browser import BrowserView

from collective.gongwen import _
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.routing.actions import retract
from collective.gongwen.routing.plan import retract_refusal
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.act import form_text
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.rules import StepError


class RetractButton(BrowserView):
    """The 撤回 form: shown only to whoever may take the document back now."""

    def offered(self):
        if api.user.is_anonymous():
            return False
        user_id = api.user.get_current().getId()
        return retract_refusal(aq_inner(self.context), user_id) is None

    def holders(self):
        """The next holders' names, who have not opened it yet."""
        return "、".join(titles.principal_name(p) for p in current_assignees(self.context))


class Retract(PostAction):
    """Take the last hand-over back (``actions.retract``); a Chinese message; back to the page."""

    anchor = "gongwen-routing"

    def outcome(self):
        document = self.document
        try:
            retract(document, form_text(self.request.form.get("reason")))
        except StepError as error:
            return error.message, ERROR
        step = api.content.get_state(obj=document)
        return (
            _(
                "routing_retracted",
                default="已撤回，公文回到「${step}」，可修改后重新送出。",
                mapping={"step": titles.step_title(step, self.request, document.portal_type)},
            ),
            INFO,
        )
