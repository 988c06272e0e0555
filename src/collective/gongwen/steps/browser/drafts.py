"""草稿 (``@@gongwen-drafts`` on the site root, R-P3): the user's own 发文 still in 拟稿.

A draft never submitted is here only (not 待办, not in the 待办 count); one that
came back by 退回 is here and in 我的待办, marked 「已退回」 with who returned it.
Rows come from the catalog alone (``steps.browser.todo.document_row``), the most recently
changed first; ``count`` is the front page's number.
"""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.interface import implementer

from collective.gongwen.content import times
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.steps.browser.todo import PrincipalNames
from collective.gongwen.steps.browser.todo import document_row
from collective.gongwen.steps.browser.todo import redirect_to_login
from collective.gongwen.steps.todo import draft_brains


def _date_text(value):
    return times.date_of(value).isoformat() if value else ""


@implementer(IGongwenPageView)
class DraftsView(BrowserView):
    """``@@gongwen-drafts``."""

    template = ViewPageTemplateFile("drafts.pt")

    def __call__(self):
        if api.user.is_anonymous():
            return redirect_to_login(self.request, "@@gongwen-drafts")
        self.items = self.rows(api.user.get_current().getId())
        return self.template()

    def rows(self, user_id):
        now = times.now()
        names = PrincipalNames()
        rows = []
        for brain in draft_brains(user_id):
            row = document_row(brain, self.request, now, names, user_id)
            row["created"] = _date_text(brain.created)
            row["modified"] = _date_text(brain.modified)
            rows.append(row)
        return rows

    def count(self):
        """How many drafts the current user has (0 for a visitor)."""
        if api.user.is_anonymous():
            return 0
        return len(draft_brains(api.user.get_current().getId()))
