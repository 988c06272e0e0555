"""SPEC §2: the function table, its groups and roles (plain Python)."""

import pytest

from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import ROLES
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import group_title
from collective.gongwen.org.functions import unit_function
from collective.gongwen.org.functions import unit_group_id


def test_every_function_has_its_own_role():
    assert len(set(ROLES)) == len(UNIT_FUNCTIONS) + len(DEPARTMENT_FUNCTIONS)


def test_group_ids_name_unit_department_and_function():
    assert unit_group_id("changyuan", "secretaries") == "changyuan-secretaries"
    assert department_group_id("changyuan", "office", "heads") == "changyuan-office-heads"


def test_unknown_function_is_refused():
    with pytest.raises(KeyError):
        unit_group_id("changyuan", "janitor")


def test_group_title_is_chinese():
    assert group_title("长垣河务局", unit_function("secretaries")) == "长垣河务局 秘书"
