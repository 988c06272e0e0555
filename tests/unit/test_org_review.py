"""R-ORG1 (第八条): who reviews as 部门负责人核稿; the units' data checks. Plain Python."""

import pytest
from zope.i18n import translate

from collective.gongwen.org.checks import UnitDataError
from collective.gongwen.org.checks import check_agency_code_unique
from collective.gongwen.org.checks import check_superior
from collective.gongwen.org.review import NoDepartmentHeadError
from collective.gongwen.org.review import dept_reviewers


def test_r_org1_staff_drafter_chooses_among_all_heads():
    assert dept_reviewers("hel", ["liufang", "chenjing"]) == ["liufang", "chenjing"]


def test_r_org1_head_drafter_goes_to_the_other_heads():
    assert dept_reviewers("liufang", ["liufang", "chenjing", "yangfan"]) == ["chenjing", "yangfan"]


def test_r_org1_only_head_reviews_own_draft_never_skipped():
    assert dept_reviewers("matao", ["matao"]) == ["matao"]


def test_r_org1_duplicate_head_ids_count_once():
    assert dept_reviewers("matao", ["matao", "matao"]) == ["matao"]


def test_r_org1_department_without_heads_is_a_clear_chinese_error():
    with pytest.raises(NoDepartmentHeadError) as raised:
        dept_reviewers("hel", [])
    message = translate(raised.value.args[0], target_language="zh_CN")
    assert "尚未设置部门负责人" in message


def test_spec2_duplicate_agency_code_refused_in_chinese():
    with pytest.raises(UnitDataError) as raised:
        check_agency_code_unique(" 长河", ["新河", "长河"])
    assert (
        translate(raised.value.args[0], target_language="zh_CN")
        == "机关代字「长河」已被其他单位使用，请换一个。"
    )


def test_spec2_distinct_agency_code_accepted():
    check_agency_code_unique("长河", ["新河", None])


def test_spec2_unit_cannot_be_its_own_superior():
    with pytest.raises(UnitDataError) as raised:
        check_superior("cy", "cy", {})
    assert translate(raised.value.args[0], target_language="zh_CN") == "上级单位不能是本单位。"


def test_spec2_superior_loop_refused():
    # 新乡 is the superior of 长垣; 长垣 cannot become 新乡's superior.
    with pytest.raises(UnitDataError) as raised:
        check_superior("xx", "cy", {"cy": "xx", "xx": None})
    assert "循环" in translate(raised.value.args[0], target_language="zh_CN")


def test_spec2_valid_superior_accepted():
    check_superior("cy", "xx", {"cy": None, "xx": None})
    check_superior(None, "xx", {"xx": None})
