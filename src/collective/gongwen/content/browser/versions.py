"""A file's versions (R-A2): the list, each version's download, and its viewer pages.

``@@gongwen-versions`` lists every version and shows the chosen one
(``?version=<id>``) in the viewer: the current one as converted now, an
older one from the pages kept when it was replaced (``content/versions.py``).
``@@gongwen-version-download/<id>`` serves a version's file and
``@@gongwen-version-pages/<id>/<path>`` its kept page images and texts.
All three need View on the file, as the file itself does.
"""

import posixpath

from plone import api
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from ZODB.interfaces import BlobError
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from collective.gongwen import _
from collective.gongwen.content import versions
from collective.gongwen.content.browser import panel
from collective.gongwen.content.browser.viewer import is_converted
from collective.gongwen.content.browser.viewer import version_viewer_options
from collective.gongwen.content.browser.viewer import viewer_options

# The kept pages are the viewer's: images in three sizes, texts, the PDF.
PAGE_CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


def actor_name(userid):
    """The full name of ``userid``, else the id itself."""
    user = api.user.get(userid=userid) if userid else None
    return (user and user.getProperty("fullname")) or userid or ""


class VersionsView(BrowserView):
    """``@@gongwen-versions`` on a file."""

    # viewer/assets.py loads the viewer's scripts on pages that say so.
    embeds_viewer = True

    def __call__(self):
        self.selected = versions.parse_version_id(self.request.form.get("version"))
        self.rows = [self._row(version) for version in versions.file_versions(self.context)]
        return self.index()

    def _row(self, version):
        url = self.context.absolute_url()
        version_id = version["version_id"]
        file = version["file"]
        return {
            "version_id": version_id,
            "number": version_id + 1,
            "time": api.portal.get_localized_time(version["time"], long_format=True),
            "actor": actor_name(version["actor"]),
            "comment": version["comment"],
            "filename": file.filename if file else "",
            "size": panel.human_size(file.getSize() if file else 0),
            "current": version["current"],
            "selected": version_id == self.selected,
            "download_url": f"{url}/@@gongwen-version-download/{version_id}",
            "view_url": f"{url}/@@gongwen-versions?version={version_id}#gongwen-version-viewer",
        }

    def selected_row(self):
        """The row of the version chosen for the viewer; None if none is."""
        for row in self.rows:
            if row["selected"]:
                return row
        return None

    def viewer(self):
        """``(options, message)`` for the chosen version: the viewer's JSON, or why not."""
        row = self.selected_row()
        if row is None:
            return None, None
        item = self.context
        if row["current"]:
            converted = is_converted(item)
            if converted:
                return viewer_options(item, self.request), None
            return None, panel.status_text(item, converted, self.request)
        record = versions.kept_conversion(item, row["version_id"])
        if record is None:
            message = _("version_not_kept", default="此版本没有保留在线预览，请下载后查看。")
            return None, translate(message, context=self.request)
        return version_viewer_options(item, self.request, row["version_id"], record), None

    def document_url(self):
        """The page of the document the file belongs to."""
        return f"{self.context.aq_parent.absolute_url()}?file={self.context.getId()}"


@implementer(IPublishTraverse)
class VersionTraverser(BrowserView):
    """A view taking the rest of the URL (``/<version id>/…``) as its subpath."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.subpath = []

    def publishTraverse(self, request, name):
        self.subpath.append(name)
        return self

    def version_id(self):
        if not self.subpath:
            raise NotFound()
        version_id = versions.parse_version_id(self.subpath[0])
        if version_id is None:
            raise NotFound()
        return version_id


class VersionDownload(VersionTraverser):
    """``@@gongwen-version-download/<id>``: the file of that version, as a download."""

    def __call__(self):
        file = versions.version_file(self.context, self.version_id())
        if file is None or len(self.subpath) > 1:
            raise NotFound()
        response = self.request.response
        # RFC 5987 (filename*=UTF-8''…): Chinese file names arrive intact.
        set_headers(file, response, filename=file.filename or "file")
        response.setHeader("X-Content-Type-Options", "nosniff")
        try:
            return stream_data(file)
        except BlobError:
            # Saved in this very transaction (a savepoint): nothing on disk to stream yet.
            return file.data


class VersionPages(VersionTraverser):
    """``@@gongwen-version-pages/<id>/<size or text>/<name>``: a kept page of that version."""

    def __call__(self):
        record = versions.kept_conversion(self.context, self.version_id())
        path = "/".join(self.subpath[1:])
        blob = record["blob_files"].get(path) if record else None
        if blob is None:
            raise NotFound()
        extension = posixpath.splitext(path)[1].lower()
        response = self.request.response
        response.setHeader(
            "Content-Type", PAGE_CONTENT_TYPES.get(extension, "application/octet-stream")
        )
        response.setHeader("X-Content-Type-Options", "nosniff")
        with blob.open("r") as data:
            return data.read()
