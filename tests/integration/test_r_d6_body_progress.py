"""R-D6 on the Plone layer: 「分析中…」 of a Word 正文 version is work under way on the document
(``wordbody.progress``), like 「正文清稿中…」: ``@@gongwen-progress`` names it while the worker
has not posted the analysis, and the 正文 panel, the 版本记录 page and the 办理 panel's 清稿
note mark what they show with its key, so ``body-wait.js`` refreshes them once it lands.
"""

import pytest
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.content.progress import pending_work
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.wordbody import progress
from tests.integration.test_r_d6_body_actions import document  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import layer_request  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import upload
from tests.integration.test_r_o6_word_body import docx
from tests.integration.test_r_o6_word_body import store
from tests.integration.test_r_o6_word_body import word_document
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.views import render_as
from tests.support.wordfiles import paragraph

NAME = "关于做好汛前检查的通知.docx"
DONE = {
    "state": "done",
    "revisions": 2,
    "comments": 1,
    "changes": [],
    "accepted_sha256": "0" * 64,
}
KEY = 'data-progress-key="body_analyse"'


@pytest.fixture
def uploaded(document):  # noqa: F811
    """A draft 通知 whose Word 正文 the drafter has just uploaded (not yet analysed)."""
    upload(document)
    return document


def test_r_d6_the_analysis_is_work_under_way_until_it_lands(uploaded):
    assert progress.ANALYSE_WORK in pending_work(uploaded)
    answer = render_as(uploaded, "gongwen-progress", "cy_eng_staff")[1]
    assert progress.ANALYSE_WORK in answer
    body.set_analysis(uploaded, body.current_record(uploaded)["version"], DONE)
    assert pending_work(uploaded) == []
    assert progress.ANALYSE_WORK not in render_as(uploaded, "gongwen-progress", "cy_eng_staff")[1]


def test_r_d6_no_word_body_no_analysis_under_way(portal):
    outgoing = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
    assert progress.ANALYSE_WORK not in pending_work(outgoing)
    assert not progress.analysing(outgoing)


def test_r_d6_the_panel_refreshes_itself_while_analysing(uploaded):
    output = render_as(uploaded, "gongwen-body-panel", "cy_eng_staff")[1]
    assert "分析中…" in output
    assert KEY in output and "body-wait.js" in output
    assert 'data-progress-region="body-panel"' in output
    assert f'data-refresh-url="{uploaded.absolute_url()}/@@gongwen-body-panel"' in output
    assert f'data-progress-url="{uploaded.absolute_url()}/@@gongwen-progress"' in output
    # the worker's analysis lands: the panel the script fetches shows it, and waits no more
    body.set_analysis(uploaded, body.current_record(uploaded)["version"], DONE)
    output = render_as(uploaded, "gongwen-body-panel", "cy_eng_staff")[1]
    assert "修订 2 处 · 批注 1 条" in output
    assert KEY not in output  # nothing waited for (the script stays: 签出编辑 swaps it too)
    assert 'data-progress-region="body-panel"' in output  # the region it replaces


def test_r_d6_the_versions_page_refreshes_itself_while_analysing(uploaded):
    version = body.current_record(uploaded)["version"]
    output = render_as(uploaded, "gongwen-body-versions", "cy_eng_staff")[1]
    assert "分析中…" in output
    assert KEY in output and "body-wait.js" in output
    body.set_analysis(uploaded, version, DONE)
    output = render_as(uploaded, "gongwen-body-versions", "cy_eng_staff")[1]
    assert "修订 2 处 · 批注 1 条" in output
    assert KEY not in output and "body-wait.js" not in output


def test_r_d6_the_clean_button_waits_for_the_analysis_of_the_current_version(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    numbering = walk_until(word_document(portal), DOWNWARD_PATH, "numbering")
    record = store(numbering, docx(paragraph("再改一处。")), "checkin", "cy_print", "numbering")
    output = render_as(numbering, "gongwen-body-clean-button", "cy_print")[1]
    assert "还在分析中" in output
    assert KEY in output and "body-wait.js" in output  # the page reloads once it is read
    body.set_analysis(numbering, record["version"], DONE)
    output = render_as(numbering, "gongwen-body-clean-button", "cy_print")[1]
    assert KEY not in output and "body-wait.js" not in output
