"""The password policy PAS plugin (R-SEC3): strength and history on every path that sets a password.

Plone asks every ``IValidationPlugin`` through ``portal_registration.
testPasswordValidity`` — the registration and add-user forms, 个人设置 →
@@change-password, the forgotten-password reset, REST ``@users`` (POST and
the reset) — and refuses with the plugin's message. This plugin says in
Chinese exactly what a weak password lacks, and refuses one of the owner's
last passwords. It also keeps, per user id, when the password was last set and
the salted hashes of the last ones (``record``, called on every change by
``sessions.password_changed``).

Demo accounts are created by the setup inside ``waived()`` and are not held to
the policy at creation.
"""

import contextlib
import contextvars
import re
import time
from urllib.parse import unquote

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from AccessControl.Permissions import manage_users
from BTrees.OOBTree import OOBTree
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IValidationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.accounts import password as rules
from collective.gongwen.accounts.settings import password_policy

PLUGIN_ID = "gongwen_password_policy"
PLONE_POLICY_ID = "password_policy"  # Plone's own (8 characters), replaced by this one
OWNER = "gongwen.accounts.password_owner"  # request key: whose password is being set

REST_USER = re.compile(r"/@users/([^/?#]+)")

_waived = contextvars.ContextVar("gongwen_password_policy_waived", default=False)

CLASS_NAMES = {
    "upper": _("password_class_upper", default="大写字母"),
    "lower": _("password_class_lower", default="小写字母"),
    "digit": _("password_class_digit", default="数字"),
    "symbol": _("password_class_symbol", default="符号"),
}


def clock():
    """Seconds since the epoch: the policy's time (tests move it)."""
    return time.time()


@contextlib.contextmanager
def waived():
    """Passwords set inside are not held to the policy (the demo setup's accounts)."""
    token = _waived.set(True)
    try:
        yield
    finally:
        _waived.reset(token)


def weakness_message(found, policy, request=None):
    """The Chinese sentence saying what a password lacks (``rules.weaknesses``)."""
    request = request if request is not None else getRequest()
    parts = []
    if "too_short" in found:
        parts.append(
            _(
                "password_too_short",
                default="密码至少 ${min} 个字符，还差 ${missing} 个",
                mapping={"min": policy.min_length, "missing": found["too_short"]},
            )
        )
    if "missing_classes" in found:
        names = (translate(CLASS_NAMES[c], context=request) for c in found["missing_classes"])
        missing = "、".join(names)
        parts.append(
            _(
                "password_missing_classes",
                default="须含大写字母、小写字母、数字、符号中的至少 ${classes} 类，"
                "还须再含 ${needed} 类（尚缺：${missing}）",
                mapping={
                    "classes": policy.classes,
                    "needed": found["classes_needed"],
                    "missing": missing,
                },
            )
        )
    text = "；".join(translate(part, context=request) for part in parts)
    return translate(
        _("password_weak", default="密码不符合要求：${reasons}。", mapping={"reasons": text}),
        context=request,
    )


def requirements_message(policy, request=None):
    """What the policy asks of a password, in Chinese."""
    return translate(
        _(
            "password_requirements",
            default="密码至少 ${min} 个字符，"
            "须含大写字母、小写字母、数字、符号中的至少 ${classes} 类。",
            mapping={"min": policy.min_length, "classes": policy.classes},
        ),
        context=request if request is not None else getRequest(),
    )


def reused_message(policy, request=None):
    return translate(
        _(
            "password_reused",
            default="不能使用最近 ${count} 次用过的密码，请换一个新密码。",
            mapping={"count": policy.history},
        ),
        context=request if request is not None else getRequest(),
    )


def password_owner(request):
    """The user id whose password a request sets, when it changes an existing account's:
    set explicitly (``OWNER``), the reset form's ``userid``, or the member on @@change-password."""
    if request is None:
        return None
    owner = request.other.get(OWNER) or request.form.get("userid")
    if owner:
        return str(owner)[:200]
    url = request.get("ACTUAL_URL") or ""
    rest = REST_USER.search(url)
    if rest:
        return unquote(rest.group(1))[:200]  # REST @users/<id>/reset-password
    if "change-password" in url:
        user = api.user.get_current()
        return None if api.user.is_anonymous() else user.getId()
    return None


@implementer(IValidationPlugin)
class PasswordPolicyPlugin(BasePlugin):
    """Password strength, history and age (R-SEC3)."""

    meta_type = "Gongwen Password Policy Plugin"
    # Nothing of it is published: its methods carry docstrings, which would make them
    # callable by URL (``stamp`` and ``forget`` by anyone).
    security = ClassSecurityInfo()
    security.declareObjectProtected(manage_users)
    for _name in (
        "validateUserInfo",
        "history",
        "set_at",
        "record",
        "stamp",
        "is_expired",
        "forget",
    ):
        security.declarePrivate(_name)
    del _name

    def __init__(self, id=PLUGIN_ID, title="公文：密码策略"):
        self._setId(id)
        self.title = title
        self._records = OOBTree()  # user id -> (set_at, (salted hash, ...))

    # IValidationPlugin
    def validateUserInfo(self, user, set_id, set_info):
        if not set_info or set_info.get("password") is None or _waived.get():
            return []
        new = set_info["password"]
        policy = password_policy()
        request = getRequest()
        if new == "":  # Plone asks this way for the password field's help text
            return [{"id": "password", "error": requirements_message(policy, request)}]
        found = rules.weaknesses(new, policy)
        if found:
            return [{"id": "password", "error": weakness_message(found, policy, request)}]
        owner = user.getId() if user is not None else password_owner(request)
        if owner and rules.reused(new, self.history(owner), policy):
            return [{"id": "password", "error": reused_message(policy, request)}]
        return []

    def history(self, userid):
        return self._records.get(userid, (None, ()))[1]

    def set_at(self, userid):
        """When ``userid``'s password was last set (``None``: unknown)."""
        return self._records.get(userid, (None, ()))[0]

    def record(self, userid, new_password):
        """``userid`` has just set ``new_password``: remember when, and its salted hash."""
        policy = password_policy()
        history = rules.remembered(self.history(userid), new_password, policy)
        self._records[userid] = (clock(), history)

    def stamp(self, userid):
        """Start ``userid``'s password age now when it is not known (existing accounts)."""
        if self.set_at(userid) is None:
            self._records[userid] = (clock(), self.history(userid))

    def is_expired(self, userid):
        return rules.is_expired(self.set_at(userid), clock(), password_policy())

    def forget(self, userid):
        self._records.pop(userid, None)


InitializeClass(PasswordPolicyPlugin)


def policy_plugin(site=None):
    site = site if site is not None else api.portal.get()
    return site.acl_users.get(PLUGIN_ID)


def install_password_policy_plugin(site):
    """Add the plugin, active in place of Plone's 8-character policy; start every
    existing account's password age now (never "expired at once")."""
    pas = site.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, PasswordPolicyPlugin())
    plugins = pas.plugins
    if PLUGIN_ID not in plugins.listPluginIds(IValidationPlugin):
        plugins.activatePlugin(IValidationPlugin, PLUGIN_ID)
    if PLONE_POLICY_ID in plugins.listPluginIds(IValidationPlugin):
        plugins.deactivatePlugin(IValidationPlugin, PLONE_POLICY_ID)
    plugin = pas[PLUGIN_ID]
    for userid in pas.source_users.getUserIds():
        plugin.stamp(userid)


def uninstall_password_policy_plugin(site):
    pas = site.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)
    active = pas.plugins.listPluginIds(IValidationPlugin)
    if PLONE_POLICY_ID in pas.objectIds() and PLONE_POLICY_ID not in active:
        pas.plugins.activatePlugin(IValidationPlugin, PLONE_POLICY_ID)
