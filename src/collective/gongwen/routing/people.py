"""The people a 发文's steps go to, read from the organisation (Plone glue).

Turns the document's unit and drafting department into a plain
``rules.StepPeople`` so the routing rules stay free of Zope.
"""

from Acquisition import aq_base

from collective.gongwen.org.units import department_holders
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import unit_departments
from collective.gongwen.org.units import unit_function_group_id
from collective.gongwen.routing.rules import StepPeople


def drafter_id(document):
    """User id of the drafter: recorded at creation (``routing_drafter``), else the owner."""
    recorded = getattr(aq_base(document), "routing_drafter", None)
    if recorded:
        return recorded
    return document.getOwnerTuple()[1] if document.getOwnerTuple() else None


def drafting_department(document):
    """The 拟稿部门: the field's department, else the unit's first department the drafter is in."""
    unit = find_unit(document)
    if unit is None:
        return None
    uid = getattr(aq_base(document), "drafting_department", None)
    departments = unit_departments(unit)
    for department in departments:
        if uid and department.UID() == uid:
            return department
    drafter = drafter_id(document)
    for department in departments:
        if drafter in department_holders(department, "members") + department_holders(
            department, "heads"
        ):
            return department
    return None


def step_people(document):
    """The ``StepPeople`` of ``document`` (empty functions when outside a unit)."""
    drafter = drafter_id(document)
    unit = find_unit(document)
    if unit is None:
        return StepPeople(drafter=drafter)
    department = drafting_department(document)
    return StepPeople(
        drafter=drafter,
        dept_heads=tuple(department_holders(department, "heads")) if department else (),
        office_heads=tuple(function_holders(unit, "office_heads")),
        supervising_leader=(getattr(department, "supervising_leader", None) or "")
        if department
        else "",
        leaders=tuple(function_holders(unit, "leaders")),
        director=tuple(function_holders(unit, "director")),
        print_room_group=unit_function_group_id(unit, "print_room"),
        secretaries_group=unit_function_group_id(unit, "secretaries"),
        archivists_group=unit_function_group_id(unit, "archivists"),
    )
