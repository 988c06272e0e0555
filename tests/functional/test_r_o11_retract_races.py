"""R-O11 under concurrency: a 撤回 racing the next holder's action, or the holder opening it.

Two threads act like requests on their own connections and retry on ConflictError as Zope's
publisher does (``tests/support/races.py``). One wins; the other is refused with a Chinese
message (never a 500, never both moves, never a half-taken-back document).
"""

import re

import transaction
from plone import api
from zope.event import notify
from zope.i18n import translate

from collective.gongwen.content.events import DocumentViewed
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.routing.actions import retract
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.roles import step_opened
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing
from tests.support.races import race

DRAFTER = "cy_eng_staff"
HEAD = "cy_eng_head"


def submitted(portal):
    """A committed 下行文 the drafter submitted to the department head; its path."""
    document = draft_outgoing(portal)
    do(document, DRAFTER, "submit")
    transaction.commit()
    return "/".join(document.getPhysicalPath()[2:])


def chinese(error):
    message = translate(error.message, target_language="zh_CN")
    assert re.search(r"[\u4e00-\u9fff]", message), message
    return message


def test_r_o11_retract_racing_the_holders_action_one_wins(functional):
    portal = functional["portal"]
    path = submitted(portal)

    def take_back(portal):
        return retract(portal.unrestrictedTraverse(path), "撤回修改。")

    def approve(portal):
        return act(portal.unrestrictedTraverse(path), rules.APPROVE, "同意。")

    outcome = race(functional, [(DRAFTER, take_back), (HEAD, approve)])
    assert len(outcome["done"]) == 1 and len(outcome["refused"]) == 1, outcome
    winner = outcome["done"][0][0]
    loser, error = outcome["refused"][0]
    assert outcome["conflicts"] == [loser]  # they really collided; the loser retried
    chinese(error)

    transaction.abort()
    document = portal.unrestrictedTraverse(path)
    actions = [r.action for r in opinions(document)]
    if winner == DRAFTER:
        assert api.content.get_state(obj=document) == "draft"
        assert actions == ["submit", "retract"]
        assert document.assignees == (DRAFTER,)
    else:
        assert api.content.get_state(obj=document) == "office_review"
        assert actions == ["submit", "approve"]


def test_r_o11_retract_racing_the_holder_opening_it(functional):
    portal = functional["portal"]
    path = submitted(portal)

    def take_back(portal):
        return retract(portal.unrestrictedTraverse(path))

    def open_page(portal):
        notify(DocumentViewed(portal.unrestrictedTraverse(path), HEAD))  # what the page does

    outcome = race(functional, [(DRAFTER, take_back), (HEAD, open_page)])
    transaction.abort()
    document = portal.unrestrictedTraverse(path)
    done = [user for user, _result in outcome["done"]]
    assert HEAD in done  # opening is never refused
    if DRAFTER in done:
        # taken back first: the head's retried view no longer holds it, marks nothing
        assert api.content.get_state(obj=document) == "draft"
        assert step_opened(document) == ()
    else:
        ((user, error),) = outcome["refused"]
        assert user == DRAFTER and isinstance(error, rules.RetractOpenedError)
        assert "已打开此公文" in chinese(error)
        assert api.content.get_state(obj=document) == "dept_review"
        assert [who for who, _time in step_opened(document)] == [HEAD]
