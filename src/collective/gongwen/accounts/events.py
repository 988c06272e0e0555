"""The named events of accounts (accounts does not import audit; audit listens, R-U1).

``LoginFailed``: a login was refused (R-SEC3, the audit trail's ``login_failed``). Fired by
the lockout plugin (``accounts.plugin``), which sees every attempt with a login name and
password, wrong or refused while locked — also while the lockout is switched off.

``LockReleased``: the 安全保密管理员 unlocked a locked account name or client address
on the 安全设置 page (R-SEC3; the audit trail's ``settings_change``). Fired by
``accounts.plugin.unlock_now``.

``PrincipalRolesChanged``: a user's or group's site roles changed (the audit trail's
``role_change``). Fired by the PAS role manager's writers (``accounts.enforce``), whatever
called them: the users and groups panels, REST, ``plone.api``, GenericSetup, a script."""

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import implementer

WRONG = "wrong"  # the password (or the name) was wrong
LOCKED = "locked"  # refused unseen: the account or the address is locked


class ILoginFailed(Interface):
    """A login with ``login`` from ``request``'s client failed."""

    login = Attribute("The login name given (as typed)")
    reason = Attribute("WRONG or LOCKED")
    request = Attribute("The request of the attempt, or None")


@implementer(ILoginFailed)
class LoginFailed:
    def __init__(self, login, reason, request=None):
        self.login = login
        self.reason = reason
        self.request = request


class ILockReleased(Interface):
    """``actor`` unlocked ``lock`` (a ``lockout.Lock``: kind, name, failures, locked_until)."""

    lock = Attribute("The lockout.Lock released")
    actor = Attribute("The user id of who unlocked it")


@implementer(ILockReleased)
class LockReleased:
    def __init__(self, lock, actor):
        self.lock = lock
        self.actor = actor


class IPrincipalRolesChanged(Interface):
    """The site roles given to ``principal_id`` itself changed from ``before`` to ``after``."""

    principal_id = Attribute("The user or group id")
    before = Attribute("Its roles before (a sorted tuple)")
    after = Attribute("Its roles after (a sorted tuple)")


@implementer(IPrincipalRolesChanged)
class PrincipalRolesChanged:
    def __init__(self, principal_id, before, after):
        self.principal_id = principal_id
        self.before = tuple(sorted(before))
        self.after = tuple(sorted(after))
