"""R-U1, plain rules: which units an actor's groups make theirs (org.functions), and what a
``role_change`` entry says (audit.entries)."""

from collective.gongwen.audit import entries
from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import function_group_ids
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.org.functions import units_holding


def test_r_u1_function_group_ids_are_the_units_and_its_departments():
    ids = function_group_ids("changyuan", ["engineering", "office"])
    assert ids[0] == unit_group_id("changyuan", "director")
    assert unit_group_id("changyuan", "secretaries") in ids
    assert department_group_id("changyuan", "engineering", "members") in ids
    assert department_group_id("changyuan", "office", "receivers") in ids
    unit_count = len(UNIT_FUNCTIONS)
    assert len(ids) == len(set(ids)) == unit_count + 2 * len(DEPARTMENT_FUNCTIONS)
    assert function_group_ids("changyuan", []) == ids[:unit_count]


def test_r_u1_units_holding_keeps_the_units_order_and_ignores_other_groups():
    groups = (
        ("滑县河务局", frozenset(function_group_ids("huaxian", ["office"]))),
        ("长垣河务局", frozenset(function_group_ids("changyuan", ["engineering"]))),
    )
    assert units_holding(groups, ["changyuan-engineering-members", "AuthenticatedUsers"]) == [
        "长垣河务局"
    ]
    both = ["changyuan-engineering-heads", "huaxian-secretaries"]
    assert units_holding(groups, both) == ["滑县河务局", "长垣河务局"]
    assert units_holding(groups, ["AuthenticatedUsers", "changyuan-other-members"]) == []
    assert units_holding((), ["huaxian-secretaries"]) == []


def test_r_u1_roles_summary_names_principal_and_roles_before_and_after():
    text = entries.roles_summary("gw_auditor", (), ("GongwenAuditor",))
    assert text == "「gw_auditor」 角色：无 → GongwenAuditor"
    text = entries.roles_summary("g", ("Member", "Reviewer"), ("Member",))
    assert text == "「g」 角色：Member、Reviewer → Member"
    hostile = entries.roles_summary("x" * 5000, ("R",) * 500, ())
    assert len(hostile) <= entries.SUMMARY_LIMIT
