"""Who the 收文 steps go to, read from the organisation (Plone glue for ``rules``)."""

from collective.gongwen.incoming import rules
from collective.gongwen.org.units import department_function_group_id
from collective.gongwen.org.units import department_holders
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import reading_leaders
from collective.gongwen.org.units import unit_departments
from collective.gongwen.org.units import unit_function_group_id


def incoming_people(document):
    """The ``rules.IncomingPeople`` of ``document``'s unit (empty outside a unit)."""
    unit = find_unit(document)
    if unit is None:
        return rules.IncomingPeople()
    return rules.IncomingPeople(
        secretaries_group=unit_function_group_id(unit, "secretaries"),
        office_heads=tuple(function_holders(unit, "office_heads")),
        archivists_group=unit_function_group_id(unit, "archivists"),
    )


def reading_candidates(document):
    """The leaders who may be asked to read (R-I2): the unit's leaders and its director."""
    unit = find_unit(document)
    return tuple(reading_leaders(unit)) if unit is not None else ()


def circulation_candidates(document):
    """Who may be sent the document for information (传阅): the unit's leaders, director,
    office heads and every department's heads and members, each once, in that order."""
    unit = find_unit(document)
    if unit is None:
        return ()
    found = list(reading_candidates(document)) + function_holders(unit, "office_heads")
    for department in unit_departments(unit):
        found += department_holders(department, "heads") + department_holders(department, "members")
    return tuple(dict.fromkeys(found))


def department_candidates(document):
    """UIDs of the departments of the document's unit, in their order."""
    unit = find_unit(document)
    return tuple(d.UID() for d in unit_departments(unit)) if unit is not None else ()


def department_by_uid(document, uid):
    """The department ``uid`` of the document's unit, else None."""
    unit = find_unit(document)
    for department in unit_departments(unit) if unit is not None else ():
        if department.UID() == uid:
            return department
    return None


def part_holders(document, department_uid, stage):
    """Who holds a department's part at ``stage``: its receivers' group, or its heads."""
    department = department_by_uid(document, department_uid)
    function = rules.part_holder_function(stage)
    if department is None or function is None:
        return ()
    if function == "heads":
        heads = tuple(department_holders(department, "heads"))
        if not heads:
            raise rules.NoAssigneeError(mapping={"step": department.Title() + "负责人"})
        return heads
    return (department_function_group_id(department, "receivers"),)
