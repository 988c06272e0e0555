"""The same-origin guard on every REST write (R-SEC5), decided once after traversal.

``refuse_cross_origin_writes`` subscribes to ``IPubAfterTraversal``: the
user is authenticated by then and the request knows what it publishes. It
applies ``same_origin.is_refused`` to every request plone.rest handles (an
``IAPIRequest`` — ``++api++`` or ``Accept: application/json`` — or a
published ``IService``), so every service, plone.restapi's and ours, is
covered without code of its own. A refusal is a ``Forbidden`` with a
Chinese message, which the REST error view answers as JSON (403), before
the service runs.
"""

import contextlib
import logging

from AccessControl import getSecurityManager
from plone import api
from plone.protect.authenticator import check as check_token
from plone.protect.authenticator import isAnonymousUser
from plone.rest.interfaces import IAPIRequest
from plone.rest.interfaces import IService
from zExceptions import Forbidden
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.api.same_origin import SAFE_METHODS
from collective.gongwen.api.same_origin import has_login_cookie
from collective.gongwen.api.same_origin import is_refused
from collective.gongwen.api.same_origin import needs_same_origin
from collective.gongwen.api.same_origin import origin_of

logger = logging.getLogger("collective.gongwen.api")


def portal_origins(request):
    """The portal's own origins: its URL's, and the one the request was addressed to."""
    found = {origin_of(request.get("SERVER_URL"))}
    with contextlib.suppress(api.exc.CannotGetPortalError):
        found.add(origin_of(api.portal.get().absolute_url()))
    return {origin for origin in found if origin}


def has_valid_token(request):
    """True if the request carries the current user's plone.protect token."""
    try:
        check_token(request)
    except Forbidden:
        return False
    return True


def is_rest_request(request):
    """True if plone.rest handles ``request`` (``++api++``, a JSON Accept, a service)."""
    return IAPIRequest.providedBy(request) or IService.providedBy(request.get("PUBLISHED"))


def refusal_message(request):
    message = _(
        "cross_origin_write_refused",
        default="出于安全考虑，已拒绝：使用登录状态（Cookie）的修改请求只能从本门户的页面发出"
        "（请求来源与门户不一致，且未带有效的安全令牌）。"
        "其他程序请使用令牌（Authorization: Bearer）调用接口。",
    )
    return translate(message, context=request)


def described(request):
    """What ``same_origin.is_refused`` needs to know of ``request``."""
    return {
        "method": request.get("REQUEST_METHOD", "GET"),
        "authenticated": not isAnonymousUser(getSecurityManager().getUser()),
        "authorization": request._auth,
        "login_cookie": has_login_cookie(request.cookies),
        "origin": request.getHeader("Origin"),
        "referer": request.getHeader("Referer"),
    }


def refuse_cross_origin_writes(event):
    """Raise ``Forbidden`` for a REST write on the login cookie from another origin."""
    request = event.request
    if request.get("REQUEST_METHOD", "GET").upper() in SAFE_METHODS:
        return
    if not is_rest_request(request):
        return
    facts = described(request)
    if not needs_same_origin(
        facts["method"], facts["authenticated"], facts["authorization"], facts["login_cookie"]
    ):
        return
    if is_refused(facts, portal_origins(request), has_valid_token(request)):
        logger.warning(
            "Refused a cookie-authenticated %s to %s from origin %r (referer %r)",
            facts["method"],
            request.get("ACTUAL_URL"),
            facts["origin"],
            facts["referer"],
        )
        raise Forbidden(refusal_message(request))
