"""One table of action titles for 发文 and 收文 (panels, history, slips, mails)."""

from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.routing import rules as routing_rules
from collective.gongwen.steps.titles import ACTION_TITLES
from collective.gongwen.steps.titles import action_title

ROUTING_ACTIONS = (
    "SUBMIT APPROVE SIGN REQUEST_COUNTERSIGN COUNTERSIGN_ACTION COUNTERSIGN_DONE NUMBER SEND"
    " ARCHIVE RETURN RESIGN RECALL DELIVERY_RETURNED VOID RETRACT"
)
INCOMING_ACTIONS = (
    "SEND_TO_PROPOSE PROPOSE SEND_TO_LEADERS READ INSERT_READER SKIP_READER DISPATCH"
    " ASK_INSTRUCTION INSTRUCT FINISH_PART CLOSE PUBLISH ARCHIVE VOID ACKNOWLEDGE"
)


def test_every_action_of_both_flows_has_its_title():
    actions = [getattr(routing_rules, name) for name in ROUTING_ACTIONS.split()]
    actions += [getattr(incoming_rules, name) for name in INCOMING_ACTIONS.split()]
    assert set(actions) == set(ACTION_TITLES)


def test_an_action_shared_by_both_flows_has_one_title():
    assert routing_rules.ARCHIVE == incoming_rules.ARCHIVE
    assert routing_rules.VOID == incoming_rules.VOID
    assert action_title(routing_rules.VOID) == "作废"
    assert action_title(incoming_rules.ARCHIVE) == "归档"


def test_without_a_request_the_title_is_its_chinese_default():
    assert action_title(routing_rules.COUNTERSIGN_DONE) == "送秘书"
    assert action_title(incoming_rules.ACKNOWLEDGE) == "已阅"
    assert isinstance(action_title(routing_rules.SIGN), str)


def test_an_unknown_action_is_shown_by_its_id():
    assert action_title("no_such_action") == "no_such_action"
