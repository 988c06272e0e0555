"""R-T1: the special formats of GB/T 9704-2012 §10 (信函, 命令(令), 纪要), measured.

Rendered from plain dicts with ``format`` set, read with pdfplumber; positions
in mm from the paper's top-left corner, a line's top being its characters'
top edge (see ``test_typeset_conformance``).
"""

import base64
import datetime
import io

import pdfplumber
import pytest
from PIL import Image
from PIL import ImageDraw

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.layout import official_html
from collective.gongwen.typeset.pdf import render_official_pdf

from .test_typeset_conformance import DOWNWARD
from .test_typeset_conformance import MM
from .test_typeset_conformance import PLAIN
from .test_typeset_conformance import _line
from .test_typeset_conformance import _lines
from .test_typeset_conformance import _red_rules

COMMON = {
    "issuer_mark": "长垣河务局文件",
    "copy_number": "12",
    "urgency": "加急",
    "classification": "非密",
    "text": "<p>为做好汛前检查工作，现商请贵局协助。</p>",
    "written_date": datetime.date(2026, 11, 25),
    "cc_recipients": ["新乡河务局"],
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 11, 25),
}

LETTER = dict(
    COMMON,
    format="letter",
    issue_number="长河函〔2026〕3号",
    title="关于商请协助开展堤防检查的函",
    main_recipients=["濮阳河务局"],
    # Long enough for a second page, which does carry its page number.
    text="".join(f"<p>{PLAIN}</p>" for _ in range(8)),
    signing_organ="长垣河务局",
)

ORDER = dict(
    COMMON,
    format="order",
    issue_number="第3号",
    title="长垣河务局令",
    main_recipients=["局属各单位"],
    signer_title="局长",
    signer="张三",
)

MINUTES = dict(
    COMMON,
    format="minutes",
    issue_number="第5期",
    title="局长办公会议纪要",
    main_recipients=["局属各单位"],
    signing_organ="长垣河务局",
    attendees=["张三", "李四"],
    absent=["王五"],
    observers=["赵六"],
)


def _read(fields):
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        return [(page, _lines(page), _red_rules(page)) for page in pdf.pages]


@pytest.fixture(scope="module")
def letter():
    return _read(LETTER)


@pytest.fixture(scope="module")
def order():
    return _read(ORDER)


@pytest.fixture(scope="module")
def minutes():
    return _read(MINUTES)


def _is_red(page, text):
    colours = {c["non_stroking_color"] for c in page.chars if c["text"] in text}
    return (1.0, 0.0, 0.0) in {tuple(round(v, 2) for v in c) for c in colours if c}


def _page_numbers(lines):
    return [line for line in lines if line[5].replace(" ", "").startswith("—")]


def test_format_marks():
    assert rules.format_mark("letter", "长垣河务局文件") == "长垣河务局"
    assert rules.format_mark("order", "长垣河务局文件") == "长垣河务局令"
    assert rules.format_mark("minutes", "长垣河务局文件") == "长垣河务局纪要"
    assert rules.format_mark("document", "长垣河务局文件") == "长垣河务局文件"
    assert rules.doc_kind_format("order") == "order"
    assert rules.doc_kind_format("letter") == "letter"
    assert rules.doc_kind_format("minutes") == "minutes"
    assert rules.doc_kind_format("notice") == "document"


def test_default_format_is_the_document_format():
    assert official_html(DOWNWARD) == official_html(dict(DOWNWARD, format="document"))
    with pytest.raises(ValueError):
        official_html(dict(DOWNWARD, format="poster"))


# 10.1 信函格式


def test_letter_mark_red_centred_30_mm_from_the_paper_top(letter):
    page, lines, _ = letter[0]
    mark = lines[0]
    assert mark[5] == "长垣河务局"
    assert mark[1] == pytest.approx(rules.LETTER_MARK_TOP, abs=1)
    assert (mark[2] + mark[3]) / 2 == pytest.approx(28 + 156 / 2, abs=1)
    assert _is_red(page, "长垣河务局")


def test_letter_double_lines_under_the_mark_and_20_mm_above_the_bottom(letter):
    _, lines, red = letter[0]
    mark = lines[0]
    mark_bottom = mark[1] + mark[4]
    tops = sorted({round(r["top"] * MM, 1) for r in red})
    bottoms = sorted({round(r["bottom"] * MM, 1) for r in red})
    for rule in red:
        assert rule["x0"] * MM == pytest.approx(20, abs=0.5)
        assert rule["x1"] * MM == pytest.approx(190, abs=0.5)
    # The upper double line 4 mm below the mark, the lower one 20 mm above the edge.
    assert min(tops) - mark_bottom == pytest.approx(rules.LETTER_RULE_BELOW_MARK, abs=1)
    assert max(bottoms) == pytest.approx(297 - 20, abs=1)
    # Each is two strokes: 1.6 mm from the top of the first to the bottom of the second.
    double = rules.LETTER_RULE_THICK + rules.LETTER_RULE_GAP + rules.LETTER_RULE_THIN
    upper = [r for r in red if r["top"] * MM < 100]
    assert max(r["bottom"] for r in upper) * MM - min(tops) == pytest.approx(double, abs=0.2)


def test_letter_marks_left_and_issue_number_right_under_the_double_line(letter):
    _, lines, red = letter[0]
    rule_bottom = max(r["bottom"] for r in red if r["top"] * MM < 100) * MM
    number = _line(lines, "长河函〔2026〕3号")
    assert number[5].startswith("000012")
    assert number[1] - rule_bottom == pytest.approx(7 / 8 * rules.mm(16), abs=1)
    assert number[2] == pytest.approx(28, abs=1)
    assert number[3] == pytest.approx(184, abs=1)
    assert _line(lines, "加急")[2] == pytest.approx(28, abs=1)


def test_letter_no_page_number_on_the_first_page(letter):
    assert len(letter) >= 2
    assert not _page_numbers(letter[0][1])
    assert _page_numbers(letter[1][1])[0][5].replace(" ", "") == "—2—"


def test_letter_colophon_only_cc_without_rules(letter):
    page, lines, _ = letter[-1]
    assert _line(lines, "抄送：新乡河务局。")
    assert not any("印发" in line[5] for _, page_lines, _ in letter for line in page_lines)
    black = [r for r in page.rects + page.lines if r not in _red_rules(page)]
    assert not black


# 10.2 命令(令)格式


def test_order_mark_ends_with_ling_20_mm_below_the_text_block_top(order):
    page, lines, _ = order[0]
    mark = _line(lines, "长垣河务局令")
    assert mark[5].endswith("令")
    assert mark[1] == pytest.approx(37 + rules.ORDER_MARK_TOP, abs=1)
    assert (mark[2] + mark[3]) / 2 == pytest.approx(106, abs=1)
    assert _is_red(page, "长垣河务局令")


def test_order_number_centred_two_lines_below_the_mark_then_the_text(order):
    _, lines, red = order[0]
    mark = _line(lines, "长垣河务局令")
    number = _line(lines, "第3号")
    assert (number[2] + number[3]) / 2 == pytest.approx(106, abs=1)
    assert number[1] - (mark[1] + mark[4]) == pytest.approx(2 * rules.LINE_PITCH, abs=1)
    text = _line(lines, "为做好汛前检查工作")
    assert text[1] - number[1] >= 3 * rules.LINE_PITCH - 1
    assert not red  # no red rule under the 令号
    assert not any("局属各单位" in line[5] for line in lines)


def test_order_signer_and_date_at_the_end_four_characters_in(order):
    _, lines, _ = order[0]
    text = _line(lines, "为做好汛前检查工作")
    signer = _line(lines, "局长张三")
    date = next(line for line in lines if line[5] == "2026年11月25日")
    assert signer[0] - text[0] == pytest.approx(3 * rules.LINE_PITCH, abs=0.5)
    assert date[0] - signer[0] == pytest.approx(2 * rules.LINE_PITCH, abs=0.5)
    for line in (signer, date):
        assert line[3] == pytest.approx(184 - 4 * rules.CHAR_PITCH, abs=1.5)
    # 签发人职务 two characters left of the name.
    assert signer[3] - signer[2] == pytest.approx(6 * rules.CHAR_PITCH, abs=1.5)


def test_order_signature_stamp_image_four_characters_in_with_the_post_centred_on_it():
    image = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((4, 4, 396, 156), outline=(200, 0, 0, 255), width=8)
    png = io.BytesIO()
    image.save(png, format="PNG")
    stamp = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    page, lines, _ = _read(dict(ORDER, signature_stamp=stamp))[0]
    (image_box,) = page.images
    left, top, right, bottom = (image_box[k] * MM for k in ("x0", "top", "x1", "bottom"))
    assert right == pytest.approx(184 - 4 * rules.CHAR_PITCH, abs=1)
    assert bottom - top == pytest.approx(rules.SIGNATURE_STAMP_LINES * rules.LINE_PITCH, abs=0.5)
    post = _line(lines, "局长")
    assert post[5] == "局长"  # the name is the stamp, not printed
    assert post[1] + post[4] / 2 == pytest.approx((top + bottom) / 2, abs=1)
    assert left - post[3] == pytest.approx(rules.ORDER_TITLE_GAP * rules.CHAR_PITCH, abs=1)
    date = next(line for line in lines if line[5] == "2026年11月25日")
    assert rules.LINE_PITCH <= date[1] - bottom <= 2 * rules.LINE_PITCH
    assert date[3] == pytest.approx(184 - 4 * rules.CHAR_PITCH, abs=1.5)


# 10.3 纪要格式


def test_minutes_mark_ends_with_jiyao_35_mm_below_the_text_block_top(minutes):
    page, lines, _ = minutes[0]
    mark = _line(lines, "长垣河务局纪要")
    assert mark[5].endswith("纪要")
    assert mark[1] == pytest.approx(37 + 35, abs=1)
    assert _is_red(page, "长垣河务局纪要")


def test_minutes_attendance_lines_and_no_recipients_or_signature(minutes):
    page, lines, _ = minutes[0]
    text = _line(lines, "为做好汛前检查工作")
    present = _line(lines, "出席：张三、李四")
    assert present[0] - text[0] == pytest.approx(2 * rules.LINE_PITCH, abs=0.5)
    assert present[2] == pytest.approx(28 + 2 * rules.CHAR_PITCH, abs=1)
    assert _line(lines, "请假：王五")[0] - present[0] == pytest.approx(rules.LINE_PITCH, abs=0.5)
    assert _line(lines, "列席：赵六")
    label = {c["fontname"] for c in page.chars if c["text"] == "出"}
    name = {c["fontname"] for c in page.chars if c["text"] == "张"}
    assert label != name  # 黑体 label, 仿宋 names
    assert not any("局属各单位" in line[5] for line in lines)
    assert not any(line[5] == "长垣河务局" for line in lines)
