"""When the viewer's JavaScript and CSS are delivered.

The DocumentCloud viewer, its templates and our start-up script are three
Plone 6 bundles (profiles/default/registry.xml) whose expression asks
``@@gongwen-documentviewer-page``: they load on the viewer page and on the
pages that embed the viewer (a document's page with its files panel, a
file's versions), so the viewer's old jQuery never reaches any other page.
"""

from Products.Five.browser import BrowserView

VIEWER_VIEW_NAME = "documentviewer"


# Views that show the viewer inline say so with this class attribute.
EMBEDS_VIEWER = "embeds_viewer"


def is_viewer_page(request):
    """True when the object being published is the viewer's page or embeds the viewer."""
    published = request.get("PUBLISHED")
    if getattr(published, EMBEDS_VIEWER, False):
        return True
    return getattr(published, "__name__", None) == VIEWER_VIEW_NAME


class ViewerPageCheck(BrowserView):
    """Trusted answer for the bundles' expression (restricted code may not read ``__name__``)."""

    def __call__(self):
        return is_viewer_page(self.request)
