"""The named event of accounts: a login was refused (R-SEC3, and the audit trail's
``login_failed``, R-U1). Fired by the lockout plugin (``accounts.plugin``), which sees every
attempt with a login name and password, wrong or refused while locked."""

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
