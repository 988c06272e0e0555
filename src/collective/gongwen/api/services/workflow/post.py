"""``POST @workflow/<transition>`` on a 发文 or 收文 (R-O1, R-O2, SPEC §5).

plone.restapi answers a transition the user may not take with the workflow
tool's English "No workflow provides the '${action_id}' action."; here it
is refused first with the routing's Chinese message — 403 for someone who
does not hold the step, 400 for a transition the step does not offer. An
allowed transition runs plone.restapi's code unchanged (the opinion check
and the opinion record are the workflow subscribers', ``routing.subscribers``).
A 发文's co-signature is the transition ``routing.plan`` says (R-O7), as in
the 办理 panel: the last pending co-signer's 会签 is 送秘书, one action.
A 撤回 (R-O11) refused says why (not the user's hand-over, or already opened).
A body that is not a JSON object, or a ``comment`` that is not text or is
over 公文设置's opinion limit, is a 400 (R-SEC5) before anything is looked at.
"""

from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.api.params import InvalidParameter
from collective.gongwen.content.bounding import opinion_refusal
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import submission_refused
from collective.gongwen.routing.plan import requested_transition
from collective.gongwen.routing.plan import retract_refusal
from collective.gongwen.routing.plan import signature_refusal
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees


class RoutedTransition(WorkflowTransition):
    """plone.restapi's transition service with the routing's refusals."""

    def reply(self):
        self.check_body()
        refusal = self.plan() if self.transition else None
        refusal = refusal or (self.refusal() if self.transition else None)
        if refusal is None:
            return super().reply()
        status, error = refusal
        self.request.response.setStatus(status)
        return {
            "error": {
                "type": type(error).__name__,
                "message": translate(error.message, context=self.request),
            }
        }

    def check_body(self):
        """The body must be a JSON object (else DeserializationError) whose ``comment`` is text."""
        comment = json_body(self.request).get("comment", "")
        if not isinstance(comment, str):
            raise InvalidParameter(_("error_comment_not_text", default="意见（comment）应为文字。"))
        refusal = opinion_refusal(comment)
        if refusal is not None:  # R-SEC5: refused before plone.restapi touches the object
            raise InvalidParameter(refusal)

    def plan(self):
        """R-O7: a co-signature is one action — the transition the panel's plan takes
        (会签, or the last one's 送秘书); ``(400, StepError)`` if it cannot be planned."""
        if not IGongwenOutgoing.providedBy(self.context):
            return None
        user_id = api.user.get_current().getId()
        try:
            self.transition = requested_transition(self.context, self.transition, user_id)
        except rules.StepError as error:
            return 400, error
        return None

    def refusal(self):
        """``(status, StepError)`` when the transition is not the user's to take, else None."""
        available = {t["id"] for t in self.wftool.getTransitionsFor(self.context)}
        if self.transition in available:
            return None
        user_id = api.user.get_current().getId()
        if self.transition.startswith("retract_") and IGongwenOutgoing.providedBy(self.context):
            # R-O11: why this 撤回 is refused (not the user's move, or already opened)
            refused = retract_refusal(self.context, user_id) or rules.ActionNotAvailableError()
            return (403 if isinstance(refused, rules.RetractNotAllowedError) else 400), refused
        if not rules.is_assignee(principals_of(user_id), current_assignees(self.context)):
            return 403, rules.NotAssigneeError()
        if self.transition == "number":
            refused = signature_refusal(self.context, "number")  # R-O4, as ``plan`` decides
            if refused is not None:
                return 400, refused
        if self.transition == "void":
            # R-O13: why this draft is not voided (never submitted: delete it instead)
            refused = void_refused(self.context, user_id)
            if refused is not None:
                return 400, refused
        # R-D4, R-D5: what is missing, named as the 办理 panel names it
        refused = submission_refused(self.context, rules.action_of_transition(self.transition))
        if refused is not None:
            return 400, refused
        return 400, rules.ActionNotAvailableError()
