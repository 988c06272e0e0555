"""Sessions and tokens (R-SEC3): idle timeout, and logout or a new password ending them.

plone.session's login cookie (``__ac``) is a signed ticket valid for
``timeout`` seconds; with ``per_user_keyring`` each user's tickets are signed
with the user's own keyring, which Plone's logout clears. plone.restapi's JWT
plugin with ``store_tokens`` keeps each issued token, and ``@logout`` deletes
it. ``apply_session_settings`` sets both from the 安全设置 records; a password
change, on any path, ends all of the user's cookies and tokens
(``end_sessions``); a request with a cookie older than a minute gets a fresh
one, so the timeout counts from the last activity (idle timeout).
"""

import binascii
import time

from plone import api
from plone.keyring.interfaces import IKeyManager
from plone.keyring.keyring import Keyring
from plone.session import tktauth
from zope.component import queryUtility

from collective.gongwen.accounts.settings import setting

SESSION_ID = "session"
JWT_ID = "jwt_auth"
REFRESH_AFTER = 60  # seconds: a ticket older than this is renewed by the next request


def session_plugin(site):
    return site.acl_users.get(SESSION_ID)


def jwt_plugin(site):
    return site.acl_users.get(JWT_ID)


def apply_session_settings(site):
    """Idle timeout and token lifetime from the records onto plone.session and the JWT plugin;
    per-user keyrings and stored tokens so that logout and a new password end them."""
    session = session_plugin(site)
    if session is not None:
        session.timeout = setting("idle_timeout_minutes") * 60
        session.refresh_interval = REFRESH_AFTER
        if not session.per_user_keyring:
            # plone.session's logout expects the user's own keyring to exist
            # (KeyError otherwise) when a cookie was signed before the switch.
            manager = queryUtility(IKeyManager)
            for userid in site.acl_users.source_users.getUserIds():
                ring = session._getSecretKey(userid)
                if manager is not None and ring not in manager:
                    manager[ring] = Keyring(1)
                    manager[ring].fill()
            session.per_user_keyring = True
    jwt = jwt_plugin(site)
    if jwt is not None:
        jwt.token_timeout = setting("token_hours") * 60 * 60
        jwt.store_tokens = True
        if jwt._tokens is None:
            from BTrees.OOBTree import OOBTree

            jwt._tokens = OOBTree()


def end_sessions(site, userid):
    """Every login cookie and REST token of ``userid`` stops working."""
    session = session_plugin(site)
    manager = queryUtility(IKeyManager)
    if session is not None and manager is not None:
        ring = session._getSecretKey(userid)
        if ring in manager:
            manager.clear(ring=ring)
            manager.rotate(ring=ring)
    jwt = jwt_plugin(site)
    if jwt is not None and jwt._tokens is not None and userid in jwt._tokens:
        del jwt._tokens[userid]


def renew_own_cookie(site, request, userid):
    """A fresh ``__ac`` for ``userid`` when ``request`` came with one (after ``end_sessions``):
    Plone 6 issues none after a password change, the old one no longer works."""
    session = session_plugin(site)
    if session is not None and session.getProperty("cookie_name") in request.cookies:
        session._setupSession(userid, request.response)


def ticket_age(site, request):
    """Seconds since the request's ``__ac`` ticket was issued, or ``None`` without a valid one."""
    session = session_plugin(site)
    name = session.getProperty("cookie_name") if session is not None else None
    if not name or name not in request.cookies:
        return None
    try:
        ticket = binascii.a2b_base64(request.cookies[name])
        tktauth.splitTicket(ticket)
    except (binascii.Error, ValueError):
        return None
    data = session._validateTicket(ticket)
    if data is None:
        return None
    return time.time() - data[4]


def refresh_on_activity(site, request):
    """Renew a valid ticket older than ``REFRESH_AFTER``: the idle timeout restarts."""
    age = ticket_age(site, request)
    if age is None or age <= REFRESH_AFTER:
        return
    session = session_plugin(site)
    manager = queryUtility(IKeyManager)
    userid = current_userid()
    if userid and manager is not None and session._getSecretKey(userid) in manager:
        session._refreshSession(request)  # signs with the user's existing keyring: no write


def current_userid():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()
