"""``@@gongwen-exchange-package``: ask for a 发文's exchange package, then download it (R-X3).

For whoever may view a numbered 发文. A package built from its current
files is downloaded (streamed from the kept blob). Otherwise a worker is
asked to build one (``store.queue_package``) and the 发文's page answers at
once 「交换包正在生成，请稍后下载。」; its files panel follows the job
(``progress``). A 发文 whose files are over the package's limits is
refused with the reason, and nothing is queued. Asking writes only the job
record beside the document, the same whether by GET (the 操作 menu's link)
or POST, so it needs no form token.
"""

from urllib.parse import quote

from Acquisition import aq_inner
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.content.downloads import downloaded
from collective.gongwen.content.events import PACKAGE
from collective.gongwen.content.files import stream_file
from collective.gongwen.exchange.export import has_package
from collective.gongwen.exchange.export import package_filename
from collective.gongwen.packaging.messages import BUILDING
from collective.gongwen.packaging.messages import refusal_message
from collective.gongwen.packaging.store import fresh_package
from collective.gongwen.packaging.store import queue_package
from collective.gongwen.packaging.store import size_refusal


class PackageDownload(BrowserView):
    """The ZIP of a numbered 发文 once a worker built it; until then, the request for it."""

    def __call__(self):
        document = aq_inner(self.context)
        if not has_package(document):
            message = _(
                "package_not_numbered",
                default="该发文尚未登记编号、没有正式文件，还不能导出交换包。",
            )
            raise BadRequest(translate(message, context=self.request))
        built = fresh_package(document)
        if built is not None:
            return self.download(document, built)
        refused = size_refusal(document)
        if refused is not None:
            return self.back(document, refusal_message(refused.code, refused.mapping), "error")
        alsoProvides(self.request, IDisableCSRFProtection)
        queue_package(document)
        return self.back(document, BUILDING, "info")

    def back(self, document, message, kind):
        api.portal.show_message(message, request=self.request, type=kind)
        return self.request.response.redirect(document.absolute_url())

    def download(self, document, built):
        name = package_filename(document)
        downloaded(document, PACKAGE, name, name)
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader("Content-Length", str(built.file.getSize()))
        # RFC 5987: the Chinese file name arrives intact
        filename = quote(name)
        response.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{filename}")
        response.setHeader("X-Content-Type-Options", "nosniff")
        return stream_file(built.file)
