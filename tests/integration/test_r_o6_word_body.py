"""R-D6 and R-O6 of a Word 正文 in routing: the version current at 签发 is remembered; 登记编号 is
refused until the 正文 is 清稿'd; a version stored after 签发 sends the document back to its
signer unless it is the 清稿 of the signed text.

The hand-back runs just before the transaction commits, so these tests use the functional
layer and commit, as a request does. The versions are stored with ``content.body.put_body``
and their analyses with ``set_analysis``, as the 签入 action and the workers' jobs do
(their own tests drive those paths; here the routing decisions are checked).
"""

import pytest
import transaction
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.typeset.slips import slip_fields_outgoing
from tests.integration.test_routing_outgoing import COPIED
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import RECIPIENTS
from tests.integration.test_routing_outgoing import state
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.wordfiles import ins
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import paragraph
from tests.support.wordfiles import table

PRINT_ROOM = "cy_print"
SIGNER = "cy_leader2"
SIGNED_TEXT = "a" * 64
TRACKED = paragraph("请各部门", ins("认真", author="李四"), "做好汛前检查。")


def docx(*blocks):
    return make_docx([paragraph("关于做好汛前检查的通知"), *blocks])


def store(document, data, kind, actor, step, name="正文.docx"):
    """A version of the 正文 stored by ``actor`` at ``step`` (``put_body``, the one store)."""
    with api.env.adopt_user(username=actor):
        return body.put_body(document, data, name, kind, actor, step, step)


def analysed(document, record, accepted=SIGNED_TEXT, revisions=0, comments=0):
    """The worker's analysis of ``record`` arrived (``set_analysis``)."""
    analysis = {
        "state": "done",
        "revisions": revisions,
        "comments": comments,
        "changes": [],
        "accepted_sha256": accepted,
    }
    assert body.set_analysis(document, record["version"], analysis)


def word_document(portal):
    """A 下行文 whose 正文 is a Word file with a tracked change, drafted by cy_eng_staff."""
    document = draft_outgoing(
        portal,
        "downward",
        text=None,
        main_recipients=RECIPIENTS["downward"],
        cc_recipients=COPIED["downward"],
    )
    record = store(document, docx(TRACKED), body.KIND_UPLOAD, "cy_eng_staff", "draft")
    analysed(document, record, revisions=1)
    return document


@pytest.fixture
def numbering(functional_portal):
    """A signed 下行文 with a Word 正文 at 文印室登记编号排版, committed."""
    alsoProvides(functional_portal.REQUEST, IGongwenLayer)
    document = walk_until(word_document(functional_portal), DOWNWARD_PATH, "numbering")
    transaction.commit()
    return document


def clean(document, accepted=SIGNED_TEXT, html="<p>请各部门认真做好汛前检查。</p>"):
    """The 清稿 job's result: the clean version, its analysis and its official HTML."""
    record = store(
        document, docx(paragraph("请各部门认真做好汛前检查。")), "clean", PRINT_ROOM, "numbering"
    )
    analysed(document, record, accepted=accepted)
    body.set_official_html(document, record["version"], html)
    return record


def number(document):
    with api.env.adopt_user(username=PRINT_ROOM):
        return act(document, rules.NUMBER)


def test_r_o6_the_version_current_at_signing_is_remembered(numbering):
    signed = body.signed_record(numbering)
    assert signed is not None
    assert signed == body.current_record(numbering)
    assert signed["kind"] == "upload"
    # the 发文稿纸 names it: 第1版（签发时）
    fields = slip_fields_outgoing(numbering)
    assert fields["word_body"]["signed"] is True
    assert fields["word_body"]["number"] == 1
    assert fields["word_body"]["sha256"] == signed["sha256"]


def test_r_d6_numbering_refused_until_the_word_body_is_clean(numbering):
    with pytest.raises(rules.WordBodyNotCleanError) as refused:
        number(numbering)
    assert refused.value.message.default == "Word 正文尚未清稿：请先清稿，再登记编号。"
    assert state(numbering) == "numbering"
    assert not getattr(numbering, "issue_number", None)
    # the same refusal on any path (REST @workflow, code): the workflow tool is refused
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=PRINT_ROOM), pytest.raises(Exception) as raised:
        workflow.doActionFor(numbering, "number")
    assert "请先清稿" in str(raised.value)
    assert state(numbering) == "numbering"


def test_r_d6_a_clean_of_the_signed_text_stays_and_may_be_numbered(numbering):
    clean(numbering)
    transaction.commit()
    assert state(numbering) == "numbering"  # not sent back: the signed text, cleaned
    assert not [r for r in opinions(numbering) if r.action == "resign"]
    assert body.is_clean(numbering)
    number(numbering)
    assert state(numbering) == "secretary_check"
    assert numbering.issue_number
    # the 发文稿纸 still names the version signed, not the 清稿
    assert slip_fields_outgoing(numbering)["word_body"]["number"] == 1


def test_r_d6_a_clean_whose_analysis_still_shows_changes_is_not_clean(numbering):
    record = store(
        numbering, docx(TRACKED, paragraph("特此通知。")), "clean", PRINT_ROOM, "numbering"
    )
    analysed(numbering, record, revisions=1)
    transaction.commit()
    assert not body.is_clean(numbering)
    with pytest.raises(rules.WordBodyNotCleanError):
        number(numbering)


def went_back(document, by):
    assert state(document) == "leader_sign"
    assert document.assignees == (SIGNER,)
    resigns = [r for r in opinions(document) if r.action == "resign"]
    assert [r.actor for r in resigns] == [by]
    return True


def test_r_o6_a_check_in_after_signing_goes_back_to_the_signer(numbering):
    changed = docx(paragraph("请各部门于五月底前做好汛前检查。"), table([["项目", "责任人"]]))
    store(numbering, changed, "checkin", PRINT_ROOM, "numbering")
    assert state(numbering) == "numbering"  # decided once the change is complete
    transaction.commit()
    assert went_back(numbering, by=PRINT_ROOM)
    # signed again: the check-in is the version signed now
    with api.env.adopt_user(username=SIGNER):
        act(numbering, rules.SIGN, "同意印发。")
    assert body.signed_record(numbering)["kind"] == "checkin"
    assert slip_fields_outgoing(numbering)["word_body"]["number"] == 2


def test_r_o6_a_clean_of_another_text_goes_back_to_the_signer(numbering):
    clean(numbering, accepted="f" * 64)
    transaction.commit()
    assert went_back(numbering, by=PRINT_ROOM)


def test_r_o6_a_clean_without_its_analysis_goes_back(numbering):
    """Not known to be the signed text: counted as a change (the job stores both at once)."""
    store(
        numbering, docx(paragraph("请各部门认真做好汛前检查。")), "clean", PRINT_ROOM, "numbering"
    )
    transaction.commit()
    assert went_back(numbering, by=PRINT_ROOM)


def test_r_o6_the_analysis_of_the_signed_version_alone_changes_nothing(numbering):
    signed = body.signed_record(numbering)
    analysed(numbering, signed, accepted="e" * 64, revisions=1)
    transaction.commit()
    assert state(numbering) == "numbering"
