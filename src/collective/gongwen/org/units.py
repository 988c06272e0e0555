"""Finding units, departments and the people who hold their functions.

Thin Plone glue over the function table (``functions``): the acquisition
chain, the catalog and the function groups. Finding the unit or department
around an object is content's (``content.containers``), named here too.
Rules about who may do what live in plain-Python modules (``review``,
``checks``) and take what these functions return.
"""

from plone import api

from collective.gongwen.content.containers import UNIT_TYPE
from collective.gongwen.content.containers import all_units
from collective.gongwen.content.containers import find_department
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.containers import subordinate_units
from collective.gongwen.content.department import IGongwenDepartment
from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import unit_group_id

__all__ = ("UNIT_TYPE", "all_units", "find_department", "find_unit", "subordinate_units")
DEPARTMENT_TYPE = "gongwen_department"


def unit_by_uid(uid):
    """The unit with UID ``uid``, else None (also for a UID that is not a unit)."""
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type=UNIT_TYPE)
    return brains[0]._unrestrictedGetObject() if brains else None


def superior_unit(unit):
    """The unit's superior unit, or None."""
    return unit_by_uid(getattr(unit, "superior_unit", None))


def unit_departments(unit):
    """The departments of ``unit``, in their folder order."""
    return [obj for obj in unit.objectValues() if IGongwenDepartment.providedBy(obj)]


def unit_function_group_id(unit, key):
    """Id of the group holding unit function ``key`` in ``unit``."""
    return unit_group_id(unit.getId(), key)


def department_function_group_id(department, key):
    """Id of the group holding department function ``key`` in ``department``."""
    unit = find_unit(department)
    return department_group_id(unit.getId(), department.getId(), key)


def group_member_ids(group_id):
    """User ids that are direct members of group ``group_id`` (sorted); [] if it does not exist."""
    groups = api.portal.get_tool("portal_groups")
    if groups.getGroupById(group_id) is None:
        return []
    return sorted(groups.getGroupMembers(group_id))


def function_holders(unit, key):
    """User ids holding unit function ``key`` (e.g. ``"secretaries"``) in ``unit``."""
    return group_member_ids(unit_function_group_id(unit, key))


def department_holders(department, key):
    """User ids holding department function ``key`` (``members``/``heads``/``receivers``)."""
    return group_member_ids(department_function_group_id(department, key))


def is_secretary(context, user_id):
    """True when ``user_id`` is a secretary of ``context``'s unit (a unit or anything in one).

    The one definition (收文's supervising actions, 待签收, 签收/退回, 收回,
    代录): a member of the unit's 秘书 group, a role mailbox (第十五条). A
    Manager administers the site and is not a unit's secretary.
    """
    unit = find_unit(context) if context is not None else None
    return unit is not None and bool(user_id) and user_id in function_holders(unit, "secretaries")


def is_receiver(department, user_id):
    """True when ``user_id`` is one of ``department``'s receivers (部门收文员, R-I4, R-X1)."""
    return (
        department is not None
        and bool(user_id)
        and user_id in department_holders(department, "receivers")
    )


def unit_group_ids(unit):
    """Ids of every function group of ``unit``: its own, then its departments' in their order."""
    ids = [unit_function_group_id(unit, f.key) for f in UNIT_FUNCTIONS]
    for department in unit_departments(unit):
        ids += [department_function_group_id(department, f.key) for f in DEPARTMENT_FUNCTIONS]
    return ids


def member_units(user_id):
    """The units in which ``user_id`` holds any function (unit-wide or in a department)."""
    user = api.user.get(userid=user_id)
    if user is None:
        return []
    groups = {group.getId() for group in api.group.get_groups(user=user)}
    return [unit for unit in all_units() if groups & set(unit_group_ids(unit))]
