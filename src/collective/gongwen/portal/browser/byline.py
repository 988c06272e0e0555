"""No author/modified byline on our work pages (``IGongwenPageView``).

Plone puts 「由 admin — 上次修改时间」 under every page title; on 我的待办 or a
listing it would describe the site or folder the page is shown on, not the
page. This viewlet takes the byline's name for those views and shows nothing.
"""

from plone.app.layout.viewlets import ViewletBase


class NoByline(ViewletBase):
    """The document byline, left out."""

    def render(self):
        return ""
