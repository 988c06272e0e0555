"""``@@gongwen-routing-guard``: the named predicates the 发文 workflow's guards call.

Each method delegates to ``rules``; the workflow XML holds no logic (R-O4).
"""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView

from collective.gongwen.content.rules import has_main_recipient
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.routing import rules
from collective.gongwen.routing.plan import pending_countersigners
from collective.gongwen.routing.plan import retract_refusal
from collective.gongwen.routing.plan import retract_target
from collective.gongwen.routing.plan import signature_refusal
from collective.gongwen.routing.resign import resigning
from collective.gongwen.steps.keeping import void_refused


class RoutingGuard(BrowserView):
    """Guard predicates on a 发文."""

    def _direction(self):
        return getattr(aq_base(self.context), "direction", None)

    def _step(self):
        return api.content.get_state(obj=self.context)

    def is_upward(self):
        """True for 上行文 (办公室把关 then goes to 主管局领导审阅)."""
        return rules.is_upward(self._direction())

    def may_sign(self):
        """R-O4: 签发 into numbering — upward only by the director's step (``plan``)."""
        return signature_refusal(self.context, "sign") is None

    def may_number(self):
        """R-O4: numbering only with the required 签发 record of the current round (``plan``)."""
        return signature_refusal(self.context, "number") is None

    def may_submit(self):
        """R-D4, R-D5: no 提交前需处理 problem (electronic body, 附件说明 matching the files)."""
        return not submission_problems(self.context)

    def may_send(self):
        """R-O10 (and R-D4): a 主送机关 to send to, and nothing to fix first."""
        return has_main_recipient(self.context) and not submission_problems(self.context)

    def may_void(self):
        """R-O13: a returned draft, voided by its drafter or an office head (``keeping``)."""
        return void_refused(self.context, api.user.get_current().getId()) is None

    def may_retract_to(self, step):
        """R-O11: 撤回 back to ``step`` — the current user's last hand-over, made in ``step``,
        not yet opened by its next holders (``plan.retract_refusal``)."""
        if retract_target(self.context) != step:
            return False
        return retract_refusal(self.context, api.user.get_current().getId()) is None

    def may_resign_to_director(self):
        """R-O6: back to 局长签发 — an upward document, taken by ``resign`` only."""
        return resigning(self.context) and self.is_upward()

    def may_resign_to_leader(self):
        """R-O6: back to 主管局领导签发 — a downward/parallel one, taken by ``resign`` only."""
        return resigning(self.context) and not self.is_upward()

    def _countersign_transition(self):
        """R-O7: what the current user's co-signature is — 会签 while others are pending, else
        送秘书. ``act`` sets the pending co-signers it planned (a forward included) first."""
        pending = pending_countersigners(self.context)
        signer = api.user.get_current().getId()
        return rules.countersign_transition(rules.countersign_pending_after(pending, signer))

    def countersign_complete(self):
        """R-O7: 送秘书 — nobody but (perhaps) the one acting is pending."""
        return self._countersign_transition() == "countersign_done"

    def countersign_continues(self):
        """R-O7: 会签 stays in 领导会签 only while a co-signer is still pending after it."""
        return self._countersign_transition() == "countersign"
