"""我的待办 (``@@gongwen-todo`` on the site root, R-O1, R-P3) and the row it shares.

One catalog query on ``assignees`` with the user's id and groups, less the
user's own drafts never returned (those are under 草稿, ``@@gongwen-drafts``).
Each row is rendered from the catalog entry alone by ``document_row`` — also
the 草稿's and the unit listings' row; no object is loaded: 发文/收文, 文种,
紧急程度, current step and its holders, who handed it over (发送人, or a 收文's
来文机关), 办理时限 (the earlier of the step's deadline and the document's,
overdue marked) and how long it has waited since its step began, the most
recently arrived first; a draft back from 退回 is marked 「已退回」. Among them,
what the capabilities above steps add (``other_todo_items``: a 销毁申请
awaiting its approver), in the same columns.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen.content import times
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.steps import todo_rules
from collective.gongwen.steps.browser import display
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.steps.titles import step_title
from collective.gongwen.steps.todo import TYPE_TITLES
from collective.gongwen.steps.todo import URGENT_TOKENS
from collective.gongwen.steps.todo import TodoItem
from collective.gongwen.steps.todo import brain_deadline
from collective.gongwen.steps.todo import column
from collective.gongwen.steps.todo import draft_brains
from collective.gongwen.steps.todo import is_returned
from collective.gongwen.steps.todo import other_todo_items
from collective.gongwen.steps.todo import todo_brains


class PrincipalNames:
    """Names of users and groups, each looked up once (a page names the same people often)."""

    def __init__(self):
        self.known = {}

    def __call__(self, principal_id):
        if principal_id not in self.known:
            self.known[principal_id] = principal_name(principal_id)
        return self.known[principal_id]


def waiting(since, now, request):
    """A row's waiting time: ``since`` (a datetime), its ISO text and how long it waited."""
    return {
        "waited": translate(display.waited(times.elapsed(since, now)), context=request),
        "since": since,
        "since_iso": times.iso_text(since),
    }


def sender_text(brain, names, viewer=None):
    """Who handed the document to its holders (``handed_over_by``, not the ``viewer``);
    for a 收文 nobody else handed over yet, its 来文机关; else ""."""
    sender = todo_rules.sender_of(
        column(brain, "handed_over_by"), column(brain, "assignees"), viewer
    )
    if sender:
        return names(sender)
    if brain.portal_type == todo_rules.INCOMING_TYPE:
        return column(brain, "source_organ") or ""
    return ""


def document_row(brain, request, now, names, viewer=None):
    """One document's row of 我的待办, 草稿 or a listing, from its catalog entry alone.

    ``now`` an aware datetime, ``names`` a ``PrincipalNames``, ``viewer`` the user
    the row is for (not named as its sender). ``overdue`` is past the
    办理时限; a listing also asks whether the document is still open.
    """
    deadline = brain_deadline(brain)
    since = times.in_zone(column(brain, "assigned_since")) or now
    doc_kind = column(brain, "doc_kind")
    urgency = column(brain, "urgency")
    return {
        "title": brain.Title,
        "url": brain.getURL(),
        "number": column(brain, "issue_number") or column(brain, "receipt_number") or "",
        "type": translate(TYPE_TITLES[brain.portal_type], context=request)
        if brain.portal_type in TYPE_TITLES
        else "",
        "kind": title_of("doc_kind", doc_kind) if doc_kind else "",
        "urgency": title_of("urgency", urgency) if urgency else "",
        "urgent": urgency in URGENT_TOKENS,
        "step": step_title(brain.review_state, request, brain.portal_type),
        "holders": "、".join(names(holder) for holder in column(brain, "assignees") or ()),
        "sender": sender_text(brain, names, viewer),
        "returned": is_returned(brain),
        "deadline": deadline.isoformat() if deadline else "",
        "overdue": todo_rules.is_late(deadline, now.date()),
        **waiting(since, now, request),
    }


def item_row(item, since, now, request):
    """The row of a ``TodoItem`` (what is not a document's step) waiting since ``since``."""
    return {
        "title": translate(item.title, context=request),
        "url": item.url,
        "number": "",
        "type": "",
        "kind": translate(item.kind, context=request),
        "urgency": "",
        "urgent": False,
        "step": translate(item.step, context=request),
        "holders": "",
        "sender": "",
        "returned": False,
        "deadline": "",
        "overdue": False,
        "source": item.source,
        **waiting(since, now, request),
    }


def overdue_count(entries, now):
    """How many of 我的待办's ``entries`` (``TodoView.entries``) are past their 办理时限."""
    today = now.date()
    return sum(
        1
        for _since, entry in entries
        if not isinstance(entry, TodoItem) and todo_rules.is_late(brain_deadline(entry), today)
    )


def redirect_to_login(request, page):
    """Send a visitor to the login form, coming back to the site root's ``page``; ""."""
    portal_url = api.portal.get().absolute_url()
    came_from = f"{portal_url}/{page}"
    request.response.redirect(f"{portal_url}/login?{urlencode({'came_from': came_from})}")
    return ""


@implementer(IGongwenPageView)
class TodoView(BrowserView):
    """``@@gongwen-todo``."""

    template = ViewPageTemplateFile("todo.pt")

    def __call__(self):
        if api.user.is_anonymous():
            return redirect_to_login(self.request, "@@gongwen-todo")
        self.items = self.rows(api.user.get_current().getId())
        return self.template()

    def entries(self, user_id, now):
        """``[(since, brain or TodoItem)]``: what 我的待办 lists, the most recently arrived
        first, before any row is made (the front page makes its first few only)."""
        entries = [
            (times.in_zone(column(brain, "assigned_since")) or now, brain)
            for brain in todo_brains(user_id)
        ]
        entries += [(times.in_zone(item.since) or now, item) for item in other_todo_items(user_id)]
        entries.sort(key=lambda entry: entry[0], reverse=True)
        return entries

    def rows_of(self, entries, now, user_id):
        """The rows of ``entries`` (``entries``' order)."""
        names = PrincipalNames()
        return [
            item_row(entry, since, now, self.request)
            if isinstance(entry, TodoItem)
            else document_row(entry, self.request, now, names, user_id)
            for since, entry in entries
        ]

    def rows(self, user_id):
        now = times.now()
        return self.rows_of(self.entries(user_id, now), now, user_id)

    def drafts_count(self):
        """How many drafts (草稿) the current user has: they are not 待办, a link says so."""
        return len(draft_brains(api.user.get_current().getId()))
