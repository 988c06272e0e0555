"""The viewer's settings (JSON for ``data-pat-documentviewer``) for a file or an old version.

collective.documentviewer's own view computes them once it knows the site,
the file's and the site's viewer settings and where the page images are
served (``dvpdffiles``); we set those as its ``__call__`` does and ask it.
An older version's pages are the ones kept when the file was replaced
(``content/versions.py``), served by ``@@gongwen-version-pages``.
"""

import json

from collective.documentviewer import storage
from collective.documentviewer.browser.views import DocumentViewerView
from collective.documentviewer.settings import GlobalSettings
from collective.documentviewer.settings import Settings
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.content.file_status import file_status

DV_ANNOTATION_KEY = "collective.documentviewer"


def viewer_record(item):
    """The viewer's own record of ``item``'s conversion; {} if it has none.

    Read from the annotation: ``Settings()`` would create the record, a
    write on a GET request.
    """
    return IAnnotations(item).get(DV_ANNOTATION_KEY) or {}


def is_converted(item):
    """True when the viewer can show the file ``item`` holds now.

    The viewer's own record must have the pages. While a replaced file waits
    for its conversion, that record still has the previous file's pages:
    the status (queued, converting, failed) says they are not this file's.
    Files converted before the status existed have no status.
    """
    record = viewer_record(item)
    if not (record.get("successfully_converted") and record.get("num_pages")):
        return False
    return file_status(item).current


def _viewer_view(item, request, settings, pages_url):
    view = DocumentViewerView(item, request)
    view.site = api.portal.get()
    view.settings = settings
    view.global_settings = GlobalSettings(view.site)
    view.dvpdffiles = pages_url
    return view


def viewer_options(item, request):
    """The viewer's JSON settings for the file ``item`` holds now (converted)."""
    settings = Settings(item)
    global_settings = GlobalSettings(api.portal.get())
    base = global_settings.override_base_resource_url or api.portal.get().absolute_url()
    relative = storage.getResourceRelURL(gsettings=global_settings, settings=settings)
    view = _viewer_view(item, request, settings, f"{base.rstrip('/')}/{relative}")
    return view.pattern_options()


class KeptSettings:
    """What the viewer's view reads from a file's settings, for a kept conversion."""

    height = width = show_sidebar = show_search = None

    def __init__(self, record):
        self.num_pages = record["num_pages"]
        self.pdf_image_format = record.get("pdf_image_format") or "png"


def version_viewer_options(item, request, version_id, record):
    """The viewer's JSON settings for version ``version_id``, from its kept pages ``record``."""
    url = item.absolute_url()
    view = _viewer_view(
        item, request, KeptSettings(record), f"{url}/@@gongwen-version-pages/{version_id}"
    )
    options = json.loads(view.pattern_options())
    # The viewer's search and PDF link would reach the current file, not this version.
    options["search"] = False
    resources = options["data"]["resources"]
    resources["search"] = ""
    resources["pdf"] = f"{url}/@@gongwen-version-download/{version_id}"
    return json.dumps(options)
