"""Finding units, departments and the people who hold their functions.

Thin Plone glue over the function table (``functions``): the acquisition
chain, the catalog and the function groups. Finding the unit or department
around an object is content's (``content.containers``), named here too.
Rules about who may do what live in plain-Python modules (``review``,
``checks``) and take what these functions return.
"""

from plone import api
from Products.ZCatalog.ZCatalog import ZCatalog

from collective.gongwen.content.containers import UNIT_TYPE
from collective.gongwen.content.containers import all_units
from collective.gongwen.content.containers import find_department
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.containers import subordinate_units
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import function_group_ids
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.org.functions import units_holding

__all__ = ("UNIT_TYPE", "all_units", "find_department", "find_unit", "subordinate_units")
DEPARTMENT_TYPE = "gongwen_department"
# A unit's 通知公告 and 工作动态 (Dexterity items) pile up beside its departments year after
# year; BTreeFolder2 keeps its children's ids by meta type, so the containers are found
# without waking the items.
CONTAINER_META_TYPE = "Dexterity Container"


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
    """The departments of ``unit``, in their folder order (by type name: asking a Dexterity
    item for its interfaces computes its behaviours' each time, on every front page), among
    its containers only (every transition asks; a unit's items grow with the years)."""
    return [
        obj for obj in unit.objectValues(CONTAINER_META_TYPE) if obj.portal_type == DEPARTMENT_TYPE
    ]


def unit_function_group_id(unit, key):
    """Id of the group holding unit function ``key`` in ``unit``."""
    return unit_group_id(unit.getId(), key)


def department_function_group_id(department, key):
    """Id of the group holding department function ``key`` in ``department``."""
    unit = find_unit(department)
    return department_group_id(unit.getId(), department.getId(), key)


def group_member_ids(group_id):
    """User ids that are direct members of group ``group_id`` (sorted); [] if it does not exist.

    Asked of the group plugins directly: a group that does not exist has no members there,
    and ``getGroupById`` would build the whole group (properties, roles) to say so.
    """
    return sorted(api.portal.get_tool("portal_groups").getGroupMembers(group_id))


def function_holders(unit, key):
    """User ids holding unit function ``key`` (e.g. ``"secretaries"``) in ``unit``."""
    return group_member_ids(unit_function_group_id(unit, key))


def reading_leaders(unit):
    """Who may be asked to read (阅批, R-I2): the unit's leaders, then its director, each once."""
    found = function_holders(unit, "leaders") + function_holders(unit, "director")
    return list(dict.fromkeys(found))


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


# (catalog path, catalog counter) → ((unit title, unit path, frozenset of its group ids), …)
_unit_table = {}


def _units_with_groups():
    """Each unit's title, path and function groups' ids, units sorted by title.

    Read from the catalog's brains alone (no unit or department is woken) and
    kept per site until the catalog changes (its counter, which every
    (un)indexing moves: a unit or department added, renamed, moved or
    removed). A table built while this transaction itself changes the catalog
    is not kept: that transaction may still be aborted.
    """
    # ZCatalog's counter and search, not CMF's: those process the indexing queue, and asked
    # on every audited action that would index a request's objects mid-way and make two
    # requests' catalog writes collide (R-RUN1). A unit added in this very request is seen
    # once its indexing is done.
    catalog = api.portal.get_tool("portal_catalog")
    counter = getattr(catalog, "_counter", None)
    key = ("/".join(catalog.getPhysicalPath()), counter() if counter is not None else 0)
    found = _unit_table.get(key)
    if found is not None:
        return found
    departments = {}
    for brain in ZCatalog.searchResults(catalog, portal_type=DEPARTMENT_TYPE):
        parent = brain.getPath().rsplit("/", 1)[0]
        departments.setdefault(parent, []).append(brain.getId)
    found = tuple(
        (
            brain.Title,
            brain.getPath(),
            frozenset(function_group_ids(brain.getId, departments.get(brain.getPath(), ()))),
        )
        for brain in ZCatalog.searchResults(
            catalog, portal_type=UNIT_TYPE, sort_on="sortable_title"
        )
    )
    if not getattr(counter, "_p_changed", False):
        _unit_table.clear()
        _unit_table[key] = found
    return found


def unit_groups():
    """Each unit's title and its function groups' ids, units sorted by title (kept until the
    catalog changes, no object woken)."""
    return tuple((title, groups) for title, _path, groups in _units_with_groups())


def member_unit_titles(user):
    """The titles of the units in which ``user`` (a user object) holds any function, like
    ``member_units`` but from the groups the user already carries (no lookups)."""
    get_groups = getattr(user, "getGroups", None)
    if get_groups is None:
        return [unit.Title() for unit in member_units(user.getId())]
    return units_holding(unit_groups(), get_groups())


def member_units(user_id):
    """The units in which ``user_id`` holds any function (unit-wide or in a department), by
    title; the current user's from the groups they carry, no unit woken but these."""
    current = api.user.get_current()
    if current.getId() == user_id and getattr(current, "getGroups", None) is not None:
        groups = current.getGroups()
    else:
        user = api.user.get(userid=user_id)
        if user is None:
            return []
        groups = [group.getId() for group in api.group.get_groups(user=user)]
    portal = api.portal.get()
    paths = units_holding(
        [(path, group_ids) for _title, path, group_ids in _units_with_groups()], groups
    )
    return [portal.unrestrictedTraverse(path) for path in paths]
