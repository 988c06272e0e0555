"""我的待阅 (``@@gongwen-toread`` on the site root): what the user is asked to read.

One catalog query on ``to_read``; rows from the catalog entries alone. The
已阅 POST is the 收文's (``incoming.browser.mark_read``).
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.interface import implementer

from collective.gongwen.content.document_search import search_documents
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.steps import titles


@implementer(IGongwenPageView)
class ToReadView(BrowserView):
    """``@@gongwen-toread``: what the logged-in user is asked to read."""

    template = ViewPageTemplateFile("toread.pt")

    def __call__(self):
        if api.user.is_anonymous():
            portal_url = api.portal.get().absolute_url()
            query = urlencode({"came_from": f"{portal_url}/@@gongwen-toread"})
            self.request.response.redirect(f"{portal_url}/login?{query}")
            return ""
        self.items = self.rows(api.user.get_current().getId())
        return self.template()

    def brains(self, user_id):
        """The catalog entries the user is asked to read, the most recently changed first (lazy:
        the front page counts them and makes its first few rows only)."""
        return search_documents(to_read=user_id, sort_on="modified", sort_order="descending")

    def rows(self, user_id):
        return self.rows_of(self.brains(user_id))

    def rows_of(self, brains):
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "kind": title_of("doc_kind", brain.doc_kind) if brain.doc_kind else "",
                "urgency": title_of("urgency", brain.urgency) if brain.urgency else "",
                "urgent": brain.urgency in ("urgent", "very_urgent"),
                "number": brain.receipt_number or "",
                "step": titles.step_title(brain.review_state, self.request, brain.portal_type),
            }
            for brain in brains
        ]
