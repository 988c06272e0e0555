"""The account settings (R-SEC3): registry records edited in 网站设置 → 安全设置.

Lockout, password policy, idle timeout and token lifetime; the security
administrator's panel (permission ``collective.gongwen: Manage security settings``).
"""

from zope import schema
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.accounts import password
from collective.gongwen.accounts.lockout import Limits
from collective.gongwen.content.settings import record_or_default


class IAccountSettings(Interface):
    """Failed-login lockout, password policy, idle timeout and token lifetime."""

    lockout_attempts = schema.Int(
        title=_("label_lockout_account_attempts", default="同一账号连续输错几次后锁定该账号"),
        description=_(
            "help_lockout_account_attempts",
            default="同一账号连续输错密码达到此次数即锁定该账号（其他人不受影响）；"
            "填 0 不锁定（0 至 100）。",
        ),
        default=5,
        min=0,
        max=100,
    )
    lockout_address_attempts = schema.Int(
        title=_("label_lockout_address_attempts", default="同一地址连续输错几次后锁定该地址"),
        description=_(
            "help_lockout_address_attempts",
            default="同一网络地址连续输错密码达到此次数即锁定该地址上的所有登录。单位里许多人常经同一"
            "出口地址（地址转换或代理）访问，故此数应远大于账号的次数，以免一人输错便锁住全单位；"
            "它防的是用一个地址试探许多账号。填 0 不锁定地址（0 至 10000）。",
        ),
        default=50,
        min=0,
        max=10000,
    )
    lockout_minutes = schema.Int(
        title=_("label_lockout_minutes", default="锁定时长（分钟）"),
        description=_(
            "help_lockout_minutes_unlock",
            default="锁定期间即使密码正确也不能登录，期满自动解锁，安全保密管理员也可在下方「当前锁定」中"
            "立即解锁；输错后这么久没有再输错，次数重新计算。",
        ),
        default=15,
        min=1,
        max=1440,
    )
    password_min_length = schema.Int(
        title=_("label_password_min_length", default="密码最短长度"),
        description=_("help_password_min_length", default="8 至 64 个字符。"),
        default=10,
        min=8,
        max=64,
    )
    password_classes = schema.Int(
        title=_("label_password_classes", default="密码须含几类字符"),
        description=_(
            "help_password_classes",
            default="大写字母、小写字母、数字、符号四类中至少含几类（1 至 4）。",
        ),
        default=3,
        min=1,
        max=4,
    )
    password_history = schema.Int(
        title=_("label_password_history", default="不得重复使用最近几次的密码"),
        description=_(
            "help_password_history",
            default="只保存加盐散列，不保存密码本身；填 0 不检查（0 至 24）。",
        ),
        default=5,
        min=0,
        max=24,
    )
    password_expiry_days = schema.Int(
        title=_("label_password_expiry_days", default="密码有效期（天）"),
        description=_(
            "help_password_expiry_days",
            default="自上次设置密码起算，到期后登录只能先修改密码；填 0 永不过期（0 至 365）。",
        ),
        default=90,
        min=0,
        max=365,
    )
    idle_timeout_minutes = schema.Int(
        title=_("label_idle_timeout_minutes", default="空闲超时（分钟）"),
        description=_(
            "help_idle_timeout_minutes",
            default="超过此时长无操作须重新登录，有操作即顺延（5 至 1440）。",
        ),
        default=30,
        min=5,
        max=1440,
    )
    token_hours = schema.Int(
        title=_("label_token_hours", default="接口令牌有效期（小时）"),
        description=_(
            "help_token_hours",
            default="程序接口（供其他系统调用）登录所得令牌的有效期，"
            "退出或改密码后立即作废（1 至 168）。",
        ),
        default=12,
        min=1,
        max=168,
    )


def setting(name):
    """The record ``name`` of ``IAccountSettings`` (the schema's default before it exists)."""
    return record_or_default(IAccountSettings, name)


def lockout_limits():
    """The lockout ``Limits`` in force (account, address, minutes)."""
    return Limits(
        account=setting("lockout_attempts"),
        address=setting("lockout_address_attempts"),
        minutes=setting("lockout_minutes"),
    )


def password_policy():
    """The password ``password.Policy`` in force."""
    return password.Policy(
        min_length=setting("password_min_length"),
        classes=setting("password_classes"),
        history=setting("password_history"),
        expiry_days=setting("password_expiry_days"),
    )
