"""我的待阅 (``@@gongwen-toread`` on the site root) and the 已阅 POST (``@@gongwen-mark-read``).

One catalog query on ``to_read``; rows from the catalog entries alone.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.incoming.reading import acknowledge
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.routing import titles


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

    def rows(self, user_id):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(to_read=user_id, sort_on="modified", sort_order="descending")
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


class MarkRead(PostAction):
    """``@@gongwen-mark-read``: the reader marks the 收文 已阅 (recorded)."""

    anchor = "gongwen-routing"

    def outcome(self):
        document = self.document
        user_id = api.user.get_current().getId()
        if acknowledge(document, user_id, api.content.get_state(obj=document)):
            return _("toread_done", default="已标记为已阅。"), "info"
        return _("toread_not_yours", default="此公文不在您的待阅中。"), "error"
