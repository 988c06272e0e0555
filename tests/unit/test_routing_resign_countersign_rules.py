"""R-O6 (what is a substantive change after 签发, where it goes back) and R-O7 (the last
pending co-signer's action) as plain rules (routing/rules.py)."""

import pytest

from collective.gongwen.routing import rules


@pytest.mark.parametrize(
    "fields",
    [
        {"text"},
        {"title"},
        {"main_recipients"},
        {"attachment_note"},
        {"signing_organ"},
        {"doc_kind"},
        {"direction"},
        {"remarks", "text"},
        set(),  # an edit that does not say what it changed may have changed anything
    ],
)
def test_r_o6_substantive_edits_of_the_document(fields):
    assert rules.is_substantive_edit(fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"remarks"},
        {"copy_number", "urgency"},
        {"cc_recipients", "printing_organ", "printed_date"},
        {"retention", "disclosure"},
        {"issue_number", "signer", "written_date"},
    ],
)
def test_r_o6_edits_that_are_not_substantive(fields):
    assert not rules.is_substantive_edit(fields)


def test_r_o6_file_changes():
    # added or removed: a 附件 is part of the 正式文件; the 稿纸 or the 正式文件 itself is not
    assert rules.is_substantive_file_change(True)
    assert not rules.is_substantive_file_change(False)
    # a new file (replaced, a new version) of a 附件
    assert rules.is_substantive_file_change(True, {"file"})
    assert not rules.is_substantive_file_change(False, {"file"})
    # any change of role: a file becomes or stops being a 附件
    assert rules.is_substantive_file_change(False, {"file_role"})
    assert rules.is_substantive_file_change(True, {"file_role", "title"})
    # its title alone is not
    assert not rules.is_substantive_file_change(True, {"title"})
    # an unspecified change (a revert) of a 附件 counts
    assert rules.is_substantive_file_change(True, set())
    assert not rules.is_substantive_file_change(False, set())


@pytest.mark.parametrize(
    "step, signed, expected",
    [
        ("numbering", True, True),
        ("secretary_check", True, True),
        ("numbering", False, False),
        ("leader_sign", True, False),
        ("director_sign", True, False),
        ("office_review", True, False),
        ("sent", True, False),
        ("archived", True, False),
    ],
)
def test_r_o6_goes_back_after_signing_until_sent(step, signed, expected):
    assert rules.must_go_back_to_signer(step, signed) is expected


def test_r_o6_back_to_the_signing_step_and_the_signer_alone():
    assert rules.resign_transition("upward") == "resign_director"
    assert rules.resign_transition("downward") == "resign_leader"
    assert rules.resign_transition("parallel") == "resign_leader"
    assert rules.resign_holders("upward", "director_sign", "director") == ("director",)
    assert rules.resign_holders("downward", "leader_sign", "leader2") == ("leader2",)
    # 行文方向 changed after 签发: the other signing step, its usual assignees
    assert rules.resign_holders("upward", "leader_sign", "leader2") is None
    assert rules.resign_holders("downward", "director_sign", "director") is None


@pytest.mark.parametrize(
    "pending, signer, forwarded, transition, after",
    [
        # one co-signer: their action is 送秘书
        (("l1",), "l1", (), "countersign_done", ()),
        # two: the first stays in 会签, the last sends it back
        (("l1", "l2"), "l1", (), "countersign", ("l2",)),
        (("l2",), "l2", (), "countersign_done", ()),
        # three, the first forwarding to a fourth (转交相关领导)
        (("l1", "l2", "l3"), "l1", ("d",), "countersign", ("l2", "l3", "d")),
        # the last one forwarding: not 送秘书 yet
        (("l3",), "l3", ("d",), "countersign", ("d",)),
        # forwarding to someone already pending, or to oneself, adds nobody
        (("l1", "l2"), "l1", ("l2", "l1"), "countersign", ("l2",)),
    ],
)
def test_r_o7_next_action_of_a_co_signer(pending, signer, forwarded, transition, after):
    assert rules.countersign_pending_after(pending, signer, forwarded) == after
    assert rules.countersign_transition(after) == transition
