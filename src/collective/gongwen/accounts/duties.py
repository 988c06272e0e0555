"""三员分立 (R-U2): the three administrative duties, what each may do, and who may hold them.

Plain Python (no Zope): the single table the screens, the role and group
writers and the tests read. A duty is a site role held by one person:

* 系统管理员 (``GongwenSystemAdmin``): accounts (create, disable, delete, reset
  passwords), units and departments, general settings (公文设置, 档案设置, Plone's), 登录情况;
* 安全保密管理员 (``GongwenSecurityAdmin``): who holds which role, function and
  group, sharing, the security settings (安全设置: lockout, password policy);
* 安全审计员 (``GongwenAuditor``): reads and exports the audit log, verifies it.

One person holds at most one of the three (``duty_conflict``), however the
roles reach them (directly or through a group). Nobody but Zope's emergency
``admin`` (a Manager) grants Manager or Site Administrator
(``role_grant_refusal``).
"""

from dataclasses import dataclass

from collective.gongwen import _

SYSTEM_ADMIN = "GongwenSystemAdmin"
SECURITY_ADMIN = "GongwenSecurityAdmin"
AUDITOR = "GongwenAuditor"
DUTY_ROLES = (SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR)

DUTY_TITLES = {
    SYSTEM_ADMIN: _("duty_system_admin", default="系统管理员"),
    SECURITY_ADMIN: _("duty_security_admin", default="安全保密管理员"),
    AUDITOR: _("duty_auditor", default="安全审计员"),
}

# Roles above the three duties: Zope's emergency admin only.
RESERVED_ROLES = ("Manager", "Site Administrator")
EMERGENCY_ROLE = "Manager"

# What a duty may do (the actions the screens and writers ask about).
MANAGE_ACCOUNTS = "manage_accounts"  # create, disable, delete accounts; reset passwords
MANAGE_UNITS = "manage_units"  # add and edit units and departments
GENERAL_SETTINGS = "general_settings"  # 公文设置, 档案设置 and Plone's general settings
ASSIGN_ROLES = "assign_roles"  # site roles of users and groups
CHANGE_GROUPS = "change_groups"  # group membership, function holders, groups themselves
SHARING = "sharing"  # local roles (共享)
SECURITY_SETTINGS = "security_settings"  # 安全设置: lockout, password policy
READ_AUDIT = "read_audit"  # read, export and verify the audit log

DUTY_ACTIONS = {
    SYSTEM_ADMIN: frozenset({MANAGE_ACCOUNTS, MANAGE_UNITS, GENERAL_SETTINGS}),
    SECURITY_ADMIN: frozenset({ASSIGN_ROLES, CHANGE_GROUPS, SHARING, SECURITY_SETTINGS}),
    AUDITOR: frozenset({READ_AUDIT}),
}


class DutyRefused(ValueError):
    """A refused administrative action (R-U2); ``message`` is a translatable Chinese message."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Actor:
    """Who acts: their id and the site roles they hold (directly or through groups)."""

    user_id: str
    roles: frozenset

    @property
    def is_emergency(self):
        return EMERGENCY_ROLE in self.roles


def duties_of(roles):
    """The duty roles among ``roles``, in the order of ``DUTY_ROLES``."""
    held = set(roles or ())
    return tuple(role for role in DUTY_ROLES if role in held)


def may(actor, action):
    """Whether ``actor`` may do ``action``: their duty allows it or they are the emergency admin"""
    if actor.is_emergency:
        return True
    return any(action in DUTY_ACTIONS[duty] for duty in duties_of(actor.roles))


def refuse_unless(actor, action):
    """Raise ``DutyRefused`` naming the duty ``action`` belongs to unless ``actor`` may do it."""
    if not may(actor, action):
        raise not_your_duty(action)


def not_your_duty(action):
    """The refusal of ``action`` to someone whose duty it is not, naming whose it is."""
    owner = next(duty for duty in DUTY_ROLES if action in DUTY_ACTIONS[duty])
    return DutyRefused(
        _(
            "error_duty_not_yours",
            default="此操作属于${duty}的职责，您不能办理（三员分立）。",
            mapping={"duty": DUTY_TITLES[owner]},
        )
    )


def duty_conflict(user_id, roles):
    """A refusal if ``user_id`` would hold more than one duty with ``roles``; else None."""
    held = duties_of(roles)
    if len(held) <= 1:
        return None
    return DutyRefused(
        _(
            "error_duty_conflict",
            default="${user}不能同时担任${first}和${second}：三员分立，一人只能担任其中一项。",
            mapping={
                "user": user_id,
                "first": DUTY_TITLES[held[0]],
                "second": DUTY_TITLES[held[1]],
            },
        )
    )


def role_grant_refusal(actor, target_id, old_roles, new_roles):
    """A refusal of ``actor`` changing ``target_id``'s site roles from ``old_roles`` to
    ``new_roles``; None if allowed.

    Only the security administrator changes roles; nobody but the emergency
    admin grants or removes Manager or Site Administrator; nobody gives
    themselves a duty.
    """
    if actor.is_emergency:
        return None
    changed = set(old_roles or ()) ^ set(new_roles or ())
    if not changed:
        return None
    if not may(actor, ASSIGN_ROLES):
        return not_your_duty(ASSIGN_ROLES)
    reserved = sorted(changed & set(RESERVED_ROLES))
    if reserved:
        return DutyRefused(
            _(
                "error_reserved_role",
                default="只有应急管理员（Zope 的 admin）才能授予或收回${role}角色。",
                mapping={"role": "、".join(reserved)},
            )
        )
    if target_id == actor.user_id and changed & set(DUTY_ROLES):
        return DutyRefused(
            _(
                "error_duty_self_grant",
                default="不能为自己授予或收回三员（系统管理员、安全保密管理员、安全审计员）的角色。",
            )
        )
    return None
