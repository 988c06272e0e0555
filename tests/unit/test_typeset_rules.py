"""R-T1 / R-T3: the GB/T 9704-2012 numbers and written forms (typeset/rules.py, plain Python)."""

import datetime

import pytest

from collective.gongwen.typeset import rules


def test_r_t1_page_and_text_block_geometry():
    assert (rules.PAGE_WIDTH, rules.PAGE_HEIGHT) == (210, 297)
    assert (rules.TOP_MARGIN, rules.LEFT_MARGIN) == (37, 28)
    assert (rules.TEXT_WIDTH, rules.TEXT_HEIGHT) == (156, 225)
    assert rules.RIGHT_MARGIN == 26
    assert rules.BOTTOM_MARGIN == 35
    assert rules.TEXT_BOTTOM == 262


def test_r_t1_22_lines_of_28_characters_fill_the_text_block():
    assert pytest.approx(225 / 22) == rules.LINE_PITCH
    assert rules.pt(rules.LINE_PITCH) == pytest.approx(28.99, abs=0.01)
    assert pytest.approx(156 / 28) == rules.CHAR_PITCH
    width = rules.CHARS_PER_LINE * (rules.mm(rules.BODY_SIZE_PT) + rules.body_letter_spacing())
    assert 155.8 < width <= 156


def test_r_t1_font_sizes():
    assert rules.BODY_SIZE_PT == 16  # 3号
    assert rules.TITLE_SIZE_PT == 22  # 2号
    assert rules.PAGE_NUMBER_SIZE_PT == 14  # 4号


def test_r_t1_masthead_distances():
    assert rules.ISSUER_MARK_TOP == 35
    assert rules.RULE_BELOW_ISSUE_NUMBER == 4
    assert rules.PAGE_NUMBER_BELOW_TEXT == 7


def test_r_t1_issuer_mark_shrinks_to_fit_the_text_block():
    assert rules.issuer_mark_size("长垣河务局文件") == 15
    long_mark = "中华人民共和国水利部黄河水利委员会河南黄河河务局文件"
    assert rules.issuer_mark_size(long_mark) * len(long_mark) <= 156


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.date(2026, 11, 25), "2026年11月25日"),
        (datetime.date(2026, 1, 5), "2026年1月5日"),
        (datetime.datetime(2026, 3, 9, 10, 30), "2026年3月9日"),
        ("2026-07-01", "2026年7月1日"),
        (None, ""),
    ],
)
def test_r_t1_written_date_in_arabic_numerals_without_leading_zeros(value, text):
    assert rules.format_date(value) == text


def test_r_t1_attachment_note_numbered_without_trailing_punctuation():
    lines = rules.attachment_lines(["1. 防汛物资清单。", "工程量表；", " 3、人员名单 "])
    assert lines == [("附件：", "1. 防汛物资清单"), ("", "2. 工程量表"), ("", "3. 人员名单")]


def test_r_t1_single_attachment_is_not_numbered():
    assert rules.attachment_lines(["1. 防汛物资清单."]) == [("附件：", "防汛物资清单")]
    assert rules.attachment_lines([]) == []
    assert rules.attachment_lines(["", "  "]) == []


def test_r_t1_header_marks_where_they_apply():
    assert rules.header_marks("1", "机密", "10年", "特急") == ["000001", "机密★10年", "特急"]
    assert rules.header_marks("", "秘密", "", "加急") == ["秘密", "加急"]
    assert rules.header_marks("", "非密", "", "普通") == []


def test_r_t1_recipients_cc_and_page_number_forms():
    assert rules.recipients_line(["各县局", "局属各单位"]) == "各县局、局属各单位："
    assert rules.cc_line(["濮阳河务局", "新乡市水利局"]) == "抄送：濮阳河务局，新乡市水利局。"
    assert rules.cc_line([]) == ""
    assert rules.page_number_text(1) == "— 1 —"


def test_r_t1_signature_without_seal():
    # 署名 右空二字; the date starts two characters right of the 署名's first character.
    organ = "黄河水利委员会河南黄河河务局"
    organ_right, date_left = rules.signature_offsets(organ, "2026年11月25日")
    assert organ_right == 2
    assert date_left == 28 - 2 - len(organ) + 2
    # A date longer than the 署名: the date 右空二字, the 署名 moves left.
    organ_right, date_left = rules.signature_offsets("长垣河务局", "2026年11月25日")
    assert date_left + rules.text_width_chars("2026年11月25日") == 26
    assert (organ_right, date_left) == (6, 19)


def test_r_t3_fonts_are_configurable_with_open_defaults():
    fonts = rules.Fonts()
    for family in (fonts.body, fonts.title, fonts.page_number):
        assert "Noto Serif CJK SC" in family
    assert "Noto Sans CJK SC" in fonts.heading
    assert rules.Fonts(body="'My FangSong'").body == "'My FangSong'"


def test_r_t1_printing_organ_defaults_to_the_units_office():
    assert rules.default_printing_organ("长垣河务局") == "长垣河务局办公室"
    assert rules.default_printing_organ("") == ""
