"""The lockout PAS plugin (R-SEC3): refuses a login while its account or address is locked.

It stands first among the authentication plugins and never authenticates
anyone itself. Given a login name and password (from the login form, the
REST ``@login`` or any caller of ``acl_users.authenticate``) it

- refuses them, whatever the password, while the account name or the client
  address is locked (the credentials are emptied, so no later plugin sees them);
- otherwise asks the other authentication plugins whether they are right, and
  counts a wrong one against the account name and the address, each against its
  own limit (the address's is far higher: an office shares one), or clears the
  account's count on a right one.

The request then carries ``LOCKED_MINUTES`` (minutes until unlock) so the form
and REST can say so, in the same words whether or not the account exists.
Every wrong one fires ``events.LoginFailed``, also while the lockout is
switched off (0 attempts): then nothing is counted or locked.

``unlock_now`` is the 安全保密管理员's 「解锁」 on the 安全设置 page: checked,
cleared, ``events.LockReleased`` fired (the audit trail listens).
"""

import logging
import time

from AccessControl import ClassSecurityInfo
from AccessControl import Unauthorized
from AccessControl.class_init import InitializeClass
from AccessControl.Permissions import manage_users
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from BTrees.OOBTree import OOBTree
from plone import api
from plone.base.utils import safe_text
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.interfaces import IAPIRequest
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from Products.statusmessages.interfaces import IStatusMessage
from zope.event import notify
from zope.interface import alsoProvides
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.accounts import lockout
from collective.gongwen.accounts import sessions
from collective.gongwen.accounts.events import LOCKED
from collective.gongwen.accounts.events import WRONG
from collective.gongwen.accounts.events import LockReleased
from collective.gongwen.accounts.events import LoginFailed
from collective.gongwen.accounts.settings import lockout_limits

logger = logging.getLogger(__name__)

PLUGIN_ID = "gongwen_lockout"
LOCKED_MINUTES = "gongwen.accounts.locked_minutes"
MANAGE_SECURITY_SETTINGS = "collective.gongwen: Manage security settings"


def clock():
    """Seconds since the epoch: the lockout's time (tests move it)."""
    return time.time()


def locked_message(minutes):
    """The Chinese refusal: the same for every name, existing or not."""
    return _(
        "login_locked",
        default="登录失败次数过多，已暂时锁定，请 ${minutes} 分钟后再试。",
        mapping={"minutes": minutes},
    )


@implementer(IAuthenticationPlugin)
class LockoutPlugin(BasePlugin):
    """Failed-login lockout per account name and per client address."""

    meta_type = "Gongwen Lockout Plugin"
    # Nothing of it is published: its methods carry docstrings, which would make them
    # callable by URL, and ``unlock`` by anyone (``unlock_now`` is the checked way).
    security = ClassSecurityInfo()
    security.declareObjectProtected(manage_users)
    for _name in (
        "authenticateCredentials",
        "tally_keys",
        "tally",
        "is_locked",
        "current_locks",
        "unlock",
    ):
        security.declarePrivate(_name)
    del _name

    def __init__(self, id=PLUGIN_ID, title="公文：登录失败锁定"):
        self._setId(id)
        self.title = title
        self._tallies = OOBTree()

    # IAuthenticationPlugin
    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not login or password is None:
            return None
        limits = lockout_limits()
        request = self.REQUEST
        if not limits.enabled:
            # No lockout, yet a wrong password is still a failed login (the audit trail's).
            if not self._others_authenticate(login, password) and not (
                self._above_authenticates(login, password, request)
            ):
                notify(LoginFailed(login, WRONG, request))
            return None
        now = clock()
        keys = self.tally_keys(login, request)
        tallies = {kind: self.tally(key) for kind, key in keys.items()}
        if any(lockout.is_locked(tally, now) for tally in tallies.values()):
            credentials.clear()
            self._refuse(request, max(lockout.minutes_left(t, now) for t in tallies.values()))
            notify(LoginFailed(login, LOCKED, request))
            return None
        if self._others_authenticate(login, password):
            if tallies[lockout.ACCOUNT] != lockout.CLEAR:
                self._store(request, keys[lockout.ACCOUNT], lockout.CLEAR)
            return None
        if self._above_authenticates(login, password, request):
            return None  # Zope's own user (the emergency admin) logging in here: no failure
        for kind, tally in tallies.items():
            self._store(request, keys[kind], lockout.after_failure(tally, now, limits.policy(kind)))
        logger.info("Failed login for %r from %s", safe_text(login)[:200], keys[lockout.ADDRESS])
        notify(LoginFailed(login, WRONG, request))
        if self.is_locked(login, request):
            # This very attempt locked it: say so now, not at the next one.
            self._refuse(request, limits.minutes)
            self._end_sessions_of(login)
        return None

    def _end_sessions_of(self, login):
        """A locked account's open cookies and tokens stop working too (R-SEC3)."""
        pas = self._getPAS()
        info = pas._verifyUser(pas.plugins, login=login)
        if info is not None:
            sessions.end_sessions(aq_parent(aq_inner(pas)), info["id"])

    def tally_keys(self, login, request):
        """{ACCOUNT: key, ADDRESS: key} of a login from ``request``'s client."""
        address = request.getClientAddr() if request is not None else ""
        return {
            lockout.ACCOUNT: lockout.tally_key(lockout.ACCOUNT, safe_text(login)),
            lockout.ADDRESS: lockout.tally_key(lockout.ADDRESS, address),
        }

    def tally(self, key):
        # (failures, locked_until[, last_failure]): tallies stored before issue 18 have two
        return lockout.Tally(*self._tallies.get(key, ()))

    def is_locked(self, login, request):
        now = clock()
        keys = self.tally_keys(login, request).values()
        return any(lockout.is_locked(self.tally(key), now) for key in keys)

    def current_locks(self):
        """Every account name and address locked now (``lockout.Lock``), for 安全设置."""
        return lockout.current_locks(((key, self.tally(key)) for key in self._tallies), clock())

    def unlock(self, login=None, address=None):
        """Clear the tally of an account name and/or a client address (no check, no event:
        ``unlock_now`` is the administrators' way)."""
        if login is not None:
            self._tallies.pop(lockout.tally_key(lockout.ACCOUNT, login), None)
        if address is not None:
            self._tallies.pop(lockout.tally_key(lockout.ADDRESS, address), None)

    def _store(self, request, key, tally):
        if tally == lockout.CLEAR:
            self._tallies.pop(key, None)
        else:
            self._tallies[key] = (tally.failures, tally.locked_until, tally.last_failure)
        if request is not None:
            # The tally is written by an anonymous login request, which has no
            # CSRF token to show; the write is this plugin's own and bounded.
            alsoProvides(request, IDisableCSRFProtection)

    def _refuse(self, request, minutes):
        if request is None:
            return
        request.other[LOCKED_MINUTES] = minutes
        if not IAPIRequest.providedBy(request):
            IStatusMessage(request).add(locked_message(minutes), type="error")

    def _others_authenticate(self, login, password):
        pas = self._getPAS()
        for plugin_id, plugin in pas.plugins.listPlugins(IAuthenticationPlugin):
            if plugin_id == self.getId():
                continue
            try:
                result = plugin.authenticateCredentials({"login": login, "password": password})
            except (AttributeError, KeyError, TypeError, ValueError, NameError):
                logger.info("Authentication plugin %s failed", plugin_id, exc_info=True)
                continue
            if result is not None and result[0] is not None:
                return True
        return False

    def _above_authenticates(self, login, password, request):
        """True when the user folder above the site (Zope's, holding the emergency ``admin``)
        takes these credentials: the site's plugins do not know the name, yet it is no failure."""
        site = aq_parent(aq_inner(self._getPAS()))
        above = aq_parent(aq_inner(site)) if site is not None else None
        folder = getattr(above, "acl_users", None) if above is not None else None
        if folder is None or aq_base(folder) is aq_base(self._getPAS()):
            return False
        try:
            return folder.authenticate(login, password, request) is not None
        except (AttributeError, KeyError, TypeError, ValueError):
            logger.info("The user folder above the site could not authenticate", exc_info=True)
            return False


InitializeClass(LockoutPlugin)


def unlock_now(kind, name):
    """The 安全保密管理员 unlocks the account name or client address ``name`` at once.

    Refused (``Unauthorized``) to anyone without ``Manage security settings``; a
    ``ValueError`` for a kind that is neither. Returns the ``lockout.Lock`` released,
    or None when it was no longer locked (run out, or unlocked by someone else): then
    nothing is written. A released lock fires ``LockReleased`` (audited).
    """
    site = api.portal.get()
    if not api.user.has_permission(MANAGE_SECURITY_SETTINGS, obj=site):
        raise Unauthorized("Manage security settings")
    if kind not in lockout.KINDS:
        raise ValueError(f"unknown tally kind {kind!r}")
    plugin = site.acl_users[PLUGIN_ID]
    key = lockout.tally_key(kind, name)
    tally = plugin.tally(key)
    if not lockout.is_locked(tally, clock()):
        return None
    del plugin._tallies[key]
    released = lockout.Lock(kind, lockout.key_parts(key)[1], tally.failures, tally.locked_until)
    notify(LockReleased(released, api.user.get_current().getId()))
    return released


def install_lockout_plugin(site):
    """Add the plugin to the site's ``acl_users``, active and first among authenticators."""
    pas = site.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LockoutPlugin())
    plugins = pas.plugins
    if PLUGIN_ID not in plugins.listPluginIds(IAuthenticationPlugin):
        plugins.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
    while plugins.listPluginIds(IAuthenticationPlugin)[0] != PLUGIN_ID:
        plugins.movePluginsUp(IAuthenticationPlugin, [PLUGIN_ID])


def uninstall_lockout_plugin(site):
    pas = site.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)
