"""R-SEC5 on the Plone layer: hostile bodies are stored clean on every evented path, and no
PDF we make — 正式文件, 发文稿纸, 来文处理单, exchange package — fetches or embeds anything.

A server on 127.0.0.1 records every request the renderers might make; the
PDFs are read with pypdf for /EmbeddedFiles and /FileAttachment annots. The
caps: a document over the page cap is numbered without a 正式文件 and the
print room is told why; one over the time cap likewise.
"""

import io
import json
import zipfile

import pytest
from plone import api
from plone.app.textfield.value import RichTextValue
from Products.statusmessages.interfaces import IStatusMessage
from zope.event import notify
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.content.progress import progress_notes
from collective.gongwen.exchange.export import package_for
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.steps.opinions import append_opinion
from collective.gongwen.typeset.kept_slips import current_slip
from collective.gongwen.typeset.rendered import missing_attachments_message
from collective.gongwen.typeset.rendered import render_refusal
from collective.gongwen.typeset.slip_jobs import queue_milestone_slip
from collective.gongwen.typeset.slip_jobs import queue_slip_refresh
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_slip_refresh import refresh
from tests.support.fetching import KEPT_TEXT
from tests.support.fetching import embedded_files
from tests.support.fetching import fetching_marks
from tests.support.fetching import hostile_body
from tests.support.fetching import recording_server
from tests.support.incoming import proposed_incoming
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.renders import run_render_jobs
from tests.support.uploads import post

SENTENCE = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下各单位要高度重视"


def long_body(pages):
    """About ``pages`` typeset pages of plain paragraphs (22 lines of 28 characters)."""
    paragraph = SENTENCE * 6
    return body("".join(f"<p>{paragraph}</p>" for _ in range(pages * 3)))


def assert_clean(html):
    assert fetching_marks(html) == []
    for text in KEPT_TEXT:
        assert text in html


def numbered(document):
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    run_render_jobs(document)  # the worker keeps the 发文稿纸 too (R-RUN1)
    return document


def zh(message):
    return translate(message, target_language="zh_CN")


def set_caps(**values):
    for name, value in values.items():
        api.portal.set_registry_record(name, value, interface=IGongwenSettings)


# --- Stored clean -------------------------------------------------------------------------


def test_r_sec5_body_is_stored_clean_when_added(portal):
    document = draft_outgoing(portal, text=body(hostile_body("http://127.0.0.1:9")))
    assert_clean(document.text.raw)
    assert fetching_marks(document.text.output) == []


def test_r_sec5_body_is_stored_clean_when_modified(portal):
    document = draft_outgoing(portal)
    with api.env.adopt_user(username="cy_eng_staff"):
        document.text = body(hostile_body("http://127.0.0.1:9"))
        notify(ObjectModifiedEvent(document))
    assert_clean(document.text.raw)


def test_r_sec5_markdown_body_is_stored_as_clean_html(portal):
    markdown = "正文第一段 ![图](http://127.0.0.1:9/x.png) [链接](file:///etc/passwd)"
    document = draft_outgoing(
        portal, text=RichTextValue(markdown, "text/x-web-markdown", "text/x-html-safe")
    )
    assert document.text.mimeType == "text/html"
    assert fetching_marks(document.text.raw) == [] and "正文第一段" in document.text.raw


@pytest.mark.parametrize("portal_type", ["gongwen_notice", "gongwen_news"])
def test_r_sec5_notices_and_news_are_stored_clean(portal, portal_type):
    with api.env.adopt_roles(["Manager"]):
        item = api.content.create(
            container=portal,
            type=portal_type,
            title="汛期值班安排",
            text=body(hostile_body("http://127.0.0.1:9")),
        )
    assert_clean(item.text.raw)


# --- No PDF fetches or embeds -------------------------------------------------------------


def test_r_sec5_official_slip_and_package_of_an_unclean_body_fetch_and_embed_nothing(portal):
    """A body stored before the rule (no event) goes to 登记编号 as it is."""
    document = draft_outgoing(portal, main_recipients=["局属各单位"])
    with recording_server() as server:
        document.text = body(hostile_body(server.base))  # as stored before R-SEC5
        numbered(document)
        official = document["official"].file.data
        kept_slip = document["slip"].file.data
        slip, _name = current_slip(document)
        package, _name = package_for(document)
        assert server.hits == []
    assert embedded_files(official) == []
    assert embedded_files(kept_slip) == [] and embedded_files(slip) == []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
        assert pdfs
        for name in pdfs:
            assert embedded_files(archive.read(name)) == [], name


def test_r_sec5_incoming_slip_fetches_and_embeds_nothing(portal):
    with recording_server() as server:
        document = proposed_incoming(portal)
        document.proposal = hostile_body(server.base)
        document.source_organ = f'<img src="{server.base}/organ.png">'
        data, _name = current_slip(document)
        assert server.hits == []
    assert data.startswith(b"%PDF") and embedded_files(data) == []


# --- The caps -----------------------------------------------------------------------------


def test_r_sec5_over_the_page_cap_numbering_goes_on_and_the_print_room_is_told(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    set_caps(render_max_pages=10)
    document = draft_outgoing(portal, main_recipients=["局属各单位"], text=long_body(14))
    numbered(document)  # no 500: numbered, without a 正式文件
    assert document.issue_number and "official" not in document.objectIds()
    message = zh(missing_attachments_message(document))
    assert "超过单个文件10页的上限" in message and "未生成 PDF" in message
    assert "slip" in document.objectIds()  # the 发文稿纸 is short: kept as ever

    # 重新排版 by the print room: refused with the same message, still nothing made
    with api.env.adopt_user(username="cy_secretary1"):
        post(document.REQUEST, {})
        document.restrictedTraverse("@@gongwen-typeset")()
        run_render_jobs(document)  # the worker refuses it; the document page says why
        notes = progress_notes(document)
    shown = [(zh(note.message), note.kind) for note in notes]
    assert any("超过单个文件10页的上限" in text and kind == "warning" for text, kind in shown)
    assert "official" not in document.objectIds()

    # within the cap again (a shorter body): typeset, and the refusal is forgotten
    set_caps(render_max_pages=300)
    with api.env.adopt_user(username="cy_secretary1"):
        post(document.REQUEST, {})
        document.restrictedTraverse("@@gongwen-typeset")()
    run_render_jobs(document)
    assert "official" in document.objectIds() and render_refusal(document) is None
    assert missing_attachments_message(document) is None


def test_r_sec5_a_slip_over_the_page_cap_keeps_its_previous_version(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft_outgoing(portal, main_recipients=["局属各单位"])
    numbered(document)
    before = document["slip"].file.data
    set_caps(render_max_pages=10)
    for _ in range(60):  # many long opinions: the 发文稿纸 runs over 10 pages
        append_opinion(document, "secretary_check", "approve", "cy_secretary1", SENTENCE * 10)
    queue_milestone_slip(document)
    assert run_render_jobs(document)["slip"] == (200, '{"result": "refused"}')
    assert document["slip"].file.data == before
    # the worker's refresh is answered "refused"; the kept slip stays as it was
    queue_slip_refresh(document)
    status, answer = refresh(portal, document)
    assert (status, json.loads(answer)) == (200, {"result": "refused"})
    assert document["slip"].file.data == before
    with api.env.adopt_user(username="cy_secretary1"):
        response = document.restrictedTraverse("@@gongwen-slip")()
    assert response == ""
    shown = [(m.message, m.type) for m in IStatusMessage(document.REQUEST).show()]
    assert any("超过单个文件10页的上限" in text and kind == "error" for text, kind in shown)


@pytest.mark.slow
def test_r_sec5_over_the_time_cap_the_render_is_stopped(portal):
    # 250 pages take several seconds whatever the machine's load; the page cap is not hit
    set_caps(render_timeout_seconds=1, render_max_pages=1000)
    document = draft_outgoing(portal, main_recipients=["局属各单位"], text=long_body(250))
    numbered(document)
    assert document.issue_number and "official" not in document.objectIds()
    assert "超过1秒仍未完成" in zh(missing_attachments_message(document))
