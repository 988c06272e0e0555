"""三员分立 (R-U2) on REST ``@users`` and ``@groups``: one check before any of their writers.

An ``IPubAfterTraversal`` subscriber reads which plone.restapi service was
reached and what its body asks for, asks ``duties`` and answers a refusal with
403 and the Chinese message; nothing is written. The one-duty rule on the role
and group writers themselves stays in ``enforce``.
"""

import json

from plone.restapi.services.groups.add import GroupsPost
from plone.restapi.services.groups.delete import GroupsDelete
from plone.restapi.services.groups.update import GroupsPatch
from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.delete import UsersDelete
from plone.restapi.services.users.update import UsersPatch
from zExceptions import Forbidden
from zope.i18n import translate

from collective.gongwen.accounts import duties
from collective.gongwen.accounts.enforce import actor
from collective.gongwen.accounts.enforce import explicit_roles

# PATCH @users/<id> keys that change the account rather than the person's own profile
ACCOUNT_KEYS = ("password", "email", "username")


def _body(request):
    try:
        data = json.loads(request.get("BODY") or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _param(service):
    params = getattr(service, "params", None) or []
    return params[0] if params else ""


def _names(value):
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def refusal_of(service, data, who):
    """The ``duties.DutyRefused`` for ``who`` calling ``service`` with ``data``, or None."""
    target = _param(service)
    if isinstance(service, UsersPost):
        if target:  # @users/<id>/reset-password: the person's own change, or an account's
            own = target == who.user_id or "reset_token" in data or "old_password" in data
            return None if own else _unless(who, duties.MANAGE_ACCOUNTS)
        refusal = _unless(who, duties.MANAGE_ACCOUNTS)
        if refusal is None and _names(data.get("groups")):
            refusal = _unless(who, duties.CHANGE_GROUPS)
        if refusal is None:
            new = [role for role in _names(data.get("roles")) if role != "Member"]
            refusal = duties.role_grant_refusal(who, data.get("username") or "", (), new)
        return refusal
    if isinstance(service, UsersDelete):
        return _unless(who, duties.MANAGE_ACCOUNTS)
    if isinstance(service, UsersPatch):
        if target != who.user_id and any(key in data for key in ACCOUNT_KEYS):
            refusal = _unless(who, duties.MANAGE_ACCOUNTS)
            if refusal is not None:
                return refusal
        roles = data.get("roles")
        if isinstance(roles, dict) and roles:
            old = explicit_roles(target)
            new = (old | {r for r, on in roles.items() if on}) - {
                r for r, on in roles.items() if not on
            }
            return duties.role_grant_refusal(who, target, old, new)
        return None
    if isinstance(service, (GroupsPost, GroupsDelete)):
        refusal = _unless(who, duties.CHANGE_GROUPS)
        if refusal is None and isinstance(service, GroupsPost):
            refusal = duties.role_grant_refusal(who, "", (), _names(data.get("roles")))
        return refusal
    if isinstance(service, GroupsPatch):
        if any(key in data for key in ("users", "groups", "title", "description", "email")):
            refusal = _unless(who, duties.CHANGE_GROUPS)
            if refusal is not None:
                return refusal
        if isinstance(data.get("roles"), list):
            old = explicit_roles(target)
            return duties.role_grant_refusal(who, target, old, _names(data["roles"]))
    return None


def _unless(who, action):
    return None if duties.may(who, action) else duties.not_your_duty(action)


def check_rest_request(event):
    """``IPubAfterTraversal``: refuse a REST users/groups write that is not the caller's duty."""
    request = event.request
    service = request.get("PUBLISHED")
    services = (UsersPost, UsersDelete, UsersPatch, GroupsPost, GroupsDelete, GroupsPatch)
    if not isinstance(service, services):
        return
    refusal = refusal_of(service, _body(request), actor())
    if refusal is not None:
        raise Forbidden(translate(refusal.message, context=request))
