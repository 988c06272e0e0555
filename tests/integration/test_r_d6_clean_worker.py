"""R-D6 清稿 end to end on the Plone layer with real LibreOffice: the print room asks for it,
the worker's job (run here the way the worker runs it, ``tests.support.wordjobs``) stores
the clean version in the print room's name with its analysis and the 套红 HTML, the
document may be numbered and its 正式文件 is typeset from the clean 正文. A 清稿 that
cannot be stored says why on the 清稿 button.
"""

import io
import logging

import pdfplumber
import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.content.naming import OFFICIAL_ID
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.wordbody import actions
from collective.gongwen.wordbody import jobs
from collective.gongwen.wordbody.worker import RESULT_VIEW
from collective.gongwen.wordbody.worker import run_job
from tests.integration.test_r_o6_word_body import number
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.renders import run_render_jobs
from tests.support.views import render_as
from tests.support.wordfiles import commented
from tests.support.wordfiles import delete
from tests.support.wordfiles import heading
from tests.support.wordfiles import ins
from tests.support.wordfiles import make_docx
from tests.support.wordfiles import paragraph
from tests.support.wordfiles import table
from tests.support.wordjobs import PortalClient
from tests.support.wordjobs import run_wordbody_jobs

pytestmark = pytest.mark.slow

PRINT_ROOM = "cy_print"
NAME = "关于做好汛前检查的通知.docx"


def reviewed_docx(extra=""):
    return make_docx(
        [
            heading("检查范围和时间", level=1),
            paragraph(
                "请各科室",
                ins("于五月底前", author="李四"),
                "认真做好汛前检查工作，",
                delete("尽快", author="王五"),
                commented("逐项落实", "请核实时间", author="李四"),
                "。" + extra,
            ),
            table([["检查项目", "责任科室"], ["堤防工程", "工程管理科"]]),
        ]
    )


@pytest.fixture
def numbering(portal):
    """A signed 下行文 whose Word 正文 (2 changes, 1 comment) the worker has read."""
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(document, reviewed_docx(), NAME, "cy_eng_staff")
    run_wordbody_jobs(document)
    analysis = body.current_record(document)["analysis"]
    assert (analysis["state"], analysis["revisions"], analysis["comments"]) == ("done", 2, 1)
    return walk_until(document, DOWNWARD_PATH, "numbering")


def test_r_d6_the_print_rooms_clean_is_stored_and_numbered(numbering):
    signed = body.signed_record(numbering)
    assert actions.request_clean(numbering, PRINT_ROOM)
    run_wordbody_jobs(numbering)
    assert not actions.clean_pending(numbering)
    record = body.current_record(numbering)
    assert (record["number"], record["kind"], record["actor"]) == (2, "clean", PRINT_ROOM)
    assert record["step"] == "numbering"
    assert record["analysis"]["state"] == "done"
    assert (record["analysis"]["revisions"], record["analysis"]["comments"]) == (0, 0)
    # the same text as signed, every change accepted: not a change 签发 did not approve
    assert record["analysis"]["accepted_sha256"] == signed["analysis"]["accepted_sha256"]
    assert body.is_clean(numbering)
    assert "逐项落实" in body.official_html(numbering)

    number(numbering)
    run_render_jobs(numbering, kinds=("official",))
    with pdfplumber.open(io.BytesIO(numbering[OFFICIAL_ID].file.data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    assert "一、检查范围和时间" in text
    assert "请各科室于五月底前认真做好汛前检查工作，逐项落实。" in text
    assert "尽快" not in text and "请核实时间" not in text


class CheckInMeanwhile(PortalClient):
    """The worker's calls, with LibreOffice taking longer than the claim limit: the 清稿 is
    no longer waited for, and the print room 签入s a new version before the result comes.

    (While the 清稿 is waited for, 签入 is refused: ``rules.edit_refusal``'s ``cleaning``.)
    """

    def __init__(self, *args, document, monkeypatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.document, self.monkeypatch = document, monkeypatch
        self.checked_in = None

    def post(self, view, data=None, files=None, stream=False):
        if view == RESULT_VIEW and self.checked_in is None:
            with api.env.adopt_user(username=PRINT_ROOM):
                with pytest.raises(body.BodyError):  # still waited for
                    actions.check_in(self.document, reviewed_docx("特此通知。"), NAME, PRINT_ROOM)
                with self.monkeypatch.context() as patch:
                    patch.setattr(jobs, "CLAIM_LIMIT", 0)  # the worker overran its claim
                    assert not actions.clean_pending(self.document)
                    self.checked_in = actions.check_in(
                        self.document, reviewed_docx("特此通知。"), NAME, PRINT_ROOM
                    )
        return super().post(view, data, files, stream)


def test_r_d6_a_clean_overtaken_by_a_new_version_is_not_stored_and_says_why(
    numbering, caplog, monkeypatch
):
    assert actions.request_clean(numbering, PRINT_ROOM)
    ((key, job_id),) = jobs.waiting_jobs(numbering)
    payload = {"uid": numbering.UID(), "job_id": job_id, "key": key, "site_url": ""}
    client = CheckInMeanwhile(
        api.portal.get(), numbering.UID(), job_id, document=numbering, monkeypatch=monkeypatch
    )
    # the worker reports what the portal answered, not its own "done", and logs the reason
    with caplog.at_level(logging.WARNING, logger="collective.gongwen.wordbody"):
        assert run_job(payload, client=client) == "failed"
    assert "did not store the result (failed)" in caplog.text
    assert "本次清稿未保存" in caplog.text
    # the new version stays the current one; the 清稿 of the older one was not stored
    assert body.current_record(numbering)["version"] == client.checked_in["version"]
    assert body.current_record(numbering)["kind"] == "checkin"
    assert not body.is_clean(numbering)
    failure = actions.clean_failure(numbering)
    assert failure and "本次清稿未保存" in failure
    run_wordbody_jobs(numbering)  # the new version's analysis
    _view, output = render_as(numbering, "gongwen-body-clean-button", PRINT_ROOM)
    assert "上次清稿未成功：" in output
    assert "本次清稿未保存" in output
    # cleaned again, of the version it holds now
    assert actions.request_clean(numbering, PRINT_ROOM)
    run_wordbody_jobs(numbering)
    assert body.is_clean(numbering)
    assert actions.clean_failure(numbering) is None
