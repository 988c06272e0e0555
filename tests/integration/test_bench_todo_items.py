"""``bench/todo_items.py``: the 发文 it adds wait where ``bench/growth.py`` acts on them, in the
in-tray of the one who holds that step (issue 21 item 5: sites compared with the same
in-trays, for 退回 at 科室审核 and for 登记编号)."""

import sys
from pathlib import Path

import pytest
from plone import api

from collective.gongwen.steps.todo import todo_brains
from tests.support.outgoing import draft_outgoing

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def todo_items():
    sys.path.insert(0, str(BENCH))
    import todo_items as module

    return module


@pytest.mark.slow
@pytest.mark.parametrize("at", ["dept_review", "numbering"])
def test_issue21_todo_items_wait_at_the_step_asked(portal, todo_items, at):
    step, holder = todo_items.STEPS[at]
    document = draft_outgoing(
        portal, title="关于报送防汛物资清单的通知", main_recipients=["局属各科室"]
    )
    todo_items.walk_to(document, step)
    assert api.content.get_state(obj=document) == step
    with api.env.adopt_user(username=holder):
        assert document.UID() in {brain.UID for brain in todo_brains(holder)}
