"""R-O6 on each path: a substantive change after 签发 and before 发送 goes back to the signer.

The hand-back runs just before the transaction commits, once the change is
complete (an added file's rename included), so these tests run on the
functional layer's database and commit, as a request does. Demo organisation
(长垣河务局): cy_leader2 signs 下行文, cy_director 上行文; cy_print numbers; the
secretaries (cy_secretary1) check and send.
"""

import json

import pytest
import transaction
from plone import api
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.content import files
from collective.gongwen.content.browser.tokens import new_form_token
from collective.gongwen.interfaces import IGongwenAttachment
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.numbering import series_record
from collective.gongwen.numbering.rules import numbering_year
from collective.gongwen.org.units import find_unit
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_files_panel import act as post_view
from tests.integration.test_files_panel import messages
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.integration.test_routing_outgoing import state
from tests.integration.test_routing_outgoing import to_numbering
from tests.integration.test_routing_outgoing import transitions
from tests.support.outgoing import body
from tests.support.outgoing import walk_until
from tests.support.uploads import file_upload
from tests.support.uploads import post
from tests.support.uploads import submit_attachment_form

PRINT_ROOM = "cy_print"
SECRETARY = "cy_secretary1"
BACK = "签发后正文或附件有实质修改，公文已退回"


@pytest.fixture
def numbering(functional_portal):
    """A signed 下行文 at 文印室登记编号排版 (signed by cy_leader2), committed."""
    alsoProvides(functional_portal.REQUEST, IGongwenLayer)
    document = to_numbering(functional_portal)
    transaction.commit()
    return document


@pytest.fixture
def checking(functional_portal):
    """A numbered 下行文 at 办公室秘书审核发送, committed."""
    alsoProvides(functional_portal.REQUEST, IGongwenLayer)
    document = walk_until(draft(functional_portal, "downward"), DOWNWARD_PATH, "secretary_check")
    transaction.commit()
    return document


def changed(document, **values):
    """Set ``values`` on ``document`` and say so as the edit form does (which fields changed)."""
    # imported here: the schema is read when the Plone layer has set up (plone.supermodel)
    from collective.gongwen.content.outgoing import IOutgoingSchema

    for name, value in values.items():
        setattr(document, name, value)
    notify(ObjectModifiedEvent(document, Attributes(IOutgoingSchema, *values)))


def went_back_to(document, step, signer, by):
    """``document`` is at ``step``, held by ``signer`` alone; one 退回重新签发 record by ``by``."""
    assert state(document) == step
    assert document.assignees == (signer,)
    resigns = [r for r in opinions(document) if r.action == "resign"]
    assert [(r.actor, r.step) for r in resigns] == [(by, resigns[0].step)]
    assert "实质修改" in resigns[0].text
    return True


def test_r_o6_print_room_adds_an_attachment_at_numbering_through_the_files_form(numbering):
    """The 添加附件 form at 排版 gave a 500 (CopyError): the hand-back ran inside the add,
    before plone.api's rename, and took away the right the rename needs."""
    form = {
        "files": [file_upload("补充材料正文".encode(), "补充材料.txt")],
        "file_role": "attachment",
        "form_token": new_form_token(),
    }
    shown = post_view(numbering, "gongwen-add-files", form, user=PRINT_ROOM)
    assert shown == ["已添加 1 个文件：补充材料。"]
    assert state(numbering) == "numbering"  # not inside the add: once it is complete
    transaction.commit()
    assert [item.Title() for item in files.attachments_of(numbering)] == ["补充材料"]
    assert went_back_to(numbering, "leader_sign", "cy_leader2", by=PRINT_ROOM)
    leader = api.user.get(userid="cy_leader2").getProperty("fullname")
    assert messages(numbering.REQUEST) == [f"{BACK}{leader}重新签发，签发后再登记编号。"]


def test_r_o6_several_files_in_one_request_go_back_once(numbering):
    form = {
        "files": [
            file_upload("补充材料一".encode(), "材料一.txt"),
            file_upload("补充材料二".encode(), "材料二.txt"),
        ],
        "file_role": "attachment",
        "form_token": new_form_token(),
    }
    post_view(numbering, "gongwen-add-files", form, user=PRINT_ROOM)
    transaction.commit()
    assert len(files.attachments_of(numbering)) == 2
    assert went_back_to(numbering, "leader_sign", "cy_leader2", by=PRINT_ROOM)


def test_r_o6_file_upload_at_numbering_goes_back(numbering):
    request = numbering.REQUEST
    with api.env.adopt_user(username=PRINT_ROOM):
        post(request, {"file": file_upload("补充材料正文".encode(), "补充材料.txt")})
        answer = json.loads(numbering.restrictedTraverse("@@fileUpload")())
        transaction.commit()
    assert answer.get("filename") == "补充材料.txt", answer
    assert went_back_to(numbering, "leader_sign", "cy_leader2", by=PRINT_ROOM)


def test_r_o6_attachment_add_form_at_numbering_goes_back(numbering):
    with api.env.adopt_user(username=PRINT_ROOM):
        submit_attachment_form(numbering, "补充材料正文".encode(), "补充材料.txt", title="补充材料")
        transaction.commit()
    assert [item.Title() for item in files.attachments_of(numbering)] == ["补充材料"]
    assert went_back_to(numbering, "leader_sign", "cy_leader2", by=PRINT_ROOM)


def test_r_o6_a_new_version_of_an_attachment_goes_back(functional_portal):
    document = draft(functional_portal, "downward")
    with api.env.adopt_user(username="cy_eng_staff"):
        item = files.add_file(document, "第一版材料".encode(), "材料.txt")
        document.attachment_note = ["材料"]
    walk_until(document, DOWNWARD_PATH, "numbering")
    transaction.commit()
    with api.env.adopt_user(username=PRINT_ROOM):
        files.replace_file(item, "第二版材料".encode(), "材料.txt")
        transaction.commit()
    assert went_back_to(document, "leader_sign", "cy_leader2", by=PRINT_ROOM)


def test_r_o6_the_secretary_edits_the_body_at_secretary_check(checking):
    number = checking.issue_number
    assert number
    with api.env.adopt_user(username=SECRETARY):
        changed(checking, text=body("<p>秘书审核时改过的正文。</p>"))
        transaction.commit()
    assert went_back_to(checking, "leader_sign", "cy_leader2", by=SECRETARY)
    # signed again, it is numbered again: the 文号 issued stays with it, none is taken
    do(checking, "cy_leader2", "sign", "修改后同意印发。")
    do(checking, PRINT_ROOM, "number")
    transaction.commit()
    assert state(checking) == "secretary_check"
    assert checking.issue_number == number
    record = series_record(find_unit(checking), "issue", numbering_year())
    assert [entry["number"] for entry in record["issued"]] == [number]
    assert record["voided"] == []


def test_r_o6_secretary_removes_the_only_attachment_role(checking):
    """A file becoming or ceasing to be a 附件 changes what the 正式文件 carries."""
    with api.env.adopt_user(username=SECRETARY):
        item = files.add_file(checking, "处理说明".encode(), "处理说明.txt", role=files.SLIP)
        transaction.commit()
    assert state(checking) == "secretary_check"  # a 稿纸/处理单 is not part of the 正式文件
    with api.env.adopt_user(username=SECRETARY):
        item.file_role = files.ATTACHMENT
        notify(ObjectModifiedEvent(item, Attributes(IGongwenAttachment, "file_role")))
        transaction.commit()
    assert went_back_to(checking, "leader_sign", "cy_leader2", by=SECRETARY)


def test_r_o6_changes_that_are_not_substantive_stay(numbering):
    with api.env.adopt_user(username=PRINT_ROOM):
        changed(numbering, remarks="印发前补充附注")
        changed(numbering, cc_recipients=["新乡河务局"])
        transaction.commit()
    assert state(numbering) == "numbering"
    assert [r.action for r in opinions(numbering)][-1] == "sign"


def test_r_o6_body_edit_goes_back_and_numbering_waits_for_the_new_signature(numbering):
    with api.env.adopt_user(username=PRINT_ROOM):
        changed(numbering, text=body("<p>改过的正文。</p>"))
        transaction.commit()
    assert went_back_to(numbering, "leader_sign", "cy_leader2", by=PRINT_ROOM)
    do(numbering, "cy_leader2", "sign", "修改后同意印发。")
    do(numbering, PRINT_ROOM, "number")
    assert state(numbering) == "secretary_check"


def test_r_o6_upward_goes_back_to_the_director(functional_portal):
    document = to_numbering(functional_portal, "upward")
    with api.env.adopt_user(username=PRINT_ROOM):
        files.add_file(document, "补充材料".encode(), "补充材料.txt")
        transaction.commit()
    assert went_back_to(document, "director_sign", "cy_director", by=PRINT_ROOM)


def test_r_o6_direction_changed_after_signing_goes_to_the_director(numbering):
    """下行文 signed by the supervising leader, made 上行文: R-O4 wants the director's 签发."""
    with api.env.adopt_user(username=PRINT_ROOM):
        changed(numbering, direction="upward")
        transaction.commit()
    assert state(numbering) == "director_sign"
    assert numbering.assignees == ("cy_director",)


def test_r_o6_nothing_goes_back_before_signing_or_after_sending(functional_portal):
    document = draft(functional_portal, "downward")
    walk_until(document, DOWNWARD_PATH, "office_review")
    with api.env.adopt_user(username="cy_office_head"):
        changed(document, text=body("<p>把关时改过的正文。</p>"))
        transaction.commit()
    assert state(document) == "office_review"
    walk_until(document, DOWNWARD_PATH[2:], "sent")
    transaction.commit()
    with api.env.adopt_roles(["Manager"]):
        changed(document, text=body("<p>发送后改过的正文。</p>"))
        transaction.commit()
    assert state(document) == "sent"


def test_r_o6_the_hand_back_is_taken_by_the_system_never_offered(numbering):
    """Not a button and not a transition anyone may ask for (REST ``@workflow`` included)."""
    assert transitions(numbering, PRINT_ROOM) == ["number"]
    walk_until(numbering, DOWNWARD_PATH[4:], "secretary_check")
    assert transitions(numbering, SECRETARY) == ["send"]
