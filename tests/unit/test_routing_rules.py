"""The 发文 routing rules in plain Python (routing/rules.py): SPEC §4 R-O1, R-O2, R-O4, R-O9."""

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules

PEOPLE = rules.StepPeople(
    drafter="staff",
    dept_heads=("head1", "head2"),
    office_heads=("office1", "office2"),
    supervising_leader="leader2",
    leaders=("leader1", "leader2", "leader3"),
    director=("director",),
    print_room_group="u-print_room",
    secretaries_group="u-secretaries",
    archivists_group="u-archivists",
)


@dataclass(frozen=True)
class Record:
    step: str
    action: str
    round: int = 1


# The step order has one source, the workflow definition the live code runs.
DEFINITION = (
    Path(rules.__file__).parents[1]
    / "profiles/default/workflows/gongwen_outgoing_workflow/definition.xml"
)
FORWARD = (rules.SUBMIT, rules.APPROVE, rules.SIGN, rules.NUMBER, rules.SEND, rules.ARCHIVE)


def steps_for(direction):
    """The steps a 发文 of ``direction`` goes through moving forward: at each step the first
    forward action ``rules.transition_for`` offers, to the workflow's new state."""
    new_state = {
        t.get("transition_id"): t.get("new_state")
        for t in ElementTree.parse(DEFINITION).getroot().iter("transition")
    }
    steps = [rules.DRAFT]
    while True:
        for action in FORWARD:
            try:
                transition = rules.transition_for(steps[-1], action, direction)
            except rules.ActionNotAvailableError:
                continue
            steps.append(new_state[transition])
            break
        else:
            return tuple(steps)


def test_r_o1_step_order_per_direction():
    assert steps_for("upward") == (
        "draft",
        "dept_review",
        "office_review",
        "leader_review",
        "director_sign",
        "numbering",
        "secretary_check",
        "sent",
        "archived",
    )
    assert steps_for("downward") == (
        "draft",
        "dept_review",
        "office_review",
        "leader_sign",
        "numbering",
        "secretary_check",
        "sent",
        "archived",
    )
    assert steps_for("parallel") == steps_for("downward")


def test_r_o1_approve_means_the_next_step_by_direction():
    assert rules.transition_for("office_review", "approve", "upward") == "forward_leader_review"
    assert rules.transition_for("office_review", "approve", "downward") == "forward_leader_sign"
    assert rules.transition_for("leader_review", "approve", "upward") == "approve_to_director"
    assert rules.transition_for("director_sign", "sign", "upward") == "sign"
    assert rules.transition_for("leader_review", "return", "upward") == "return"
    with pytest.raises(rules.ActionNotAvailableError):
        rules.transition_for("numbering", "return", "upward")
    with pytest.raises(rules.ActionNotAvailableError):
        rules.transition_for("draft", "sign", "upward")


def test_r_o1_assignees_of_each_step():
    assignees = lambda step: rules.step_assignees(step, PEOPLE, dept_reviewers=dept_reviewers)  # noqa: E731
    assert assignees("draft") == ("staff",)
    assert assignees("dept_review") == ("head1", "head2")
    assert assignees("office_review") == ("office1", "office2")
    assert assignees("leader_review") == ("leader2",)
    assert assignees("leader_sign") == ("leader2",)
    assert assignees("director_sign") == ("director",)
    assert assignees("numbering") == ("u-print_room",)
    assert assignees("secretary_check") == ("u-secretaries",)
    assert assignees("sent") == ("u-archivists",)
    assert assignees("archived") == ()


def test_r_o1_leader_falls_back_to_the_units_leaders_and_choice_is_checked():
    people = rules.StepPeople(drafter="staff", leaders=("leader1", "leader3"))
    assert rules.step_assignees("leader_sign", people) == ("leader1", "leader3")
    assert rules.step_assignees("leader_sign", people, chosen=["leader3"]) == ("leader3",)
    with pytest.raises(rules.NotAssigneeError):
        rules.step_assignees("leader_sign", people, chosen=["director"])


def test_r_o1_step_without_holder_is_refused_with_its_name():
    with pytest.raises(rules.NoAssigneeError) as refused:
        rules.step_assignees("director_sign", rules.StepPeople(drafter="staff"))
    assert refused.value.message.mapping == {"step": "局长签发"}


def test_r_o1_is_assignee_through_a_group():
    assert rules.is_assignee(["sec1", "u-secretaries"], ("u-secretaries",))
    assert not rules.is_assignee(["staff", "AuthenticatedUsers"], ("u-secretaries",))


@pytest.mark.parametrize("blank", ["", "  ", "\n\t", None])
def test_r_o2_review_sign_and_return_need_an_opinion(blank):
    for action in ("approve", "sign", "return"):
        with pytest.raises(rules.EmptyOpinionError):
            rules.checked_opinion(blank, action)
    assert rules.checked_opinion(blank, "submit") == ""
    assert rules.checked_opinion(" 同意。 ", "approve") == "同意。"


def test_r_o4_upward_signs_only_at_director_sign():
    assert rules.may_sign_into_numbering("upward", "director_sign")
    assert not rules.may_sign_into_numbering("upward", "leader_sign")
    assert rules.may_sign_into_numbering("downward", "leader_sign")
    assert rules.may_sign_into_numbering("parallel", "director_sign")


def test_r_o4_numbering_needs_the_signature_of_the_current_round():
    leader = [Record("leader_sign", "sign")]
    director = [Record("director_sign", "sign")]
    assert not rules.has_required_signature("upward", leader, 1)
    assert rules.has_required_signature("upward", director, 1)
    assert not rules.has_required_signature("upward", director, 2)  # returned since
    assert rules.has_required_signature("downward", leader, 1)
    assert not rules.has_required_signature("downward", [Record("leader_review", "approve")], 1)
    assert not rules.has_required_signature("upward", [], 1)


def test_r_o9_on_behalf_only_of_a_current_assignee():
    rules.check_on_behalf("leader2", ("leader2",))
    with pytest.raises(rules.OnBehalfError):
        rules.check_on_behalf("leader1", ("leader2",))


def test_rules_module_imports_no_zope():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(rules))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m.split(".")[0] in ("zope", "Products", "plone", "Zope2")}


def test_r_o7_countersign_pending_and_last_is_send_to_secretary():
    assert rules.countersign_pending_after(("l1", "l3"), "l1", ("l2",)) == ("l3", "l2")
    assert rules.countersign_pending_after(("l3", "l2"), "l3", ("l2", "l3")) == ("l2",)
    assert rules.countersign_transition(("l2",)) == "countersign"
    assert rules.countersign_pending_after(("l2",), "l2") == ()
    assert rules.countersign_transition(()) == "countersign_done"
    assert rules.transition_for("office_review", "request_countersign", "upward") == (
        "request_countersign"
    )
    assert rules.candidates("countersign", PEOPLE) == ("leader1", "leader2", "leader3", "director")


def test_r_t1_sending_waits_for_the_official_being_typeset():
    assert isinstance(rules.sending_refusal({"official"}), rules.OfficialPendingError)
    assert rules.sending_refusal(["slip"]) is None  # a slip refresh never holds up 发送
    assert rules.sending_refusal(()) is None
