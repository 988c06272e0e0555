"""The error views of our browser layer (R-SEC5): a client's mistake is a 4xx, never a 500.

``error_view`` is the ``index.html`` view ZPublisher renders for an exception
raised on a request of our layer:

* a REST request (plone.rest's ``IAPIRequest``), or any request that does not
  accept HTML (where Plone would answer ``{"error_type": …}``), gets
  plone.rest's JSON error answer, with the status of
  ``api.errors.client_status`` for an error the client caused (507 for a full disk)
  and a Chinese ``message`` — except Unauthorized outside REST, which keeps Plone's login
  challenge;
* a page request with an error the client caused gets a Chinese 4xx page, one whose write
  found the disk full a Chinese 507 page (``api.errors.storage_full``);
* a request whose database went away (``errors.database_away``) gets the 503
  「系统维护中」 answer of ``api.maintenance``, page or JSON;
* any other error gets the view it would get without our layer (Plone's
  error page) — a server error stays a 500 and is logged as before.
"""

import json

from plone import api
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import HTTPException
from zExceptions import Unauthorized
from zope.component import adapter
from zope.component import getSiteManager
from zope.interface import Interface
from zope.interface import directlyProvidedBy
from zope.interface import implementedBy
from zope.interface import providedBy
from zope.interface.declarations import Declaration

from collective.gongwen import _
from collective.gongwen.api import errors
from collective.gongwen.api import maintenance
from collective.gongwen.interfaces import IGongwenLayer


class RestErrorHandling(ErrorHandling):
    """plone.rest's JSON error answer: a client's mistake as a 4xx, in Chinese."""

    def __call__(self):
        # plone.rest's, with our status: it locks the status it sets.
        exception = self.context
        data = self.render_exception(exception)
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        status = errors.client_status(exception)
        if status is None and errors.storage_full(exception):
            status = errors.STORAGE_FULL_STATUS
        response.setStatus(status or type(exception), lock=1)
        response.setBody(json.dumps(data, indent=2, sort_keys=True), lock=1)
        # No redirect to the login form for a REST client (as plone.rest does).
        response._has_challenged = True

    def render_exception(self, exception):
        result = super().render_exception(exception)
        if result is None:  # a redirect
            return result
        result["message"] = errors.exception_detail(exception, self.request)
        status = errors.client_status(exception) or errors.server_status(exception)
        result = errors.chinese_error(result, status, self.request)
        found = errors.field_errors(exception)
        if found:  # each field's message, and those in the request's language as the message
            result["errors"] = found
            result["message"] = (
                errors.field_errors_message(found, self.request) or result["message"]
            )
        return result


class ClientErrorPage(BrowserView):
    """A Chinese 4xx page for a page request the client got wrong, and the 507 page of a
    request whose write found the disk full (nothing was saved)."""

    index = ViewPageTemplateFile("client_error.pt")

    def __call__(self):
        exception = self.context
        self.status = errors.client_status(exception) or errors.server_status(exception)
        if self.status == errors.STORAGE_FULL_STATUS:
            self.heading = _("heading_storage_full", default="未能保存")
        else:
            self.heading = _("heading_client_error", default="请求有误")
        self.request.response.setStatus(self.status, lock=1)
        detail = errors.exception_detail(exception, self.request)
        self.message = errors.error_message(
            type(exception).__name__, self.status, detail, self.request
        )
        # The page is shown in the place the request was for, not on the exception.
        self.context = getattr(self, "__parent__", None) or api.portal.get()
        return self.index()


class MaintenancePage:
    """The 503 「系统维护中」 answer of a request whose database went away (``api.maintenance``):
    static, no ZODB, no main_template; JSON for a REST client."""

    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        response = self.request.response
        if IAPIRequest.providedBy(self.request) or maintenance.wants_json(
            self.request.getHeader("Accept"), self.request.get("PATH_INFO", "")
        ):
            content_type, body = "application/json", maintenance.json_body(self.request)
            response._has_challenged = True  # no redirect to the login form
        else:
            content_type, body = "text/html;charset=utf-8", maintenance.page(self.request)
        response.setStatus(errors.MAINTENANCE_STATUS, lock=1)
        for name, value in maintenance.headers(content_type):
            response.setHeader(name, value)
        response.setBody(body, lock=1)
        return body


def _without_our_layer(request):
    """The request's interfaces as they would be without our browser layer."""
    layers = [iface for iface in directlyProvidedBy(request) if iface is not IGongwenLayer]
    return Declaration(*layers, implementedBy(type(request)))


@adapter(Exception, IGongwenLayer)
def error_view(exception, request):
    """The error view for ``exception`` on a request of our layer (see the module docstring)."""
    if errors.database_away(exception):
        return MaintenancePage(exception, request)
    if IAPIRequest.providedBy(request) or (
        "text/html" not in (request.getHeader("Accept") or "")
        and not isinstance(exception, Unauthorized)
        and not (isinstance(exception, HTTPException) and exception.getStatus() < 400)
    ):
        return RestErrorHandling(exception, request)
    if errors.has_own_page(exception):
        return ClientErrorPage(exception, request)
    factory = getSiteManager().adapters.lookup(
        (providedBy(exception), _without_our_layer(request)), Interface, name="index.html"
    )
    return factory(exception, request) if factory is not None else None
