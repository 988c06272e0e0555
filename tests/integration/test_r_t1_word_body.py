"""R-T1 套红 of a Word 正文 (R-D6) on the Plone layer: the 正式文件 is typeset from the HTML its
清稿 made of the version the 正文 holds now, never from an empty body.

The layout itself against GB/T 9704 (paragraphs, numbered headings, a table and an image of
a 20-page Word file) is ``test_r_t1_word_body_layout``.
"""

import io

import pdfplumber
import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.content import body
from collective.gongwen.content.naming import OFFICIAL_ID
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.typeset.document import WordBodyNotTypeset
from collective.gongwen.typeset.document import official_fields
from collective.gongwen.typeset.official import typeset_official
from collective.gongwen.typeset.rendered import render_refusal
from tests.integration.test_r_o6_word_body import analysed
from tests.integration.test_r_o6_word_body import docx
from tests.integration.test_r_o6_word_body import number
from tests.integration.test_r_o6_word_body import store
from tests.integration.test_r_o6_word_body import word_document
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import walk_until
from tests.support.renders import run_render_jobs
from tests.support.wordfiles import paragraph

PRINT_ROOM = "cy_print"
OFFICIAL_HTML = (
    "<h1>一、总体要求</h1>"
    "<p>请各部门认真做好汛前检查，<script>alert(1)</script>逐项落实。</p>"
    "<table><tr><td>单位</td><td>责任人</td></tr><tr><td>工程管理科</td><td>张三</td></tr></table>"
    '<p><img src="file:///etc/passwd" alt="x"/></p>'
)


@pytest.fixture
def numbering(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return walk_until(word_document(portal), DOWNWARD_PATH, "numbering")


def cleaned(document, html=OFFICIAL_HTML):
    record = store(document, docx(paragraph("清稿后的正文。")), "clean", PRINT_ROOM, "numbering")
    analysed(document, record)
    body.set_official_html(document, record["version"], html)
    return record


def pdf_text(item):
    with pdfplumber.open(io.BytesIO(item.file.data)) as pdf:
        return "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")


def test_r_t1_the_official_fields_take_the_clean_html(numbering):
    cleaned(numbering)
    text = official_fields(numbering)["text"]
    assert "一、总体要求" in text
    assert "工程管理科" in text
    # cleaned on the way (R-SEC5): no script, no file: image
    assert "<script" not in text and "file:" not in text
    # the rich-text box is empty: the Word 正文 is the body
    assert not getattr(numbering, "text", None) or not numbering.text.raw


def test_r_t1_a_word_body_without_its_clean_html_is_not_typeset_empty(numbering):
    with pytest.raises(WordBodyNotTypeset):
        official_fields(numbering)
    # a 正式文件 asked for anyway (重新排版, a script) is refused with the reason
    typeset_official(numbering)
    run_render_jobs(numbering, kinds=("official",))
    assert numbering.get(OFFICIAL_ID) is None
    refusal = render_refusal(numbering)
    assert refusal.default.startswith("Word 正文的当前版本尚未清稿，未生成正式文件。")


def test_r_t1_the_clean_html_of_an_older_version_is_not_used(numbering):
    cleaned(numbering)
    store(numbering, docx(paragraph("清稿后又改了。")), "checkin", PRINT_ROOM, "numbering")
    assert body.official_html(numbering) is None
    with pytest.raises(WordBodyNotTypeset):
        official_fields(numbering)


def test_r_t1_numbering_typesets_the_word_body(numbering):
    cleaned(numbering)
    number(numbering)
    run_render_jobs(numbering, kinds=("official",))
    official = numbering.get(OFFICIAL_ID)
    assert official is not None
    text = pdf_text(official)
    assert "一、总体要求" in text
    assert "请各部门认真做好汛前检查" in text
    # the table's cells (pdfplumber reads a row's cells line by line)
    assert all(word in text for word in ("单位", "责任", "工程管理", "张三"))
    assert numbering.issue_number in text
    with api.env.adopt_user(username=PRINT_ROOM):
        assert render_refusal(numbering) is None


def test_r_t1_the_word_files_own_title_recipients_and_date_are_not_printed_twice(numbering):
    html = (
        f'<p style="text-align: center; text-indent: 0">{numbering.title}</p>'
        f"<p>{'、'.join(numbering.main_recipients)}：</p>"
        "<p>请各部门认真做好汛前检查。</p>"
        '<p style="text-align: right; text-indent: 0">2026年12月6日</p>'
    )
    cleaned(numbering, html)
    assert official_fields(numbering)["text"] == "<p>请各部门认真做好汛前检查。</p>"
