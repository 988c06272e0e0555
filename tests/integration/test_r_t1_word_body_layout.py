"""R-T1 套红 of a Word 正文 (R-D6) measured against GB/T 9704-2012, as rich-text bodies are
(``tests/unit/test_typeset_conformance.py``).

The 20-page 通知 of ``wordfiles.twenty_pages`` — numbered headings, paragraphs in the file's
own fonts and sizes, two tables, an image, 30 tracked changes by three authors and three
comments — is 清稿'd by LibreOffice as the worker does it (``wordbody.office.clean_docx``),
read (``wordbody.docx``) and turned into the 套红 HTML (``wordbody.official``), then typeset
into the GB/T 9704 frame. The 正式文件 keeps its paragraphs, numbered headings, tables and
image, and the file's fonts, sizes and indents give way to the standard's: 3号仿宋 on the
22 × 28 grid inside the 版心.
"""

import io
import tempfile
from pathlib import Path

import pdfplumber
import pytest

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.pdf import render_official_pdf
from collective.gongwen.wordbody.docx import read_document
from collective.gongwen.wordbody.office import clean_docx
from collective.gongwen.wordbody.official import official_body_html
from tests.support.wordfiles import twenty_pages
from tests.unit.test_typeset_conformance import DOWNWARD
from tests.unit.test_typeset_conformance import MM
from tests.unit.test_typeset_conformance import _lines

pytestmark = pytest.mark.slow

BODY_SIZE = rules.mm(16)  # 3号


@pytest.fixture(scope="module")
def clean_word_body():
    """The 20-page 通知 after 清稿 (LibreOffice through UNO, as the worker runs it)."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "source.docx", Path(folder) / "clean.docx"
        source.write_bytes(twenty_pages())
        assert clean_docx(str(source), str(target), 120) == (0, 0)
        return target.read_bytes()


@pytest.fixture(scope="module")
def official(clean_word_body):
    document = read_document(clean_word_body)
    assert not document.changes and not document.comments
    fields = {**DOWNWARD, "text": official_body_html(document)}
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        yield [(page, _lines(page), page.images) for page in pdf.pages]


def body_lines(lines):
    return [line for line in lines if line[4] == pytest.approx(BODY_SIZE, abs=0.1)]


def test_r_t1_word_body_runs_over_the_pages_in_a4(official):
    assert len(official) >= 10
    for page, *_rest in official:
        assert page.width * MM == pytest.approx(210, abs=1)
        assert page.height * MM == pytest.approx(297, abs=1)


def test_r_t1_word_body_text_stays_inside_the_text_block(official):
    """Whatever indents the file had: every line inside the 版心 (28–184 mm)."""
    for _page, lines, _images in official:
        for line in body_lines(lines):
            assert line[2] >= 28 - 1
            assert line[3] <= 184 + 1


def test_r_t1_word_body_full_pages_have_22_lines_of_28_characters(official):
    full_pages = 0
    for _page, lines, _images in official[1:-1]:
        body = body_lines(lines)
        if len(body) != rules.LINES_PER_PAGE:
            continue  # a page with a table or the image
        full_pages += 1
        pitches = {round(b[0] - a[0], 1) for a, b in zip(body, body[1:], strict=False)}
        assert all(p == pytest.approx(rules.LINE_PITCH, abs=0.2) for p in pitches)
        full = [line for line in body if line[2] == pytest.approx(28, abs=1) and line[3] > 180]
        assert {len(line[5]) for line in full} <= {rules.CHARS_PER_LINE}
    assert full_pages >= 5


def test_r_t1_word_body_sizes_are_the_standards(official):
    """The file's own sizes (its 22 pt title runs, 10.5 pt text) give way to the standard's:
    3号 for the body, its headings and tables, 2号 for the title, 4号 for page numbers and
    版记, and the 发文机关标志 — nothing else."""
    allowed = {round(rules.mm(points), 1) for points in (16, 22, 14)}
    allowed.add(round(rules.ISSUER_MARK_SIZE, 1))
    sizes = set()
    for page, *_rest in official:
        sizes |= {round(char["size"] * MM, 1) for char in page.chars if char["text"].strip()}
    assert sizes <= allowed
    # the body (with the file's paragraphs, headings and tables) is all 3号
    body = [line for _page, lines, _images in official[1:-1] for line in lines[:-1]]
    assert {round(line[4], 1) for line in body} == {round(BODY_SIZE, 1)}


def test_r_t1_word_body_keeps_numbered_headings_tables_and_the_image(official):
    text = "".join(line[5] for _page, lines, _images in official for line in lines)
    # numbered headings from numbering.xml: 一、 (黑体), （一） (楷体), 1. (仿宋)
    assert "一、切实加强" in text
    assert "（一）" in text
    assert "1." in text
    # paragraphs, the two tables' cells
    assert "各单位防汛物资储备情况表" in text
    assert "编织袋" in text and "长垣河务局" in text
    assert "带班领导" in text and "值班员1" in text
    # tracked changes accepted: inserted text kept, deleted text gone
    assert "补充意见" in text
    # the image
    assert sum(len(images) for _page, _lines_, images in official) >= 1


def test_r_t1_word_body_headings_use_the_standards_fonts(official):
    """「一、」 in 黑体, 「（一）」 in 楷体, 「1.」 and paragraphs in 仿宋 (here the open fonts
    standing in for them: Noto Sans CJK, AR PL UKai, Noto Serif CJK); none of the file's."""

    def fonts_of(text):
        for page, lines, _images in official:
            for line in lines:
                if line[5].startswith(text):
                    top = line[0]
                    return {
                        char["fontname"].split("+")[-1]
                        for char in page.chars
                        if round((page.height - char["matrix"][5]) * MM, 1) == top
                    }
        raise AssertionError(f"no line starts with {text}")

    heading = fonts_of("一、切实加强防汛值班工作")
    second = fonts_of("（一）防汛值班的第1项要求")
    third = fonts_of("1.明确防汛值班职责分工（1-1-1）")
    paragraph = fonts_of("要结合本单位实际，细化防汛值班方案")
    assert len(heading) == 1 and "Sans" in next(iter(heading))
    assert len(second) == 1 and "Kai" in next(iter(second))
    assert third == paragraph and "Serif" in next(iter(paragraph))
    used = {
        char["fontname"].split("+")[-1]
        for page, _lines_, _images in official
        for char in page.chars
    }
    # nothing of the file's own fonts (方正小标宋简体 title runs, 宋体, Times New Roman)
    assert not [name for name in used if "Times" in name or "Song" in name]
