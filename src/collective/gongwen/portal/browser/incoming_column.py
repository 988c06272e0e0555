"""The front page's 收文 column (R-I6), a viewlet above the site root's content."""

from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.portal.columns import published_incoming


class IncomingColumn(ViewletBase):
    """收文: title, 来文机关 and publication date of the latest published 收文."""

    index = ViewPageTemplateFile("incoming_column.pt")

    def available(self):
        """Only on the front page itself, not on the site root's other views (我的待办 …)."""
        return getattr(self.view, "__name__", None) in (self.context.getLayout(), "view")

    def render(self):
        return self.index() if self.available() else ""

    def update(self):
        super().update()
        if not self.available():
            self.items = []
            return
        self.items = [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "number": brain.receipt_number or "",
                "date": brain.effective.strftime("%Y-%m-%d") if brain.effective else "",
            }
            for brain in published_incoming()
        ]
