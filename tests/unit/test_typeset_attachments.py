"""R-T1 / GB/T 9704-2012 §7.3.7: the attachments' pages in the official PDF.

Rendered from plain dicts with WeasyPrint, read with pdfplumber; positions in
mm from the paper's top-left corner, a line's top being its characters' em
box top (0.88 em above the baseline), as in ``test_typeset_conformance``.
"""

import datetime
import io

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf import PdfWriter
from weasyprint import HTML

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.attachment_pages import attachment_entries
from collective.gongwen.typeset.attachment_pages import overlay
from collective.gongwen.typeset.attachment_pages import page_count
from collective.gongwen.typeset.pdf import render_official_pdf

from .test_typeset_conformance import _lines as page_lines

MM = 25.4 / 72
TEXT_LEFT, TEXT_RIGHT = rules.LEFT_MARGIN, rules.LEFT_MARGIN + rules.TEXT_WIDTH
TEXT_TOP, TEXT_BOTTOM = rules.TOP_MARGIN, rules.TEXT_BOTTOM


def _source(*pages, size="A4"):
    """A PDF with one page per text, in 30 pt, 20 mm margins."""
    body = "".join(
        f'<p style="font-size: 30pt; {"break-before: page" if i else ""}">{text}</p>'
        for i, text in enumerate(pages)
    )
    return HTML(
        string=f'<html lang="zh-CN"><style>@page {{ size: {size}; margin: 20mm }}</style>'
        f"<body style=\"font-family: 'Noto Sans CJK SC'\">{body}</body></html>"
    ).write_pdf()


TWO_PAGES = _source("物资清单第一页", "物资清单第二页")
LANDSCAPE = _source("工程量横表", size="A4 landscape")

FIELDS = {
    "issuer_mark": "长垣河务局文件",
    "issue_number": "长河〔2026〕8号",
    "direction": "downward",
    "title": "关于做好汛前检查的通知",
    "main_recipients": ["局属各单位"],
    "text": "<p>请各单位认真做好汛前检查。</p>",
    "attachment_note": ["1. 防汛物资清单", "2. 工程量表"],
    "signing_organ": "长垣河务局",
    "written_date": datetime.date(2026, 11, 25),
    "cc_recipients": ["濮阳河务局"],
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 11, 25),
}


def _render(attachments):
    entries, missing = attachment_entries(attachments)
    data = render_official_pdf(dict(FIELDS, attachment_pages=entries))
    return data, missing


def _lines(page):
    """Text lines of ``page``: [(top, x0, x1, baseline, text)], top to bottom."""
    return [(top, x0, x1, baseline, text) for baseline, top, x0, x1, _, text in page_lines(page)]


def _texts(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(page, _lines(page)) for page in pdf.pages]


def _page_with(pages, text):
    return next(i for i, (_, lines) in enumerate(pages) if any(text in ln[4] for ln in lines))


def _line(lines, text):
    return next(line for line in lines if text in line[4])


@pytest.fixture(scope="module")
def official():
    data, missing = _render([("1. 防汛物资清单", TWO_PAGES), ("2. 工程量表。", LANDSCAPE)])
    assert missing == []
    return _texts(data)


def test_r_t1_attachment_pages_page_count_of_the_sources():
    assert page_count(TWO_PAGES) == 2
    assert page_count(b"%PDF-1.7 broken") == 0
    assert page_count(None) == 0


def test_r_t1_attachment_pages_labels_and_titles_follow_the_note():
    entries, missing = attachment_entries([("1. 防汛物资清单", TWO_PAGES), ("工程量表。", None)])
    assert [(e["label"], e["title"], e["pages"]) for e in entries] == [
        ("附件1", "防汛物资清单", 2),
        ("附件2", "工程量表", 1),
    ]
    assert missing == ["工程量表"]
    single, _ = attachment_entries([("附件：防汛物资清单", TWO_PAGES)])
    assert single[0]["label"] == "附件"


def test_r_t1_attachment_pages_label_top_left_title_centred_on_the_second_line(official):
    first = _page_with(official, "附件1")
    assert first >= 1  # a new page after the text
    _, lines = official[first]
    label = _line(lines, "附件1")
    assert label[1] == pytest.approx(TEXT_LEFT, abs=1)
    assert label[0] == pytest.approx(TEXT_TOP, abs=1)
    assert lines[0] == label  # the first line
    title = _line(lines, "防汛物资清单")
    assert (title[1] + title[2]) / 2 == pytest.approx(TEXT_LEFT + rules.TEXT_WIDTH / 2, abs=1)
    # on the second line: its baseline inside the second line box
    assert TEXT_TOP + rules.LINE_PITCH < title[3] < TEXT_TOP + 2 * rules.LINE_PITCH
    assert _line(official[_page_with(official, "附件2")][1], "工程量表")


def test_r_t1_attachment_pages_sources_on_their_pages_inside_the_text_block(official):
    first = _page_with(official, "附件1")
    assert _page_with(official, "物资清单第一页") == first  # below the title
    assert _page_with(official, "物资清单第二页") == first + 1
    assert _page_with(official, "附件2") == first + 2
    assert _page_with(official, "工程量横表") == first + 2
    _, lines = official[first]
    assert _line(lines, "物资清单第一页")[0] > _line(lines, "防汛物资清单")[3]
    for index in (first, first + 1, first + 2):
        page, _ = official[index]
        for char in page.chars:
            if char["text"] in "物资清单第一二页工程量横表":
                assert TEXT_LEFT - 0.5 <= char["x0"] * MM <= char["x1"] * MM <= TEXT_RIGHT + 0.5
                assert TEXT_TOP - 0.5 <= char["top"] * MM <= char["bottom"] * MM <= TEXT_BOTTOM


def test_r_t1_attachment_pages_page_numbers_continue(official):
    last_attachment = _page_with(official, "工程量横表")
    for index in range(last_attachment + 1):
        _, lines = official[index]
        assert lines[-1][4].replace(" ", "") == f"—{index + 1}—"


def test_r_t1_attachment_pages_colophon_after_the_attachments_on_the_last_page(official):
    colophon = _page_with(official, "抄送：濮阳河务局。")
    assert colophon == len(official) - 1
    assert len(official) % 2 == 0  # the 版记 on the last, even page
    # The last attachment page leaves room for the 版记, which may share it.
    assert colophon >= _page_with(official, "工程量横表")
    assert _page_with(official, "长垣河务局办公室") == colophon


def test_r_t1_attachment_pages_broken_source_gets_its_title_page_only():
    data, missing = _render([("1. 防汛物资清单", b"%PDF-1.7 not really"), ("2. 工程量表", None)])
    assert missing == ["防汛物资清单", "工程量表"]
    pages = _texts(data)
    first = _page_with(pages, "附件1")
    assert _page_with(pages, "附件2") == first + 1
    _, lines = pages[first]
    assert [line[4] for line in lines[:2]] == ["附件1", "防汛物资清单"]


def test_r_t1_attachment_pages_rotated_source_fits_without_distortion():
    writer = PdfWriter(clone_from=io.BytesIO(_source("旋转的页")))
    writer.pages[0].rotate(90)
    rotated = io.BytesIO()
    writer.write(rotated)
    body = HTML(string="<style>@page { size: A4 }</style><p>正文</p>").write_pdf()
    box = (TEXT_LEFT, TEXT_TOP, TEXT_RIGHT, TEXT_BOTTOM)
    result = overlay(body, [(0, rotated.getvalue(), 0, box), (0, b"broken", 0, box)])
    assert len(PdfReader(io.BytesIO(result)).pages) == 1
    with pdfplumber.open(io.BytesIO(result)) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"] in "旋转的页"]
        assert chars
        # shown upright as landscape, scaled to the 版心's width (A4 height 297 → 156 mm)
        for char in chars:
            assert TEXT_LEFT - 0.5 <= char["x0"] * MM <= char["x1"] * MM <= TEXT_RIGHT + 0.5
            assert TEXT_TOP - 0.5 <= char["top"] * MM <= TEXT_TOP + 156 * 210 / 297 + 0.5
