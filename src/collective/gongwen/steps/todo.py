"""我的待办's and 草稿's catalog queries, a document's row and its 办理时限 (R-O1, R-P1, R-P3,
R-I5), and 我的待办's other rows.

Shared by the 我的待办 and 草稿 pages, the front page's counts, the unit listings and
the 催办 reminders. Their rows are drawn from the catalog entry alone
(``steps.browser.todo.document_row``); the metadata they need beyond
``content.indexers`` — who handed the document over (``handed_over_by``, the
发送人) and whether a draft came back by 退回 — comes from the indexers below.

What a user has to act on that is not a document's step (the archive's 销毁申请
awaiting an approver, R-R2) comes from the named ``ITodoItems`` utilities the
capabilities above steps register: steps never imports them.
"""

from dataclasses import dataclass
from dataclasses import replace

from DateTime import DateTime
from Missing import Value as MissingValue
from plone import api
from plone.indexer import indexer
from zope.component import getUtilitiesFor
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.content.document_search import search_documents
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.steps import roles
from collective.gongwen.steps import todo_rules
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of

TYPE_TITLES = {
    todo_rules.OUTGOING_TYPE: _("listing_type_outgoing", default="发文"),
    todo_rules.INCOMING_TYPE: _("listing_type_incoming", default="收文"),
}
URGENT_TOKENS = ("urgent", "very_urgent")


def column(brain, name):
    """The catalog entry's metadata ``name``; None when missing (not yet indexed)."""
    value = getattr(brain, name, None)
    return None if value is MissingValue else value


def _date(brain, name):
    value = column(brain, name)
    return times.date_of(value) if isinstance(value, DateTime) else None


def brain_deadline(brain):
    """The row's 办理时限 (a date): the earlier of the step's deadline and the document's;
    None without either."""
    return todo_rules.earliest(_date(brain, "step_deadline"), _date(brain, "deadline"))


def held_brains(user_id, **query):
    """The catalog entries whose current step the user (or one of their groups) holds."""
    return search_documents(assignees=principals_of(user_id), **query)


def is_returned(brain):
    """True for a draft that came back to its drafter by 退回 (「已退回」)."""
    return todo_rules.is_returned_draft(
        brain.portal_type, brain.review_state, column(brain, "draft_returned")
    )


def todo_brains(user_id):
    """The catalog entries the user has to act on: what they hold, but their own drafts
    never returned (those are 草稿 only)."""
    return [
        brain
        for brain in held_brains(user_id)
        if todo_rules.is_todo(
            brain.portal_type, brain.review_state, column(brain, "draft_returned")
        )
    ]


def draft_brains(user_id):
    """The user's drafts (草稿): 发文 in 拟稿 they hold, returned ones among them; the most
    recently changed first."""
    return held_brains(
        user_id,
        portal_type=todo_rules.OUTGOING_TYPE,
        review_state=todo_rules.DRAFT_STATE,
        sort_on="modified",
        sort_order="descending",
    )


@indexer(IGongwenDocument)
def handed_over_by(obj):
    """Who handed the document to its current holders (``steps.roles.hand_over`` keeps it);
    None before anyone did (我的待办's 发送人, R-P3)."""
    return roles.handed_over_by(obj)


@indexer(IGongwenDocument)
def draft_returned(obj):
    """True when the document's latest record is a 退回 (a draft back with its drafter is
    then 待办 as well as 草稿, R-P3)."""
    return todo_rules.came_back([record.action for record in opinions(obj)])


def upgrade_1012(context):
    """Fill the metadata 我的待办, 草稿 and the listings read (holders, sender, returned
    drafts) on the documents already there."""
    catalog = api.portal.get_tool("portal_catalog")
    portal_types = tuple(TYPE_TITLES)
    for brain in catalog.unrestrictedSearchResults(portal_type=portal_types):
        brain._unrestrictedGetObject().reindexObject(idxs=["assignees"])


@dataclass(frozen=True)
class TodoItem:
    """A row of 我的待办 that is not a document's step: its title, where it is done, what kind
    of thing it is (shown as 文种), its step (当前环节), since when it waits (a datetime or
    ISO text) and the name of the utility it came from."""

    title: str
    url: str
    kind: str
    step: str
    since: object
    source: str = ""


class ITodoItems(Interface):
    """A named utility: the ``TodoItem`` rows of 我的待办 a capability adds for a user."""

    def items(user_id):
        """The ``TodoItem`` the user has to act on now (none once they acted)."""

    def holders():
        """The ids of the users who have such a row now (the daily digest asks each)."""


def _sources():
    return sorted(getUtilitiesFor(ITodoItems), key=lambda pair: pair[0])


def other_todo_items(user_id):
    """The ``TodoItem`` of every ``ITodoItems`` utility for ``user_id``, by utility name."""
    found = []
    for name, source in _sources():
        found.extend(replace(item, source=name) for item in source.items(user_id))
    return found


def other_todo_holders():
    """The ids of the users with a row of an ``ITodoItems`` utility now."""
    return {user_id for _name, source in _sources() for user_id in source.holders()}
