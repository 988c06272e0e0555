"""Account events (R-SEC3): a new password is remembered and ends the old sessions;
every request of a signed-in user renews the idle timeout and meets the password's expiry.

An expired password lets its owner in only to change it: pages redirect to
@@change-password with a message; REST answers 401 with ``PasswordExpired``.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.interfaces import IAPIRequest
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import HTTPClientError
from zExceptions import Redirect
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.accounts import sessions
from collective.gongwen.accounts.password_plugin import policy_plugin

# What a user with an expired password may still open: the last part of the path
# (without "@@"), or anything below a resource ("++plone++…", "++resource++…").
ALLOWED_WHEN_EXPIRED = frozenset(
    {
        "change-password",
        "logout",
        "logged-out",
        "login",
        "@login",
        "@logout",
        "reset-password",
        "favicon.ico",
        "site-logo",
        "ploneusericon",
        # the widgets' translations the 修改密码 page's scripts fetch: redirected, they
        # got that page's HTML instead (and took the status message meant for it)
        "plonejsi18n",
    }
)


def path_parts(url):
    """The parts of ``url``'s path, views without their ``@@``."""
    return [part.removeprefix("@@") for part in url.split("?", 1)[0].rstrip("/").split("/")]


def allowed_when_expired(url):
    """Whether a user whose password expired may open ``url`` (only to change it or leave)."""
    parts = path_parts(url)
    if any(part.startswith("++") and part != "++api++" for part in parts):
        return True
    if len(parts) > 1 and parts[-2] == "site-logo":
        return True  # an uploaded logo: @@site-logo/<its file name>
    return parts[-1] in ALLOWED_WHEN_EXPIRED


class PasswordExpired(HTTPClientError):
    """REST: 401, the password must be changed first (the error's ``type``). Not Zope's
    ``Unauthorized``, which would challenge for a login the user already has."""

    status = 401
    errmsg = "Unauthorized"


def expired_message():
    return _(
        "password_expired",
        default="您的密码已过期，请先修改密码后再继续使用。",
    )


def password_changed(principal, event):
    """``ICredentialsUpdatedEvent`` (every path that sets a password ends in it)."""
    site = api.portal.get()
    userid = principal.getId() if principal is not None else None
    plugin = policy_plugin(site)
    if not userid or plugin is None:
        return
    plugin.record(userid, event.password)
    sessions.end_sessions(site, userid)
    request = getRequest()
    if request is not None and sessions.current_userid() == userid:
        # The owner changing their own password in this browser stays logged in here.
        sessions.renew_own_cookie(site, request, userid)


def logged_out(event):
    """``IUserLoggedOutEvent``: logging out ends all of the user's cookies and tokens."""
    userid = event.object.getId() if event.object is not None else None
    if userid:
        # Rotating the user's own keyring and dropping their tokens is this request's
        # bounded write; Plone's logout is a GET without a CSRF token to show.
        alsoProvides(getRequest(), IDisableCSRFProtection)
        sessions.end_sessions(api.portal.get(), userid)


def account_created(principal, event):
    """``IPrincipalCreatedEvent``: the new account's password age starts now."""
    plugin = policy_plugin(api.portal.get())
    if plugin is not None and principal is not None:
        plugin.stamp(principal.getId())


def settings_changed(event):
    """A 安全设置 record changed: apply the timeout and token lifetime at once."""
    record = getattr(event, "record", None)
    if record is not None and "IAccountSettings" in (record.__name__ or ""):
        sessions.apply_session_settings(api.portal.get())


def check_request(event):
    """``IPubAfterTraversal``: renew the idle timeout; hold an expired password to a change."""
    request = event.request
    try:
        site = api.portal.get()
    except api.exc.CannotGetPortalError:
        return
    userid = sessions.current_userid()
    if not userid:
        return
    sessions.refresh_on_activity(site, request)
    plugin = policy_plugin(site)
    if plugin is None or not plugin.is_expired(userid):
        return
    url = request.get("ACTUAL_URL") or ""
    if allowed_when_expired(url):
        # The page itself says why, each time it is shown: a message carried over the
        # redirect in a cookie could be taken by another request of the same browser.
        if path_parts(url)[-1] == "change-password" and request.get("REQUEST_METHOD") == "GET":
            IStatusMessage(request).add(
                translate(expired_message(), context=request), type="warning"
            )
        return
    if IAPIRequest.providedBy(request):
        request.response.setStatus(401, lock=True)
        raise PasswordExpired(translate(expired_message(), context=request))
    raise Redirect(f"{site.absolute_url()}/@@change-password")
