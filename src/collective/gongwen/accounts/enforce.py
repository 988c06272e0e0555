"""三员分立 (R-U2) on every path that gives someone a role or a group.

Whatever writes a site role (the users and groups panels, REST ``@users`` and
``@groups``, ``plone.api``, GenericSetup, a script) ends in the PAS role
manager; whatever adds a member to a group notifies ``PrincipalAddedToGroup``.
Both are checked here after the write, with ``duties.duty_conflict``: if any
person would then hold two of the three duties, the write is refused with a
Chinese message (``BadRequest``: a 400 on the web, and the transaction is
aborted). A write that changes someone's site roles (removals too) then
fires ``events.PrincipalRolesChanged`` with the roles before and after.

``actor`` and ``principal_roles`` are the one way the screens read who acts
and which site roles someone holds (directly or through groups).
"""

from AccessControl import getSecurityManager
from plone import api
from zExceptions import BadRequest
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen.accounts.duties import DUTY_ROLES
from collective.gongwen.accounts.duties import Actor
from collective.gongwen.accounts.duties import duty_conflict
from collective.gongwen.accounts.events import PrincipalRolesChanged


def actor():
    """The ``duties.Actor`` for the user of this request (site roles, through groups too)."""
    user = getSecurityManager().getUser()
    return Actor(user.getId() or "", frozenset(user.getRoles()))


def refuse(refusal):
    """Raise ``refusal`` (a ``duties.DutyRefused``) as a 400 with its Chinese message."""
    raise BadRequest(translate(refusal.message, context=getRequest()))


def principal_roles(role_manager, principal_id):
    """The site roles ``principal_id`` holds directly and through its groups."""
    acl_users = role_manager._getPAS()
    roles = set(role_manager._principal_roles.get(principal_id, ()))
    for group_id in _groups_of(acl_users, principal_id):
        roles.update(role_manager._principal_roles.get(group_id, ()))
    return roles


def explicit_roles(principal_id):
    """The site roles given to ``principal_id`` itself (not through groups), as a set."""
    role_manager = api.portal.get_tool("acl_users").portal_role_manager
    return set(role_manager._principal_roles.get(principal_id, ()))


def check_principal(principal_id):
    """Refuse if ``principal_id`` (a user, or every member of a group) holds two duties."""
    acl_users = api.portal.get_tool("acl_users")
    role_manager = acl_users.portal_role_manager
    people = {principal_id}
    if acl_users.getGroupById(principal_id) is not None:
        people = set(_members_of(acl_users, principal_id)) | {principal_id}
    for person in sorted(people):
        refusal = duty_conflict(person, principal_roles(role_manager, person))
        if refusal is not None:
            refuse(refusal)


def _groups_of(acl_users, principal_id):
    groups = acl_users.source_groups
    return groups._principal_groups.get(principal_id, ())


def _members_of(acl_users, group_id):
    assigned = acl_users.source_groups.listAssignedPrincipals(group_id)
    return [member_id for member_id, _title in assigned]


# --- the role manager's writers (monkey:patch in accounts/configure.zcml) ----


def _gives_a_duty(roles):
    return any(role in DUTY_ROLES for role in roles)


# Roles everyone has by being (or not being) logged in; ``plone.api`` stores them too.
AUTOMATIC_ROLES = frozenset(("Authenticated", "Anonymous"))


def _assigned_roles(role_manager, principal_id):
    return set(role_manager._principal_roles.get(principal_id, ())) - AUTOMATIC_ROLES


def _writing_roles(role_manager, principal_id, write, check):
    """``write()``; then, if ``check``, the one-duty rule; then ``PrincipalRolesChanged`` if
    the principal's own roles changed. ``write``'s result."""
    before = _assigned_roles(role_manager, principal_id)
    result = write()
    if check:
        check_principal(principal_id)
    after = _assigned_roles(role_manager, principal_id)
    if before != after:
        notify(PrincipalRolesChanged(principal_id, before, after))
    return result


def assign_role_to_principal(self, role_id, principal_id, REQUEST=None):
    """``GroupAwareRoleManager.assignRoleToPrincipal``, then the one-duty rule."""
    return _writing_roles(
        self,
        principal_id,
        lambda: self._old_assignRoleToPrincipal(role_id, principal_id, REQUEST),
        role_id in DUTY_ROLES,
    )


def assign_roles_to_principal(self, roles, principal_id, REQUEST=None):
    """``GroupAwareRoleManager.assignRolesToPrincipal``, then the one-duty rule."""
    return _writing_roles(
        self,
        principal_id,
        lambda: self._old_assignRolesToPrincipal(roles, principal_id, REQUEST),
        _gives_a_duty(roles),
    )


def remove_role_from_principal(self, role_id, principal_id, REQUEST=None):
    """``ZODBRoleManager.removeRoleFromPrincipal`` (taking a role away gives no second duty)."""
    return _writing_roles(
        self,
        principal_id,
        lambda: self._old_removeRoleFromPrincipal(role_id, principal_id),
        False,
    )


def principal_added_to_group(event):
    """``PrincipalAddedToGroup``: the new member must not gain a second duty by it."""
    check_principal(event.principal)
