"""The 「办理」 panel on a 收文's page (R-I2 … R-I6): for whoever may act now, the form with
its 常用意见 (``@@gongwen-phrases``); 已阅 where offered; the reading order, handling
parts and downloads (催办 and its records are the page's, ``steps/browser/remind.py``).
The step, holders and deadline are the page's header's (``steps/browser/header.py``),
the opinion history its ``@@gongwen-history``.

The step's holder gets its actions; the unit's secretaries also get their
supervising ones (insert or skip a reader, publish) and, where
``routing.keeping`` allows it, 作废 (R-O13). The form posts to
``@@gongwen-incoming-act`` with the state and opinion count it was rendered
for, like the 发文 panel (stale forms and double clicks are refused).
"""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.content import times
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.browser import display as incoming_display
from collective.gongwen.incoming.downloads import downloaded_by
from collective.gongwen.incoming.guard import IncomingGuard
from collective.gongwen.incoming.people import circulation_candidates
from collective.gongwen.incoming.people import department_by_uid
from collective.gongwen.incoming.people import part_holders
from collective.gongwen.incoming.people import reading_candidates
from collective.gongwen.incoming.plan import stored
from collective.gongwen.incoming.reading import to_read
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import is_secretary
from collective.gongwen.org.units import unit_departments
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.opinion_box import form_seen
from collective.gongwen.steps.browser.opinion_box import kept_opinion
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.rules import is_assignee

# The buttons in the order they are shown.
HOLDER_ACTIONS = {
    rules.REGISTERED: (rules.SEND_TO_PROPOSE,),
    rules.PROPOSING: (rules.PROPOSE,),
    rules.ROUTING: (rules.SEND_TO_LEADERS,),
    rules.LEADER_READING: (rules.READ,),
    rules.DISPATCHING: (rules.DISPATCH,),
    rules.CLOSING: (rules.CLOSE,),
    rules.DONE: (rules.ARCHIVE,),
}
# What a part's holder may do at each stage (R-I4).
PART_ACTIONS = {
    rules.PART_RECEIVING: (rules.ASK_INSTRUCTION,),
    rules.PART_INSTRUCTING: (rules.INSTRUCT,),
    rules.PART_INSTRUCTED: (rules.FINISH_PART, rules.ASK_INSTRUCTION),
}


def held_parts(document, principals):
    """``[(department UID, stage)]`` of the open parts held by one of ``principals``."""
    parts = stored(document, "handling_parts", {})
    return [
        (uid, stage)
        for uid, stage in parts.items()
        if stage != rules.PART_DONE and set(principals) & set(part_holders(document, uid, stage))
    ]


def offered_actions(document, user_id):
    """The actions ``user_id`` may press now, in panel order."""
    step = api.content.get_state(obj=document)
    principals = principals_of(user_id)
    found = []
    if step == rules.HANDLING:
        for _uid, stage in held_parts(document, principals):
            found += [a for a in PART_ACTIONS.get(stage, ()) if a not in found]
    elif is_assignee(principals, current_assignees(document)):
        found += HOLDER_ACTIONS.get(step, ())
    if is_secretary(document, user_id):
        if step == rules.LEADER_READING:
            found += [rules.INSERT_READER, rules.SKIP_READER]
        if step == rules.DONE and IncomingGuard(document, None).may_publish():
            found.insert(0, rules.PUBLISH)
        if void_refused(document, user_id) is None:
            found.append(rules.VOID)  # R-O13: a registration made by mistake
    return found


class IncomingPanel(BrowserView):
    """``@@gongwen-action-panel`` on a 收文."""

    template = ViewPageTemplateFile("panel.pt")

    def __call__(self):
        self.update()
        return self.template()

    def update(self):
        document = self.context
        request = self.request
        self.step, self.seen = form_seen(document)
        self.user_id = api.user.get_current().getId()
        actions = offered_actions(document, self.user_id) if self.user_id else []
        # R-R1: 归档 is the 归档 form's (archive/): the panel links to it and posts nothing
        self.archive_offered = rules.ARCHIVE in actions
        actions = [a for a in actions if a != rules.ARCHIVE]
        self.actions = [{"id": a, "title": titles.action_title(a, request)} for a in actions]

    def subject_name(self, subject):
        department = department_by_uid(self.context, subject)
        if department is not None:
            return department.Title()
        return titles.principal_name(subject)

    def offers(self, action):
        return any(a["id"] == action for a in self.actions)

    def kept_opinion(self):
        """The opinion of the last refused post (nothing typed is lost), else ""."""
        return kept_opinion(self.request, self.context)

    # --- what the page shows ---

    def reading_order(self):
        """The leaders who read and who are to read: name and 已阅/阅批中/待阅."""
        rows = [
            {"name": titles.principal_name(p), "status": "read"}
            for p in stored(self.context, "read_by")
        ]
        pending = stored(self.context, "pending_readers")
        if self.step == rules.LEADER_READING:
            rows += [
                {"name": titles.principal_name(p), "status": "current" if i == 0 else "pending"}
                for i, p in enumerate(pending)
            ]
        return rows

    def parts(self):
        """The handling departments and the stage of each (R-I4)."""
        return [
            {
                "title": self.subject_name(uid),
                "stage": incoming_display.part_title(stage, self.request),
                "done": stage == rules.PART_DONE,
            }
            for uid, stage in stored(self.context, "handling_parts", {}).items()
        ]

    def download_rows(self):
        """Who has downloaded the files, and when last (R-I4, 第十六条)."""
        return [
            {
                "name": titles.principal_name(user_id),
                "time": times.minute_text(time),
                "iso": times.iso_text(time),
            }
            for user_id, time in downloaded_by(self.context).items()
        ]

    # --- the form's choices ---

    def leader_rows(self):
        """For 拟办: one select per position, the registered order preselected (R-I2)."""
        candidates = [
            {"id": p, "name": titles.principal_name(p)} for p in reading_candidates(self.context)
        ]
        chosen = list(stored(self.context, "reading_leaders", None) or ())
        return [
            {
                "position": i + 1,
                "chosen": chosen[i] if i < len(chosen) else "",
                "choices": candidates,
            }
            for i in range(len(candidates))
        ]

    def department_choices(self):
        """For 拟办: the unit's departments, those already named ticked."""
        unit = find_unit(self.context)
        chosen = set(stored(self.context, "handling_departments", None) or ())
        return [
            {"uid": d.UID(), "title": d.Title(), "checked": d.UID() in chosen}
            for d in (unit_departments(unit) if unit is not None else ())
        ]

    def circulation_choices(self):
        """For 拟办: people to send it to for information (传阅), those chosen ticked."""
        chosen = set(stored(self.context, "circulate_to", None) or ())
        return [
            {"id": p, "name": titles.principal_name(p), "checked": p in chosen}
            for p in circulation_candidates(self.context)
        ]

    def asked_to_read(self):
        """True when the user has this 收文 in 待阅 (offer 已阅)."""
        return bool(self.user_id) and self.user_id in to_read(self.context)

    def insertable_leaders(self):
        """Leaders a secretary may add to the reading order (not read, not pending)."""
        taken = set(stored(self.context, "read_by")) | set(stored(self.context, "pending_readers"))
        return [
            {"id": p, "name": titles.principal_name(p)}
            for p in reading_candidates(self.context)
            if p not in taken
        ]

    def insert_positions(self):
        """Positions in the pending order: 1 (reads now) … after the last."""
        return list(range(1, len(stored(self.context, "pending_readers")) + 2))

    def skippable_leaders(self):
        return [
            {"id": p, "name": titles.principal_name(p)}
            for p in stored(self.context, "pending_readers")
        ]

    def my_departments(self):
        """The departments whose part the user holds, when more than one (choose which)."""
        held = held_parts(self.context, principals_of(self.user_id))
        if len(held) < 2:
            return []
        return [{"uid": uid, "title": self.subject_name(uid)} for uid, _stage in held]

    def opinion_needed(self):
        return any(rules.needs_opinion(a["id"]) and a["id"] != rules.VOID for a in self.actions)

    def void_offered(self):
        """True when 作废 is offered (its reason goes in the opinion box, R-O13)."""
        return self.offers(rules.VOID)
