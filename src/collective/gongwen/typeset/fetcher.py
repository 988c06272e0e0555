"""The one URL fetcher of every PDF we make (R-SEC5): nothing is fetched it was not given.

WeasyPrint asks its URL fetcher for every image, stylesheet, font and
attachment (``<a rel="attachment">``, ``<link rel="attachment">``) it meets.
``SafeURLFetcher`` serves ``data:`` URIs (the unit's seal and signature
stamp, images pasted into a body) and the add-on's own resources
(``gongwen-resource:<path in the package>``, style sheets, images and fonts
only), and refuses everything else — ``file:``, ``http(s):``, ``ftp:`` … —
with a WARNING in the ``collective.gongwen`` log naming the URL and the
document. A refused resource is left out; the rendering goes on.
"""

import logging
import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

import collective.gongwen

logger = logging.getLogger("collective.gongwen")

RESOURCE_SCHEME = "gongwen-resource:"
PACKAGE_DIR = Path(collective.gongwen.__file__).resolve().parent
RESOURCE_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
_LOGGED_URL_LENGTH = 300


class FetchRefused(ValueError):
    """A URL the renderer may not fetch."""


def resource_path(url, root=PACKAGE_DIR):
    """The file of the own resource ``url`` (``gongwen-resource:…``) under ``root``, or None.

    None when it is not such a URL, leaves ``root`` (``..``, symbolic links),
    is not a style sheet, image or font, or does not exist.
    """
    if not url.startswith(RESOURCE_SCHEME):
        return None
    relative = url[len(RESOURCE_SCHEME) :].split("?", 1)[0].split("#", 1)[0].lstrip("/")
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() not in RESOURCE_TYPES:
        return None
    return path if path.is_file() else None


class SafeURLFetcher(URLFetcher):
    """WeasyPrint's fetcher that serves ``data:`` and our own resources, and nothing else.

    ``document`` names the document being rendered in the log.
    """

    def __init__(self, document=None, root=PACKAGE_DIR):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.document = document
        self.root = root
        self.refused = []

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = resource_path(url, self.root)
        if path is not None:
            content_type = RESOURCE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path)[0]
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": content_type or "application/octet-stream"}
            )
        shown = url if len(url) <= _LOGGED_URL_LENGTH else f"{url[:_LOGGED_URL_LENGTH]}…"
        self.refused.append(shown)
        logger.warning(
            "rendering %s: refused to fetch %s (R-SEC5: only data: URIs and the add-on's "
            "own resources)",
            self.document or "a PDF",
            shown,
        )
        raise FetchRefused(f"not fetched: {shown}")
