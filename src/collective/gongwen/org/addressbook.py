"""The address book of a unit (R-D7): the one place that says what 主送/抄送 names stand for.

Read from the portal: the sending unit's departments (by their bare title)
and its distribution lists (``addressbook_rules.DEPARTMENT_LISTS``), every
unit on the portal and its departments (「新乡河务局水政水资源科」), and the
external organs its office keeps in the unit's 「通讯录」 folder. The rules
(``addressbook_rules``) resolve names against these entries; delivery
(``exchange.deliveries``), the flag before 发送 and the picker all ask here.
"""

from plone import api

from collective.gongwen.content.rules import normalized_name
from collective.gongwen.org import addressbook_rules as rules
from collective.gongwen.org.units import all_units
from collective.gongwen.org.units import unit_departments

ORGAN_TYPE = "gongwen_organ"


def _department_entry(unit, department, name, group):
    return rules.Entry(
        name=name,
        kind=rules.DEPARTMENT,
        group=group,
        unit_uid=unit.UID(),
        unit_id=unit.getId(),
        department_uid=department.UID(),
        department_id=department.getId(),
    )


def organs(unit):
    """The external organs kept in ``unit``'s 「通讯录」, by title (whoever asks)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=ORGAN_TYPE, path="/".join(unit.getPhysicalPath()), sort_on="sortable_title"
    )
    return [brain._unrestrictedGetObject() for brain in brains]


def organ_entry(organ):
    """The book's entry of the external organ ``organ``."""
    return rules.Entry(
        name=organ.Title(),
        kind=rules.ORGAN,
        group=rules.ORGAN_GROUP,
        method=getattr(organ, "exchange_method", None) or rules.PACKAGE,
        aliases=tuple(name for name in getattr(organ, "short_names", None) or () if name),
    )


def address_book(unit):
    """The entries of ``unit``'s address book (``addressbook_rules.Entry``), in the picker's order.

    Without a unit (a document outside any), the portal's units and their
    departments only.
    """
    entries = []
    if unit is not None:
        own = unit_departments(unit)
        members = tuple(department.Title() for department in own)
        for name in rules.DEPARTMENT_LISTS:
            entries.append(
                rules.Entry(name=name, kind=rules.LIST, group=rules.OWN_GROUP, members=members)
            )
        for department in own:
            entries.append(_department_entry(unit, department, department.Title(), rules.OWN_GROUP))
    for other in all_units():
        entries.append(
            rules.Entry(
                name=other.Title(),
                kind=rules.UNIT,
                group=rules.PORTAL_GROUP,
                unit_uid=other.UID(),
                unit_id=other.getId(),
            )
        )
        for department in unit_departments(other):
            name = f"{other.Title()}{department.Title()}"
            entries.append(_department_entry(other, department, name, rules.PORTAL_GROUP))
    if unit is not None:
        entries.extend(organ_entry(organ) for organ in organs(unit))
    return tuple(entries)


def picker_entries(unit):
    """The book as the picker lists it: one entry per name; the second list 「各科室」, the
    unit itself and its departments under their full name left out (all still resolve)."""
    shown = []
    seen = set()
    own_uid = unit.UID() if unit is not None else None
    for entry in address_book(unit):
        if entry.kind == rules.LIST and entry.name != rules.DEPARTMENT_LISTS[0]:
            continue
        if entry.group == rules.PORTAL_GROUP and entry.unit_uid == own_uid:
            continue  # the unit itself, and its departments under their full name
        key = normalized_name(entry.name)
        if key in seen:
            continue
        seen.add(key)
        shown.append(entry)
    return shown
