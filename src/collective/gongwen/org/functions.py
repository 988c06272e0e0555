"""The functions people hold, the Plone groups that hold them, the roles they give.

Plain Python: the single table every other module (org sync, workflows,
sharing, demo data, docs) reads. A function is held by the members of one
Plone group per unit (or per department); the group gets the function's role
as a local role on the unit (or on the department).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    """A function: its key in code, its Chinese name, the role it grants."""

    key: str
    title: str
    role: str


# Unit-wide functions (SPEC §2). 秘书 is a role mailbox (第十五条): documents go to
# the group, never to one secretary.
UNIT_FUNCTIONS = (
    Function("director", "局长", "GongwenDirector"),
    Function("leaders", "局领导", "GongwenLeader"),
    Function("office_heads", "办公室负责人", "GongwenOfficeHead"),
    Function("secretaries", "秘书", "GongwenSecretary"),
    Function("print_room", "文印室", "GongwenPrintRoom"),
    Function("archivists", "档案员", "GongwenArchivist"),
    # 编辑 publish the unit's 通知公告 and its departments' 工作动态 (第五条, R-P2).
    Function("editors", "编辑", "GongwenEditor"),
    # 监销人 (DA/T 22-2015 §10): approves a 销毁申请 and witnesses its execution (R-R2).
    Function("destruction_supervisors", "监销人", "GongwenDestructionSupervisor"),
)

# Department functions: members draft, heads review (第八条), receivers receive (第十六条).
DEPARTMENT_FUNCTIONS = (
    Function("members", "部门成员", "GongwenStaff"),
    Function("heads", "部门负责人", "GongwenDeptHead"),
    Function("receivers", "部门收文员", "GongwenReceiver"),
)

ROLES = tuple(function.role for function in UNIT_FUNCTIONS + DEPARTMENT_FUNCTIONS)


def unit_function(key):
    """The unit-wide ``Function`` called ``key``; KeyError if there is none."""
    return _by_key(UNIT_FUNCTIONS, key)


def department_function(key):
    """The department ``Function`` called ``key``; KeyError if there is none."""
    return _by_key(DEPARTMENT_FUNCTIONS, key)


def _by_key(functions, key):
    for function in functions:
        if function.key == key:
            return function
    raise KeyError(key)


def unit_group_id(unit_id, key):
    """Id of the group holding unit function ``key`` in unit ``unit_id``."""
    unit_function(key)
    return f"{unit_id}-{key}"


def department_group_id(unit_id, department_id, key):
    """Id of the group holding department function ``key``."""
    department_function(key)
    return f"{unit_id}-{department_id}-{key}"


def group_title(owner_title, function):
    """Title of a function group as shown in 用户和用户组, e.g. '长垣河务局 秘书'."""
    return f"{owner_title} {function.title}"


def department_group_ids(unit_id, department_id):
    """Ids of the function groups of department ``department_id`` of unit ``unit_id``."""
    return [
        department_group_id(unit_id, department_id, function.key)
        for function in DEPARTMENT_FUNCTIONS
    ]


def function_group_ids(unit_id, department_ids):
    """Ids of every function group of unit ``unit_id``: its own, then those of its departments
    ``department_ids`` in their order."""
    ids = [unit_group_id(unit_id, function.key) for function in UNIT_FUNCTIONS]
    for department_id in department_ids:
        ids += department_group_ids(unit_id, department_id)
    return ids


def units_holding(unit_groups, group_ids):
    """The units (``unit_groups``: (unit, group ids) pairs, in their order, a unit named by
    its title or path) one of whose function groups is among ``group_ids``."""
    held = set(group_ids)
    return [unit for unit, groups in unit_groups if held.intersection(groups)]
