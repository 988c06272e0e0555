"""R-T1: the seal, long titles, the 版记's page and the 信函's first page, measured.

GB/T 9704-2012 7.3.1 (title lines), 7.3.5.1 (署名 and 成文日期 with a seal),
7.4 and 8 (the 版记 on the last, even page; a blank page before it and the
版记 page carry no number) and 10.1 (a 信函's first page down to its lower
double line). Rendered from plain dicts, read with pdfplumber; positions in mm
from the paper's top-left corner.
"""

import base64
import io

import pdfplumber
import pytest
from PIL import Image
from PIL import ImageDraw

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.pdf import render_official_pdf

from .test_typeset_conformance import DOWNWARD
from .test_typeset_conformance import MM
from .test_typeset_conformance import PLAIN
from .test_typeset_conformance import UPWARD
from .test_typeset_conformance import _line
from .test_typeset_conformance import _lines
from .test_typeset_formats import LETTER


def _seal_png():
    """A red ring on a transparent ground, as a bureau's seal image is."""
    image = Image.new("RGBA", (420, 420), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 410, 410), outline=(230, 0, 0, 255), width=14)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


SEAL = _seal_png()
LONG_TITLE = "关于做好2026年度黄河下游防洪工程汛前检查和防汛物资储备工作的通知"


def _read(fields):
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        return [(page, _lines(page)) for page in pdf.pages]


def _numbers(lines):
    return [line for line in lines if line[5].replace(" ", "").startswith("—")]


def _has_colophon(lines):
    return any("印发" in line[5] for line in lines)


# 7.3.1: long titles


@pytest.mark.parametrize(
    "title",
    [
        LONG_TITLE,
        "长垣河务局关于申请拨付2026年度堤防工程维修养护专项经费的请示",
        "黄河水利委员会河南黄河河务局关于转发水利部关于做好2026年汛期安全生产工作的通知的通知",
    ],
)
def test_r_t1_long_title_lines_are_even_and_keep_words_whole(title):
    lines = rules.title_lines(title)
    assert "".join(lines) == title
    assert len(lines) == -(-rules.text_width_chars(title) // rules.TITLE_CHARS_PER_LINE)
    widths = [rules.text_width_chars(line) for line in lines]
    assert max(widths) <= rules.TITLE_CHARS_PER_LINE
    assert max(widths) - min(widths) <= 4
    for line in lines[1:]:
        assert not line.startswith(("于", "年", "号"))  # not inside 关于, 2026年, 〔〕号
    assert not any(line.endswith("关") for line in lines)


def test_r_t1_short_title_is_one_line_and_quotations_stay_whole():
    assert rules.title_lines("关于做好汛前检查的通知") == ["关于做好汛前检查的通知"]
    quoted = "“节水优先、空间均衡”"
    lines = rules.title_lines(f"关于在全局系统深入学习贯彻{quoted}治水思路的通知")
    assert any(quoted in line for line in lines)
    # A 书名 may break between its words; one longer than a line has to.
    lines = rules.title_lines("关于印发《长垣河务局公文处理和档案管理工作实施办法》的通知")
    assert lines == ["关于印发《长垣河务局公文处理和", "档案管理工作实施办法》的通知"]


def test_r_t1_long_title_set_centred_on_balanced_lines():
    pages = _read(dict(DOWNWARD, title=LONG_TITLE))
    _, lines = pages[0]
    title = [line for line in lines if line[4] == pytest.approx(rules.mm(22), abs=0.2)]
    assert ["".join(t[5].split()) for t in title] == rules.title_lines(LONG_TITLE)
    for line in title:
        assert (line[2] + line[3]) / 2 == pytest.approx(28 + 156 / 2, abs=1)
    assert title[1][0] - title[0][0] == pytest.approx(rules.LINE_PITCH, abs=0.2)


# 7.3.5.1: with a seal


@pytest.fixture(scope="module")
def sealed():
    with pdfplumber.open(
        io.BytesIO(render_official_pdf(dict(UPWARD, sealed=True, seal_image=SEAL)))
    ) as pdf:
        yield [(page, _lines(page), page.images) for page in pdf.pages]


def test_r_t1_sealed_date_four_characters_in_and_organ_centred_over_it(sealed):
    _, lines, _ = sealed[0]
    organ = next(line for line in lines if line[5] == "长垣河务局")
    date = next(line for line in lines if line[5] == "2026年11月25日")
    assert date[3] == pytest.approx(184 - 4 * rules.CHAR_PITCH, abs=1)
    assert (organ[2] + organ[3]) / 2 == pytest.approx((date[2] + date[3]) / 2, abs=1)
    assert date[0] - organ[0] == pytest.approx(rules.LINE_PITCH, abs=0.2)


def test_r_t1_seal_centred_on_the_date_its_top_within_one_line_of_the_text(sealed):
    _, lines, images = sealed[0]
    (seal,) = images
    left, top, right, bottom = (seal[k] * MM for k in ("x0", "top", "x1", "bottom"))
    assert right - left == pytest.approx(rules.SEAL_DIAMETER, abs=0.5)
    date = next(line for line in lines if line[5] == "2026年11月25日")
    organ = next(line for line in lines if line[5] == "长垣河务局")
    assert (left + right) / 2 == pytest.approx((date[2] + date[3]) / 2, abs=1)
    # The text above it: the 附件说明; its characters' bottom edge.
    above = _line(lines, "附件：维修经费预算表")
    gap = top - (above[1] + above[4])
    assert 0 < gap <= rules.LINE_PITCH
    # The 署名 and the date sit below the seal's centre (居印章中心偏下).
    pair_middle = (organ[1] + date[1] + date[4]) / 2
    assert pair_middle > (top + bottom) / 2


def test_r_t1_sealed_without_an_image_leaves_the_layout_and_no_image():
    pages = _read(dict(UPWARD, sealed=True))
    _, lines = pages[0]
    date = next(line for line in lines if line[5] == "2026年11月25日")
    assert date[3] == pytest.approx(184 - 4 * rules.CHAR_PITCH, abs=1)
    assert not pages[0][0].images


def _is_body_line(line):
    """A line of the 正文 (made of PLAIN's characters, in 3号, from the left of the 版心)."""
    return (
        set(line[5].replace(" ", "")) <= set(PLAIN)
        and line[4] == pytest.approx(rules.mm(rules.BODY_SIZE_PT), abs=0.1)
        and line[2] < 28 + 2 * rules.CHAR_PITCH + 1
    )


def test_r_t1_signature_is_never_alone_on_a_page():
    # The page with the seal carries 正文 (7.3.5.1): at least the last line of a paragraph.
    for count in range(1, 9):
        fields = dict(DOWNWARD, sealed=True, text="".join(f"<p>{PLAIN}</p>" for _ in range(count)))
        for _, lines in _read(fields):
            if any(line[5] == "2026年11月25日" for line in lines):
                assert any(_is_body_line(line) for line in lines), count


def test_r_t1_signer_name_in_kaiti(sealed):
    page, _, _ = sealed[0]
    name = [c for c in page.chars if c["text"] in "张三" and c["top"] * MM < 130]
    assert name and all("Kai" in c["fontname"] for c in name)


# 7.4 / 8: the 版记 on an even page


def test_r_t1_short_document_puts_the_colophon_on_the_back_of_its_sheet():
    pages = _read(UPWARD)
    assert len(pages) == 2
    assert not _has_colophon(pages[0][1])
    assert _has_colophon(pages[1][1])
    # Page 2 follows the text directly (no blank page before it): it is numbered.
    assert _numbers(pages[1][1])[0][5].replace(" ", "") == "—2—"


def _ending_on_a_full_even_page():
    """A 下行文 whose text fills page 2 so that its 版记 cannot follow it there."""
    for count in range(4, 12):
        fields = dict(DOWNWARD, text="".join(f"<p>{PLAIN}</p>" for _ in range(count)))
        pages = _read(fields)
        body_end = max(
            i
            for i, (_, lines) in enumerate(pages, 1)
            if any(PLAIN[:10] in line[5] for line in lines)
        )
        if body_end % 2 == 0 and len(pages) == body_end + 2:
            return pages, body_end
    raise AssertionError("no text length ends on a full even page")


def test_r_t1_blank_page_before_the_colophon_and_neither_numbered():
    pages, body_end = _ending_on_a_full_even_page()
    blank_page, blank_lines = pages[body_end]
    colophon_page, colophon_lines = pages[body_end + 1]
    assert not blank_lines and not blank_page.rects
    assert _has_colophon(colophon_lines)
    assert not _numbers(colophon_lines)
    assert all(not _has_colophon(lines) for _, lines in pages[:-1])
    # The pages with text keep their numbers.
    assert _numbers(pages[body_end - 1][1])[0][5].replace(" ", "") == f"—{body_end}—"


def test_r_t1_colophon_every_page_count_ends_on_an_even_page():
    for count in range(1, 9):
        pages = _read(dict(DOWNWARD, text="".join(f"<p>{PLAIN}</p>" for _ in range(count))))
        assert len(pages) % 2 == 0, count
        assert _has_colophon(pages[-1][1])


# 10.1: the 信函's first page


def test_r_t1_letter_first_page_runs_down_to_its_lower_double_line():
    assert rules.letter_first_page_lines() == 23
    page, lines = _read(LETTER)[0]
    text = [line for line in lines if line[4] == pytest.approx(rules.mm(16), abs=0.2)]
    last = text[-1]
    lower_rule_top = min(r["top"] for r in page.rects if r["top"] * MM > 200) * MM
    distance = lower_rule_top - (last[1] + last[4])
    assert distance >= rules.LETTER_TEXT_ABOVE_RULE * rules.mm(16) - 0.2
    # …and no further than the next line would need: the page is used to the end.
    assert distance < rules.LETTER_TEXT_ABOVE_RULE * rules.mm(16) + rules.LINE_PITCH
    assert last[1] == pytest.approx(
        37 + (rules.letter_first_page_lines() - 1) * rules.LINE_PITCH, abs=0.5
    )
