"""The 「办理」 panel on a 发文's page: state, current holders, opinion history and,
for whoever may act now, the opinion box with one button per available action.

The form posts to ``@@gongwen-act`` (``act.py``) with the state and the number
of opinions it was rendered for, so a stale form or a double click is refused.
"""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import may_enter_on_behalf
from collective.gongwen.routing.browser import display
from collective.gongwen.routing.opinions import opinions
from collective.gongwen.routing.people import principals_of
from collective.gongwen.routing.people import step_people
from collective.gongwen.routing.roles import current_assignees

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
)

# Steps held by leaders, whose paper opinion may be entered for them (代录, R-O9).
ON_BEHALF_STEPS = (
    rules.COUNTERSIGN,
    rules.LEADER_REVIEW,
    rules.DIRECTOR_SIGN,
    rules.LEADER_SIGN,
)


def available_actions(step, direction):
    """The panel's actions that apply to ``step`` for ``direction`` (rules.transition_for)."""
    found = []
    for action in PANEL_ACTIONS:
        try:
            rules.transition_for(step, action, direction)
        except rules.RoutingError:
            continue
        found.append(action)
    return found


def form_seen(document):
    """What the form was rendered for: the state and the number of opinion records."""
    return api.content.get_state(obj=document), len(opinions(document))


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
        self.state_title = display.step_title(self.step, request)
        assignees = current_assignees(document)
        self.holders = [display.principal_name(p) for p in assignees]
        self.history = [
            {
                "step": display.step_title(record.step, request),
                "action": display.action_title(record.action, request),
                "actor": display.actor_text(record, request),
                "time": record.time.strftime("%Y-%m-%d %H:%M"),
                "text": record.text,
            }
            for record in opinions(document)
        ]
        user_id = api.user.get_current().getId()
        self.is_assignee = bool(user_id) and rules.is_assignee(principals_of(user_id), assignees)
        self.on_behalf_choices = []
        if user_id and self.step in ON_BEHALF_STEPS and may_enter_on_behalf(document, user_id):
            self.on_behalf_choices = [
                {"id": p, "name": display.principal_name(p)}
                for p in assignees
                if p != user_id and api.user.get(userid=p) is not None
            ]
        self.can_act = self.is_assignee or bool(self.on_behalf_choices)
        direction = getattr(aq_base(document), "direction", None)
        self.actions = [
            {"id": action, "title": display.action_title(action, request)}
            for action in (available_actions(self.step, direction) if self.can_act else ())
        ]

    def leader_choices(self):
        """Leaders to tick for 请领导会签 or to forward a 会签 to (R-O7); [] when not offered.

        Offered to the office head at 办公室把关 and to a co-signer; those who
        already hold the document are left out.
        """
        ids = {action["id"] for action in self.actions}
        if not ids & {rules.REQUEST_COUNTERSIGN, rules.COUNTERSIGN_ACTION}:
            return []
        people = step_people(self.context)
        holding = set(current_assignees(self.context))
        return [
            {"id": leader, "name": display.principal_name(leader)}
            for leader in people.leaders + people.director
            if leader not in holding
        ]

    def opinion_needed(self):
        """True when one of the offered actions requires a written opinion (R-O2)."""
        return any(rules.needs_opinion(action["id"]) for action in self.actions)
