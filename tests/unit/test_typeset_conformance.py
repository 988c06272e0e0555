"""R-T1: the official PDF measured against GB/T 9704-2012.

Rendered from plain dicts, read with pdfplumber.

Positions are in mm from the paper's top-left corner. A line's "top" is the
top edge of its characters' ideographic em box (0.88 em above the baseline),
which is what the standard measures.
"""

import datetime
import io

import pdfplumber
import pytest

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.pdf import render_official_pdf

MM = 25.4 / 72
# A paragraph of plain Chinese (no punctuation, no digits): 28 to a full line.
PLAIN = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下各单位要高度重视" * 4

UPWARD = {
    "issuer_mark": "长垣河务局文件",
    "issue_number": "长河〔2026〕7号",
    "direction": "upward",
    "doc_kind": "请示",
    "signer": "张三",
    "urgency": "加急",
    "classification": "非密",
    "title": "关于堤防工程维修经费的请示",
    "main_recipients": ["新乡河务局"],
    "text": "<p>妥否，请批示。</p>",
    "attachment_note": ["维修经费预算表。"],
    "signing_organ": "长垣河务局",
    "written_date": datetime.date(2026, 11, 25),
    "remarks": "联系人：李四",
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 11, 25),
}

DOWNWARD = {
    "issuer_mark": "长垣河务局文件",
    "issue_number": "长河〔2026〕8号",
    "direction": "downward",
    "doc_kind": "通知",
    "signer": "张三",
    "title": "关于做好汛前检查的通知",
    "main_recipients": ["局属各单位"],
    "text": "".join(f"<p>{PLAIN}</p>" for _ in range(12)),
    "attachment_note": ["1. 防汛物资清单", "2. 工程量表"],
    "signing_organ": "长垣河务局",
    "written_date": datetime.date(2026, 11, 25),
    "cc_recipients": ["濮阳河务局", "新乡市水利局"],
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 11, 25),
}


def _lines(page):
    """Text lines of ``page``: [(baseline, top, x0, x1, size, text)], top to bottom."""
    rows = {}
    for char in page.chars:
        baseline = round((page.height - char["matrix"][5]) * MM, 1)
        rows.setdefault(baseline, []).append(char)
    lines = []
    for baseline in sorted(rows):
        chars = sorted(rows[baseline], key=lambda c: c["x0"])
        size = chars[0]["size"] * MM
        text = "".join(c["text"] for c in chars)
        lines.append(
            (
                baseline,
                baseline - 0.88 * size,
                chars[0]["x0"] * MM,
                chars[-1]["x1"] * MM,
                size,
                text,
            )
        )
    return lines


def _red_rules(page):
    found = []
    for obj in page.rects + page.lines:
        colour = obj.get("non_stroking_color") or obj.get("stroking_color")
        if colour and tuple(round(c, 2) for c in colour) == (1.0, 0.0, 0.0):
            found.append(obj)
    return found


@pytest.fixture(scope="module")
def upward():
    with pdfplumber.open(io.BytesIO(render_official_pdf(UPWARD))) as pdf:
        yield [(page, _lines(page), _red_rules(page)) for page in pdf.pages]


@pytest.fixture(scope="module")
def downward():
    with pdfplumber.open(io.BytesIO(render_official_pdf(DOWNWARD))) as pdf:
        yield [(page, _lines(page), _red_rules(page)) for page in pdf.pages]


def _line(lines, text):
    return next(line for line in lines if text in line[5])


def test_r_t1_page_size_is_a4(upward, downward):
    for page, _, _ in upward + downward:
        assert page.width * MM == pytest.approx(210, abs=1)
        assert page.height * MM == pytest.approx(297, abs=1)


def test_r_t1_downward_notice_runs_over_several_pages(downward):
    assert len(downward) >= 3


def test_r_t1_body_starts_at_the_binding_margin(downward):
    _, lines, _ = downward[1]
    body = [line for line in lines if line[4] == pytest.approx(rules.mm(16), abs=0.1)]
    for line in body:
        # Paragraph starts are indented two characters; every other line starts at 28 mm.
        assert line[2] == pytest.approx(28, abs=1) or line[2] == pytest.approx(
            28 + 2 * rules.CHAR_PITCH, abs=1
        )
    assert any(line[2] == pytest.approx(28, abs=1) for line in body)


def test_r_t1_first_line_top_at_the_top_margin(downward):
    for _, lines, _ in downward[1:-1]:
        assert lines[0][1] == pytest.approx(37, abs=1)


def test_r_t1_issuer_mark_red_centred_35_mm_below_text_block_top(upward):
    page, lines, _ = upward[0]
    mark = _line(lines, "长垣河务局文件")
    assert mark[1] == pytest.approx(37 + 35, abs=1)
    assert (mark[2] + mark[3]) / 2 == pytest.approx(28 + 156 / 2, abs=1)
    colours = {c["non_stroking_color"] for c in page.chars if c["text"] in "长垣河务局文件"}
    assert (1.0, 0.0, 0.0) in {tuple(round(v, 2) for v in c) for c in colours if c}


def _rule_below_issue_number(document, number):
    _, lines, red = document[0]
    assert len(red) == 1
    rule = red[0]
    rule_y = (rule["top"] + rule["bottom"]) / 2 * MM
    baseline = _line(lines, number)[0]
    return rule, rule_y - baseline


def test_r_t1_red_rule_4_mm_below_the_issue_number(upward, downward):
    for document, number in ((upward, "长河〔2026〕7号"), (downward, "长河〔2026〕8号")):
        rule, distance = _rule_below_issue_number(document, number)
        # 1 mm tolerance: a rule 2 mm off fails.
        assert distance == pytest.approx(rules.RULE_BELOW_ISSUE_NUMBER, abs=1)
        assert rule["x0"] * MM == pytest.approx(28, abs=0.5)
        assert rule["x1"] * MM == pytest.approx(184, abs=0.5)


def test_r_t1_full_page_has_22_lines_of_28_characters(downward):
    _, lines, _ = downward[1]
    body = [line for line in lines if line[4] == pytest.approx(rules.mm(16), abs=0.1)]
    assert len(body) == rules.LINES_PER_PAGE
    pitches = {round(b[0] - a[0], 1) for a, b in zip(body, body[1:], strict=False)}
    assert all(p == pytest.approx(rules.LINE_PITCH, abs=0.2) for p in pitches)
    full = [line for line in body if line[2] == pytest.approx(28, abs=1) and line[3] > 180]
    assert full
    assert {len(line[5]) for line in full} == {rules.CHARS_PER_LINE}


def test_r_t1_upward_document_has_issue_number_left_and_signer_right(upward):
    _, lines, _ = upward[0]
    number_line = _line(lines, "长河〔2026〕7号")
    assert "签发人：张三" in number_line[5]
    assert number_line[2] == pytest.approx(28 + rules.CHAR_PITCH, abs=1)
    assert number_line[3] == pytest.approx(184 - rules.CHAR_PITCH, abs=1.5)


def test_r_t1_downward_document_has_centred_issue_number_and_no_signer(downward):
    _, lines, _ = downward[0]
    number_line = _line(lines, "长河〔2026〕8号")
    assert (number_line[2] + number_line[3]) / 2 == pytest.approx(106, abs=1)
    assert not any("签发人" in line[5] for _, lines, _ in downward for line in lines)


def test_r_t1_title_in_2hao(upward):
    _, lines, _ = upward[0]
    title = _line(lines, "关于堤防工程维修经费的请示")
    assert title[4] == pytest.approx(rules.mm(22), abs=0.1)


def test_r_t1_urgency_top_left(upward):
    _, lines, _ = upward[0]
    assert lines[0][5] == "加急"
    assert lines[0][1] == pytest.approx(37, abs=1)
    assert lines[0][2] == pytest.approx(28, abs=1)


def _page_number(lines):
    return next(line for line in lines if line[5].replace(" ", "").startswith("—"))


def test_r_t1_page_numbers_odd_right_even_left_7_mm_below_the_text_block(downward):
    for index, (_, lines, _) in enumerate(downward, 1):
        number = _page_number(lines)
        assert number[5].replace(" ", "") == f"—{index}—"
        assert number[1] == pytest.approx(262 + 7, abs=1)
        one_char = rules.mm(14)
        if index % 2:
            assert number[3] == pytest.approx(184 - one_char, abs=1)
        else:
            assert number[2] == pytest.approx(28 + one_char, abs=1)


def test_r_t1_attachment_note_and_signature(downward):
    lines = [line for _, page_lines, _ in downward for line in page_lines]
    assert _line(lines, "附件：1. 防汛物资清单")[2] == pytest.approx(
        28 + 2 * rules.CHAR_PITCH, abs=1
    )
    assert _line(lines, "2. 工程量表")
    organ = next(line for line in lines if line[5] == "长垣河务局")
    date = next(line for line in lines if line[5] == "2026年11月25日")
    # The date (longer than the 署名) 右空二字, the 署名 starting two characters left of it.
    assert date[3] == pytest.approx(184 - 2 * rules.CHAR_PITCH, abs=1.5)
    assert date[2] == pytest.approx(organ[2] + 2 * rules.CHAR_PITCH, abs=1)
    assert date[0] - organ[0] == pytest.approx(rules.LINE_PITCH, abs=0.2)


def test_r_t1_colophon_on_the_last_page_ending_on_the_text_block_bottom(downward):
    page, lines, _ = downward[-1]
    assert _line(lines, "抄送：濮阳河务局，新乡市水利局。")
    assert _line(lines, "2026年11月25日印发")
    bottoms = [r["bottom"] * MM for r in page.rects if r["x1"] * MM > 180]
    assert max(bottoms) == pytest.approx(262, abs=0.5)
