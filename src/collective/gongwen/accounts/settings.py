"""The account settings (R-SEC3): registry records edited in 网站设置 → 登录与锁定."""

from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import queryUtility
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.accounts.lockout import Policy


class IAccountSettings(Interface):
    """Failed-login lockout."""

    lockout_attempts = schema.Int(
        title=_("label_lockout_attempts", default="连续输错密码几次后锁定"),
        description=_(
            "help_lockout_attempts",
            default="同一账号或同一地址连续输错密码达到此次数即锁定；填 0 不锁定。",
        ),
        default=5,
        min=0,
        max=100,
    )
    lockout_minutes = schema.Int(
        title=_("label_lockout_minutes", default="锁定时长（分钟）"),
        description=_(
            "help_lockout_minutes",
            default="锁定期间即使密码正确也不能登录，期满自动解锁。",
        ),
        default=15,
        min=1,
        max=1440,
    )


def lockout_policy():
    """The lockout ``Policy`` in force (the schema's defaults before the records exist)."""
    registry = queryUtility(IRegistry)
    prefix = IAccountSettings.__identifier__
    values = {}
    for name in ("lockout_attempts", "lockout_minutes"):
        value = registry.get(f"{prefix}.{name}") if registry is not None else None
        values[name] = IAccountSettings[name].default if value is None else value
    return Policy(limit=values["lockout_attempts"], minutes=values["lockout_minutes"])
