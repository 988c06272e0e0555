"""Exchange packages in the browser (R-X3): import one as a 收文.

(A 发文's package is built by a worker and downloaded with
``@@gongwen-exchange-package``: ``packaging/browser``.)
``@@gongwen-import-package`` on a unit's 收文
folder (or the unit) is the secretaries' form: the uploaded package is read
(``exchange/package.py``) and registered (``exchange/receive.py``); a
refused package shows why and nothing is stored.
"""

import dataclasses

import transaction
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.bounding import configured_limits
from collective.gongwen.content.limits import upload_limit_problem
from collective.gongwen.content.limits import upload_max_bytes
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.exchange.package import DEFAULT_LIMITS
from collective.gongwen.exchange.package import PackageError
from collective.gongwen.exchange.package import read_package
from collective.gongwen.exchange.receive import INCOMING_FOLDER
from collective.gongwen.exchange.receive import ExchangeRefused
from collective.gongwen.exchange.receive import create_incoming
from collective.gongwen.exchange.receive import package_error_message
from collective.gongwen.interfaces import IGongwenPageView


def import_limits():
    """The package limits here: each file within the upload limit (公文设置), the whole twice it,
    the metadata's fields within 公文设置's bounds (R-SEC5)."""
    limit = upload_max_bytes()
    return dataclasses.replace(
        DEFAULT_LIMITS,
        max_file_bytes=limit,
        max_total_bytes=2 * limit,
        fields=configured_limits(),
    )


@implementer(IGongwenPageView)
class ImportPackage(BrowserView):
    """``@@gongwen-import-package``: the secretaries upload a package; it becomes a 收文."""

    template = ViewPageTemplateFile("import_package.pt")
    error = None

    def unit(self):
        context = aq_inner(self.context)
        if IGongwenUnit.providedBy(context):
            return context
        parent = aq_parent(context)
        if context.getId() == INCOMING_FOLDER and IGongwenUnit.providedBy(parent):
            return parent
        raise NotFound(self.context, "gongwen-import-package", self.request)

    def cancel_url(self):
        """Back to the unit's 收文 folder."""
        return self.unit()[INCOMING_FOLDER].absolute_url()

    def __call__(self):
        unit = self.unit()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            document = self.import_upload(unit)
            if document is not None:
                api.portal.show_message(
                    _(
                        "package_imported",
                        default="已导入交换包，收文已登记为${number}。",
                        mapping={"number": document.receipt_number or document.Title()},
                    ),
                    request=self.request,
                )
                return self.request.response.redirect(document.absolute_url())
        return self.template()

    def import_upload(self, unit):
        """The 收文 registered from the uploaded package; None (``self.error`` set) if refused."""
        upload = self.request.form.get("package")
        if not upload or not getattr(upload, "filename", None):
            self.error = _("package_none_uploaded", default="请选择要导入的交换包（ZIP 文件）。")
            return None
        data = upload.read()
        problem = upload_limit_problem(len(data))
        if problem is not None:
            self.error = problem
            return None
        try:
            metadata, files = read_package(data, import_limits())
            return create_incoming(unit, metadata, files)
        except PackageError as error:
            self.error = package_error_message(error)
        except ExchangeRefused as error:
            self.error = error.message
        except BadRequest as error:  # a registration refused after creating (a race)
            self.error = str(error)
        # Whatever was written before the refusal is not kept.
        transaction.doom()
        return None

    def error_text(self):
        if self.error is None:
            return None
        return translate(self.error, context=self.request)
