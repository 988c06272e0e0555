"""When the viewer's JavaScript and CSS are delivered.

The DocumentCloud viewer, its templates and our start-up script are three
Plone 6 bundles (profiles/default/registry.xml) whose expression asks
``@@gongwen-documentviewer-page``: they load on the viewer page only, so the
viewer's old jQuery never reaches any other page.
"""

from Products.Five.browser import BrowserView

VIEWER_VIEW_NAME = "documentviewer"


def is_viewer_page(request):
    """True when the object being published is collective.documentviewer's page."""
    return getattr(request.get("PUBLISHED"), "__name__", None) == VIEWER_VIEW_NAME


class ViewerPageCheck(BrowserView):
    """Trusted answer for the bundles' expression (restricted code may not read ``__name__``)."""

    def __call__(self):
        return is_viewer_page(self.request)
