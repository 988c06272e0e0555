"""``@@gongwen-listing``: the default view of a unit's 发文/收文/档案 folders (R-P3).

A filter form (状态, 年度, 紧急程度, 只看超期) over the folder's documents,
newest first, in pages of ``listing_rules.PAGE_SIZE``; each row is drawn from
the catalog entry alone (``steps.steps.browser.todo.document_row``, as 我的待办's): 文号/收文编号,
标题, 发文/收文, 文种, 紧急程度, 当前环节 and its holders, 发送人, 办理时限 (overdue
marked), 已等待 and 登记/拟稿 date. The catalog only returns what the user
may see (R-SEC1).
"""

from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content import permissions
from collective.gongwen.content import times
from collective.gongwen.content.vocabularies import URGENCIES
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.exchange.browser.tosign import may_sign_for
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.units import find_unit
from collective.gongwen.portal import folders
from collective.gongwen.portal import listing_rules
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.todo import PrincipalNames
from collective.gongwen.steps.browser.todo import document_row
from collective.gongwen.steps.todo import brain_deadline

ADD_TITLES = {
    listing_rules.OUTGOING_TYPE: _("listing_add_outgoing", default="拟稿"),
    listing_rules.INCOMING_TYPE: _("listing_add_incoming", default="登记收文"),
}
ADD_PERMISSIONS = {
    listing_rules.OUTGOING_TYPE: permissions.AddOutgoing,
    listing_rules.INCOMING_TYPE: permissions.AddIncoming,
}


def _date(value):
    return value.strftime("%Y-%m-%d") if value is not None else ""


def listing_row(brain, request, now, names, viewer=None):
    """One row of the listing, from the catalog entry ``brain`` alone (``document_row``:
    发文/收文, holders, sender, 办理时限, waiting time; a finished document has none of
    these three). ``now`` an aware datetime, ``names`` a ``PrincipalNames``, ``viewer``
    the user it is for."""
    row = document_row(brain, request, now, names, viewer)
    finished = listing_rules.is_finished(brain.review_state)
    today = now.date()
    row.update(
        {
            "urgent": brain.urgency in listing_rules.URGENT_TOKENS,
            "classified": (brain.classification or "none") != "none",
            "classification": title_of("classification", brain.classification or "none"),
            "overdue": listing_rules.is_overdue(brain_deadline(brain), brain.review_state, today),
            "date": _date(times.date_of(brain.created)),
            "open": not finished,
        }
    )
    if finished:
        row.update({"holders": "", "sender": "", "waited": ""})
    return row


@implementer(IGongwenPageView)
class FolderListing(BrowserView):
    """The filtered, paginated listing of a unit folder's documents."""

    def __call__(self):
        now = times.now()
        today = now.date()
        self.portal_types = listing_rules.folder_types(
            self.context.getId()
        ) or listing_rules.folder_types("archive")
        self.states = folders.folder_states(self.portal_types)
        self.filters = listing_rules.parse_filters(self.request.form, self.states, today)
        start = self._start()
        entries = folders.folder_entries(
            self.context, self.portal_types, self.filters, start, today
        )
        self.batch = Batch(entries, listing_rules.PAGE_SIZE, start=start)
        names = PrincipalNames()
        viewer = api.user.get_current().getId()
        self.rows = [listing_row(brain, self.request, now, names, viewer) for brain in self.batch]
        self.years = listing_rules.available_years(
            folders.first_year(self.context, self.portal_types), today
        )
        return self.index()

    def _start(self):
        try:
            return max(int(self.request.form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            return 0

    @property
    def mixed(self):
        """True in the 档案 folder, which holds 发文 and 收文: say which each row is."""
        return len(self.portal_types) > 1

    def state_options(self):
        """``[(id, title, selected)]`` of the states to filter by."""
        return [
            (
                state,
                titles.step_title(state, self.request, self._type_of(state)),
                state == self.filters.state,
            )
            for state in self.states
        ]

    def _type_of(self, state):
        for portal_type in self.portal_types:
            if state in folders.folder_states((portal_type,)):
                return portal_type
        return self.portal_types[0]

    def urgency_options(self):
        """``[(token, title, selected)]`` of 紧急程度."""
        return [
            (token, title_of("urgency", token), token == self.filters.urgency)
            for token, _title in URGENCIES
        ]

    def year_options(self):
        """``[(year, selected)]``, this year first."""
        return [(year, year == self.filters.year) for year in self.years]

    def unit(self):
        return find_unit(self.context)

    def add_links(self):
        """``[(title, url)]`` of the add forms the user may use here (拟稿, 登记收文)."""
        links = []
        for portal_type in self.portal_types:
            if portal_type not in (self.context.locally_allowed_types or ()):
                continue
            if api.user.has_permission(ADD_PERMISSIONS[portal_type], obj=self.context):
                url = f"{self.context.absolute_url()}/++add++{portal_type}"
                links.append((ADD_TITLES[portal_type], url))
        return links

    def to_sign_url(self):
        """The unit's 待签收 in its 收文 folder, for its secretaries; else None."""
        unit = self.unit()
        if unit is None or listing_rules.INCOMING_TYPE not in self.portal_types:
            return None
        if self.mixed or not may_sign_for(unit):
            return None
        return f"{unit.absolute_url()}/@@gongwen-to-sign"
