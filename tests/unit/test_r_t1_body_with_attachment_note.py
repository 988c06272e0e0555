"""R-T1: a 正文 followed by a 附件说明 and a sealed 署名, measured (GB/T 9704-2012).

Issue 19: the 正式文件 of a 通知 with one 附件 put its whole body on page 2 —
the 附件说明 (7.3.4) and the 署名/成文日期 (7.3.5) keep with the text, and a
paragraph of three lines could not be split, so the page broke between the
主送 and the text. The text starts right under the 主送 on page 1 (7.3.2,
7.3.3); its last lines are what goes over with the 附件说明 and the 署名; every
page but the last holds its 22 lines (5.2.3); where one line is missing for the
署名, the blank lines above the 附件说明 and the 署名 are squeezed (7.3.5
特殊情况说明). Rendered from plain dicts, read with pdfplumber; positions in mm
from the paper's top-left corner.
"""

import io

import pdfplumber
import pytest

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.pdf import render_official_pdf

from .test_typeset_conformance import DOWNWARD
from .test_typeset_conformance import MM
from .test_typeset_conformance import PLAIN
from .test_typeset_conformance import _lines

# The demo's own 通知 of the report: one 附件, sealed.
NOTICE = dict(
    DOWNWARD,
    title="关于印发《长垣河务局财务报销管理办法》的通知",
    main_recipients=["局属各科室"],
    attachment_note=["长垣河务局财务报销管理办法"],
    sealed=True,
    cc_recipients=[],
)
DEMO_BODY = "《长垣河务局财务报销管理办法》已经局长办公会研究通过，现印发给你们，请认真遵照执行。"
BODIES = {
    "demo": [DEMO_BODY],
    "1 line": [PLAIN[:20]],
    "3 lines": [PLAIN[:60]],
    "4 lines": [PLAIN[:80]],
    "6 lines": [PLAIN[:160]],
    "1+3 lines": [PLAIN[:20], PLAIN[:60]],
    "3+3 lines": [PLAIN[:60], PLAIN[:60]],
}
TITLES = {"1-line title": "关于做好汛前检查的通知", "2-line title": NOTICE["title"]}
DATE = "2026年11月25日"


def _read(fields):
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        return [_lines(page) for page in pdf.pages]


def _html(paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _body_lines(pages, paragraphs):
    """(page number, line) of every line of the body, in order.

    A body line is in 3号, made of the body's characters and starts at the
    left edge of the 版心 or two characters in (the 署名 「长垣河务局」 is a
    piece of the demo body too, but it starts far to the right).
    """
    text = "".join(paragraphs)
    found = []
    for number, lines in enumerate(pages, 1):
        for line in lines:
            chunk = line[5].replace(" ", "")
            body_size = line[4] == pytest.approx(rules.mm(rules.BODY_SIZE_PT), abs=0.1)
            if chunk in text and body_size and line[2] < 28 + 2 * rules.CHAR_PITCH + 1:
                found.append((number, line))
    return found


def _find(pages, predicate):
    return next((n, line) for n, lines in enumerate(pages, 1) for line in lines if predicate(line))


@pytest.mark.parametrize("title", TITLES.values(), ids=TITLES.keys())
@pytest.mark.parametrize("paragraphs", BODIES.values(), ids=BODIES.keys())
def test_r_t1_body_starts_on_page_one_right_after_the_recipients(title, paragraphs):
    pages = _read(dict(NOTICE, title=title, text=_html(paragraphs)))
    first_page = pages[0]
    recipients = next(line for line in first_page if line[5] == "局属各科室：")
    below = [line for line in first_page if line[0] > recipients[0]]
    assert below, "nothing under the 主送 on page 1"
    first = below[0]
    assert paragraphs[0].startswith(first[5].replace(" ", "")[:6])
    assert first[0] - recipients[0] == pytest.approx(rules.LINE_PITCH, abs=0.2)


@pytest.mark.parametrize("paragraphs", BODIES.values(), ids=BODIES.keys())
def test_r_t1_attachment_note_follows_the_body(paragraphs):
    pages = _read(dict(NOTICE, text=_html(paragraphs)))
    body = _body_lines(pages, paragraphs)
    assert "".join(line[5].replace(" ", "") for _, line in body) == "".join(paragraphs)
    page, last = body[-1]
    note_page, note = _find(pages, lambda line: line[5].startswith("附件："))
    assert note[5].replace(" ", "") == "附件：长垣河务局财务报销管理办法"
    assert note[2] == pytest.approx(28 + 2 * rules.CHAR_PITCH, abs=1)
    assert note_page == page
    date_page, date = _find(pages, lambda line: line[5] == DATE)
    gap = note[0] - last[0]
    if gap == pytest.approx(1.5 * rules.LINE_PITCH, abs=0.2):
        # squeezed (7.3.5 特殊情况说明) to keep the 署名 on the text's page
        assert date_page == page
    else:  # one blank line between (7.3.4)
        assert gap == pytest.approx(2 * rules.LINE_PITCH, abs=0.2)
    # The seal's page carries 正文 (7.3.5.1), and the 署名 comes after the 附件说明.
    assert any(number == date_page for number, _ in body)
    assert (date_page, date[0]) > (note_page, note[0])


@pytest.fixture(scope="module")
def demo_notice():
    from .test_typeset_pages import SEAL

    fields = dict(NOTICE, text=_html([DEMO_BODY]), seal_image=SEAL)
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        yield [(_lines(page), page.images) for page in pdf.pages]


def test_r_t1_demo_notice_is_set_on_its_first_page_squeezed(demo_notice):
    """Issue 19's 通知: 23 lines where 22 go; one line won above the 附件说明 and the 署名."""
    lines, images = demo_notice[0]
    body = _body_lines([lines], [DEMO_BODY])
    assert "".join(line[5] for _, line in body) == DEMO_BODY
    last = body[-1][1]
    note = next(line for line in lines if line[5].startswith("附件："))
    organ = next(line for line in lines if line[5] == "长垣河务局")
    date = next(line for line in lines if line[5] == DATE)
    assert note[0] - last[0] == pytest.approx(1.5 * rules.LINE_PITCH, abs=0.2)
    assert organ[0] - note[0] == pytest.approx(2.5 * rules.LINE_PITCH, abs=0.2)
    assert date[0] - organ[0] == pytest.approx(rules.LINE_PITCH, abs=0.2)
    assert date[1] + date[4] <= rules.TOP_MARGIN + rules.TEXT_HEIGHT
    # The seal: its top clear of the 附件说明 and within a line of it, the pair under its centre.
    (seal,) = images
    top, bottom = seal["top"] * MM, seal["bottom"] * MM
    assert 0 < top - (note[1] + note[4]) <= rules.LINE_PITCH
    assert (organ[1] + date[1] + date[4]) / 2 > (top + bottom) / 2
    assert len(demo_notice) == 2  # the 版记 on the back


def test_r_t1_squeezing_is_kept_only_where_it_keeps_the_signature_on_the_text_page():
    """A 署名 that fits is set with its blank lines whole."""
    pages = _read(dict(NOTICE, text=_html([PLAIN[:20]])))
    lines = pages[0]
    note = next(line for line in lines if line[5].startswith("附件："))
    organ = next(line for line in lines if line[5] == "长垣河务局")
    assert organ[0] - note[0] == pytest.approx(3 * rules.LINE_PITCH, abs=0.2)


def test_r_t1_pages_before_the_last_hold_22_lines():
    """A long body fills every page it runs over (5.2.3), up to the one with the 署名."""
    paragraphs = [PLAIN[: 28 * n + 5] for n in (1, 2, 3, 2, 1, 3, 2, 2, 1, 3, 2, 3, 1, 2)]
    pages = _read(dict(NOTICE, text=_html(paragraphs)))
    body = _body_lines(pages, paragraphs)
    date_page, _ = _find(pages, lambda line: line[5] == DATE)
    assert date_page >= 3
    for number in range(2, date_page):  # page 1 has the 版头, title and 主送
        lines = [line for n, line in body if n == number]
        assert len(lines) == rules.LINES_PER_PAGE, number
