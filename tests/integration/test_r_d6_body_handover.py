"""R-D6 on the Plone layer: whoever hands the 发文 on while his check-out of the Word 正文 is
open is warned above the 办理 buttons, and the hand-over ends the check-out
(``wordbody.handover``): the next holder is not blocked, and an old lock does not come back
when the document returns. Nothing is recorded but the versions' records.
"""

import pytest
from plone import api

from collective.gongwen.content import body
from collective.gongwen.routing.actions import act
from collective.gongwen.routing.actions import retract
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import handover
from tests.integration.test_r_d6_body_actions import NAME
from tests.integration.test_r_d6_body_actions import document  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import layer_request  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import upload
from tests.support.views import render_as
from tests.support.wordfiles import simple_docx

WARNING = "您签出的正文尚未签入：请先签入修改后的正文，否则转交后签出作废。"


@pytest.fixture
def checked_out(document):  # noqa: F811
    """A draft 通知 with a Word 正文 its drafter (cy_eng_staff) has checked out."""
    upload(document)
    as_user("cy_eng_staff", actions.check_out, document, "cy_eng_staff")
    return document


def as_user(user, call, *args, **kwargs):
    with api.env.adopt_user(username=user):
        return call(*args, **kwargs)


def panel(outgoing, user):
    return render_as(outgoing, "gongwen-action-panel", user)[1]


def test_r_d6_the_holder_is_warned_above_the_buttons(checked_out):
    output = panel(checked_out, "cy_eng_staff")
    assert WARNING in output
    assert output.index(WARNING) < output.index('name="action"')  # above the buttons
    assert f'href="{checked_out.absolute_url()}#gongwen-body"' in output
    # nobody else is warned; nor the drafter once he has checked in
    assert handover.open_check_out(checked_out, "cy_eng_head") is None
    as_user(
        "cy_eng_staff",
        actions.check_in,
        checked_out,
        simple_docx("各单位：", "请认真做好汛前检查。"),
        NAME,
        "cy_eng_staff",
    )
    assert WARNING not in panel(checked_out, "cy_eng_staff")


def test_r_d6_submitting_ends_the_check_out(checked_out):
    records = body.body_records(checked_out)
    as_user("cy_eng_staff", act, checked_out, "submit")
    assert api.content.get_state(checked_out) == "dept_review"
    assert body.lock_of(checked_out) is None
    assert body.body_records(checked_out) == records  # nothing else recorded
    # the department head checks it out at once
    lock, _item = as_user("cy_eng_head", actions.check_out, checked_out, "cy_eng_head")
    assert lock["holder"] == "cy_eng_head"
    assert handover.open_check_out(checked_out, "cy_eng_head") == lock


def test_r_d6_a_returned_document_does_not_bring_an_old_lock_back(checked_out):
    as_user("cy_eng_staff", act, checked_out, "submit")
    as_user("cy_eng_head", actions.check_out, checked_out, "cy_eng_head")
    assert WARNING in panel(checked_out, "cy_eng_head")
    as_user("cy_eng_head", act, checked_out, "return", "请补充检查范围。")  # 退回
    assert body.lock_of(checked_out) is None
    as_user("cy_eng_staff", act, checked_out, "submit")  # back at the head's step
    assert body.lock_of(checked_out) is None
    assert WARNING not in panel(checked_out, "cy_eng_head")


def test_r_d6_retracting_ends_the_next_holders_check_out(checked_out):
    as_user("cy_eng_staff", act, checked_out, "submit")
    as_user("cy_eng_head", actions.check_out, checked_out, "cy_eng_head")
    as_user("cy_eng_staff", retract, checked_out, "发错了，撤回修改。")  # 撤回 by the drafter
    assert api.content.get_state(checked_out) == "draft"
    assert body.lock_of(checked_out) is None
