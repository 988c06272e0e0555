"""The 「办理」 panel on a 发文's page: for whoever may act now, the opinion box with its
常用意见 (``@@gongwen-phrases``) and one button per available action. The step,
holders and deadline are the page's header's (``steps/browser/header.py``), the
opinion history its ``@@gongwen-history``; the panel shows nothing to whoever
has nothing to do.

The form posts to ``@@gongwen-act`` (``act.py``) with the state and the number
of opinions it was rendered for, so a stale form or a double click is refused.
Where the next step may go to one of several people (the drafter choosing a
department head, R-ORG1; a leader among several) the panel offers the choice;
an opinion the last post was refused with comes back into the opinion box.
"""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.review import NoDepartmentHeadError
from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import on_behalf_choices
from collective.gongwen.routing.people import step_people
from collective.gongwen.routing.plan import is_last_countersigner
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.opinion_box import form_seen
from collective.gongwen.steps.browser.opinion_box import kept_opinion
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
from collective.gongwen.steps.roles import current_assignees

# The buttons, in the order they are shown; 退回 last. 请领导会签 and a
# co-signer's 会签 take the leaders ticked in the panel (R-O7).
PANEL_ACTIONS = (
    rules.SUBMIT,
    rules.APPROVE,
    rules.REQUEST_COUNTERSIGN,
    rules.SIGN,
    rules.COUNTERSIGN_ACTION,
    rules.NUMBER,
    rules.SEND,
    rules.ARCHIVE,
    rules.RETURN,
    rules.VOID,
)

# The actions that move the document on to one next step, whose assignee may be chosen.
FORWARD_ACTIONS = (rules.SUBMIT, rules.APPROVE)
# The actions that take the ticked leaders (R-O7).
COUNTERSIGN_ACTIONS = (rules.REQUEST_COUNTERSIGN, rules.COUNTERSIGN_ACTION)
# A refused opinion travels back to the panel in this cookie (see ``act.py``).


def available_actions(step, direction):
    """The panel's actions that apply to ``step`` for ``direction`` (rules.transition_for)."""
    found = []
    for action in PANEL_ACTIONS:
        try:
            rules.transition_for(step, action, direction)
        except rules.StepError:
            continue
        found.append(action)
    return found


class ActionPanel(BrowserView):
    """``@@gongwen-action-panel``: included by the document page; empty for 收文."""

    template = ViewPageTemplateFile("panel.pt")

    def __call__(self):
        if not IGongwenOutgoing.providedBy(self.context):
            return ""
        self.update()
        return self.template()

    def update(self):
        document = self.context
        request = self.request
        self.step, self.seen = form_seen(document)
        assignees = current_assignees(document)
        user_id = api.user.get_current().getId()
        self.is_assignee = bool(user_id) and rules.is_assignee(principals_of(user_id), assignees)
        # R-O9: 代录 as ``act`` allows it
        self.on_behalf_choices = [
            {"id": p, "name": titles.principal_name(p)}
            for p in (on_behalf_choices(document, user_id) if user_id else ())
        ]
        # R-O13: 作废 only where ``keeping`` allows it (a returned draft; its drafter, the office)
        may_void = bool(user_id) and void_refused(document, user_id) is None
        self.can_act = self.is_assignee or bool(self.on_behalf_choices) or may_void
        direction = getattr(aq_base(document), "direction", None)
        offered = available_actions(self.step, direction) if self.can_act else ()
        self.actions = [
            {"id": action, "title": titles.action_title(action, request)}
            for action in offered
            if (action == rules.VOID and may_void)
            or (action != rules.VOID and (self.is_assignee or self.on_behalf_choices))
        ]
        # R-O7: the last pending co-signer's action is 送秘书 (whoever types it for them)
        signers = [user_id] if self.is_assignee else [c["id"] for c in self.on_behalf_choices]
        self.last_countersigner = (
            self.step == rules.COUNTERSIGN
            and bool(signers)
            and all(is_last_countersigner(document, signer) for signer in signers)
        )
        # R-R1: 归档 is the 归档 form's (archive/): the panel links to it and posts nothing
        self.archive_offered = any(action["id"] == rules.ARCHIVE for action in self.actions)
        self.actions = [action for action in self.actions if action["id"] != rules.ARCHIVE]
        for action in self.actions:
            if self.last_countersigner and action["id"] == rules.COUNTERSIGN_ACTION:
                action["title"] = titles.action_title(rules.COUNTERSIGN_DONE, request)

    def leader_choices(self):
        """Leaders to tick for 请领导会签 or to forward a 会签 to (R-O7); [] when not offered.

        Offered to the office head at 办公室把关 and to a co-signer; those who
        already hold the document are left out.
        """
        ids = {action["id"] for action in self.actions}
        if not ids & set(COUNTERSIGN_ACTIONS):
            return []
        people = step_people(self.context)
        holding = set(current_assignees(self.context))
        return [
            {"id": leader, "name": titles.principal_name(leader)}
            for leader in people.leaders + people.director
            if leader not in holding
        ]

    def void_offered(self):
        """True when 作废 is among the offered actions (its reason goes in the opinion box)."""
        return any(action["id"] == rules.VOID for action in self.actions)

    def opinion_needed(self):
        """True when one of the offered actions requires a written opinion (R-O2)."""
        return any(rules.needs_opinion(action["id"]) for action in self.actions)

    def next_choices(self):
        """People to choose from as the next step's assignee for 提交/同意; [] when no choice.

        Only people (a role mailbox such as the print room takes it as a
        whole), and only when there are several (R-ORG1: the heads of the
        drafting department, the unit's leaders when the department has no
        分管局领导).
        """
        if not hasattr(self, "actions"):
            self.update()
        forward = [a["id"] for a in self.actions if a["id"] in FORWARD_ACTIONS]
        if not forward:
            return []
        direction = getattr(aq_base(self.context), "direction", None)
        transition = rules.transition_for(self.step, forward[0], direction)
        workflow = api.portal.get_tool("portal_workflow")[OUTGOING_WORKFLOW]
        next_step = workflow.transitions[transition].new_state_id
        try:
            allowed = rules.candidates(next_step, step_people(self.context), dept_reviewers)
        except (rules.StepError, NoDepartmentHeadError):
            return []  # said when the button is pressed
        people = [p for p in allowed if api.user.get(userid=p) is not None]
        if len(people) < 2:
            return []
        return [{"id": p, "name": titles.principal_name(p)} for p in people]

    def kept_opinion(self):
        """The opinion of the last refused post (R-O2: nothing typed is lost), else ""."""
        return kept_opinion(self.request, self.context)
