"""R-R2 in plain Python: due dates and 到期鉴定 decisions, a 销毁申请's state, who may decide,
execute and hold."""

import datetime

import pytest

from collective.gongwen.archive import disposal_rules as rules
from collective.gongwen.archive import retention
from collective.gongwen.archive.rules import ArchiveError

REQUIRED = ["office_heads", "director", "destruction_supervisors"]
TODAY = datetime.date(2026, 3, 1)


def info(year=2015, token="10_years", appraisals=()):
    return {
        "year": year,
        "retention": token,
        "archival_code": "118-WS·2015-D10-BGS-0001",
        "appraisals": appraisals,
    }


def test_r_r2_an_item_of_2015_kept_ten_years_is_due_in_2026():
    assert retention.due_date(info()) == datetime.date(2026, 1, 1)
    assert retention.is_due(info(), TODAY)
    assert not retention.is_due(info(year=2016), TODAY)
    assert not retention.is_due(info(token="permanent"), TODAY)


def test_r_r2_destroy_decision_marks_the_item():
    entry = retention.appraisal(
        info(), retention.DESTROY, "cy_archivist", "t", TODAY, note="无保存价值"
    )
    assert entry["decision"] == "destroy" and entry["note"] == "无保存价值"
    assert retention.marked_for_destruction(info(appraisals=(entry,)), TODAY)


def test_r_r2_extension_by_years_or_to_a_longer_retention():
    by_years = retention.appraisal(info(), retention.EXTEND, "a", "t", TODAY, years=5)
    assert by_years["until"] == "2031-03-01"
    extended = info(appraisals=(by_years,))
    assert not retention.is_due(extended, TODAY)
    assert retention.is_due(extended, datetime.date(2031, 3, 1))
    longer = retention.appraisal(info(), retention.EXTEND, "a", "t", TODAY, retention="permanent")
    assert longer["until"] is None
    assert retention.current_retention(info(appraisals=(longer,))) == "permanent"
    assert not retention.is_due(info(appraisals=(longer,)), datetime.date(2999, 1, 1))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"years": 0},
        {"years": 51},
        {"years": "五"},
        {},
        {"years": 3, "retention": "permanent"},
        {"retention": "10_years"},
        {"retention": "forever"},
        {"retention": "30_years"},  # 2015 + 30 years: not over yet → allowed? checked below
    ],
)
def test_r_r2_bad_extensions_are_refused_in_chinese(kwargs):
    if kwargs == {"retention": "30_years"}:
        entry = retention.appraisal(info(), retention.EXTEND, "a", "t", TODAY, **kwargs)
        assert entry["until"] == "2046-01-01"
        return
    with pytest.raises(ArchiveError) as raised:
        retention.appraisal(info(), retention.EXTEND, "a", "t", TODAY, **kwargs)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(raised.value))


def test_r_r2_items_not_due_and_long_notes_are_refused():
    with pytest.raises(ArchiveError, match="尚未届满"):
        retention.appraisal(info(year=2020), retention.DESTROY, "a", "t", TODAY)
    with pytest.raises(ArchiveError, match="不能超过 500 字"):
        retention.appraisal(info(), retention.DESTROY, "a", "t", TODAY, note="字" * 501)
    with pytest.raises(ArchiveError, match="销毁或延长"):
        retention.appraisal(info(), "keep", "a", "t", TODAY)


def test_r_r2_request_state_needs_every_function_and_one_no_rejects():
    yes = {"decision": rules.APPROVE}
    assert rules.request_state(REQUIRED, {}) == rules.PENDING
    assert rules.request_state(REQUIRED, {"office_heads": yes, "director": yes}) == rules.PENDING
    decided = dict.fromkeys(REQUIRED, yes)
    assert rules.request_state(REQUIRED, decided) == rules.APPROVED
    no = {**decided, "director": {"decision": rules.REJECT}}
    assert rules.request_state(REQUIRED, no) == rules.REJECTED
    assert rules.request_state(REQUIRED, decided, executed=True) == rules.EXECUTED


def refusal(**overrides):
    values = {
        "state": rules.PENDING,
        "required": REQUIRED,
        "decisions": {},
        "user_id": "cy_supervisor",
        "requester": "cy_archivist",
        "user_functions": ["destruction_supervisors"],
        "decision": rules.APPROVE,
    }
    values.update(overrides)
    return rules.decision_refusal(**values)


def test_r_r2_who_approves():
    assert refusal() is None
    assert "申请人" in str(refusal(user_id="cy_archivist"))
    assert "不是" in str(refusal(user_functions=["leaders"]))
    assert "不是" in str(refusal(user_functions=[]))
    done = {"destruction_supervisors": {"decision": rules.APPROVE, "by": "other"}}
    assert "不是" in str(refusal(decisions=done))
    by_me = {"office_heads": {"decision": rules.APPROVE, "by": "cy_supervisor"}}
    assert "审批过" in str(refusal(decisions=by_me))
    assert "已不在审批中" in str(refusal(state=rules.APPROVED))
    assert "同意或不同意" in str(refusal(decision="maybe"))


def test_r_r2_a_person_holding_two_functions_decides_for_the_first_undecided():
    assert rules.deciding_function(REQUIRED, {}, ["director", "office_heads"]) == "office_heads"
    decided = {"office_heads": {}}
    assert rules.deciding_function(REQUIRED, decided, ["director", "office_heads"]) == "director"


def test_r_r2_execution_needs_approval_an_archivist_and_no_hold():
    assert rules.execution_refusal(rules.APPROVED, True, []) is None
    assert "档案员" in str(rules.execution_refusal(rules.APPROVED, False, []))
    assert "全部审批人同意" in str(rules.execution_refusal(rules.PENDING, True, []))
    assert "全部审批人同意" in str(rules.execution_refusal(rules.REJECTED, True, []))
    assert "已执行" in str(rules.execution_refusal(rules.EXECUTED, True, []))
    held = rules.execution_refusal(rules.APPROVED, True, ["118-WS·2015-D10-BGS-0002"])
    assert "「118-WS·2015-D10-BGS-0002」处于法律保全中" in str(held)
    running = rules.execution_refusal(rules.APPROVED, True, [], executing=True)
    assert "正在执行中" in str(running)


def test_r_r2_request_refusals_name_the_items():
    assert rules.request_refusal(True, ["u"], [], [], []) is None
    assert "档案员" in str(rules.request_refusal(False, ["u"], [], [], []))
    assert "至少" in str(rules.request_refusal(True, [], [], [], []))
    assert "法律保全" in str(rules.request_refusal(True, ["u"], ["A-1"], [], []))
    assert "「A-2」未经鉴定" in str(rules.request_refusal(True, ["u"], [], ["A-2"], []))
    assert "另一份" in str(rules.request_refusal(True, ["u"], [], [], ["A-3"]))
    too_many = ["u"] * (rules.MAX_ITEMS + 1)
    assert "最多" in str(rules.request_refusal(True, too_many, [], [], []))


def test_r_r2_hold_is_the_archivists_and_only_on_archived_items():
    assert rules.hold_refusal(True, True, False, put=True) is None
    assert rules.hold_refusal(True, True, True, put=False) is None
    assert "档案员" in str(rules.hold_refusal(False, True, False, put=True))
    assert "已归档" in str(rules.hold_refusal(True, False, False, put=True))
    assert "已处于" in str(rules.hold_refusal(True, True, True, put=True))
    assert "没有" in str(rules.hold_refusal(True, True, False, put=False))


def test_r_r2_texts_are_required_and_bounded():
    with pytest.raises(ArchiveError, match="请填写销毁理由"):
        rules.check_text("  ", 10, "销毁理由")
    with pytest.raises(ArchiveError, match="不能超过 10 字"):
        rules.check_text("字" * 11, 10, "销毁理由")
    assert rules.check_text(None, 10, "x", required=False) == ""
    assert rules.check_text(["list"], 10, "x", required=False) == ""


def test_r_r2_register_readers():
    assert rules.may_read_register(True, [], REQUIRED)
    assert rules.may_read_register(False, ["director"], REQUIRED)
    assert not rules.may_read_register(False, ["leaders"], REQUIRED)
