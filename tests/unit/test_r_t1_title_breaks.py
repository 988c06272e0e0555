"""R-T1: a long title breaks between words (GB/T 9704-2012 7.3.1 「回行时，要做到词意完整」).

Issue 19: the title of the demo's 通知 broke 「财|务」. The lines are chosen by
``rules.title_lines`` at the words ``title_words`` finds; these tests hold them
against titles segmented by hand (the oracle is the hand segmentation, not
jieba), against the 禁则, and against the PDF (the engine sets the lines as
computed, inside the 版心).
"""

import io
import itertools

import pdfplumber
import pytest

from collective.gongwen.typeset import rules
from collective.gongwen.typeset.pdf import render_official_pdf
from collective.gongwen.typeset.title_words import title_words

from .test_typeset_conformance import DOWNWARD
from .test_typeset_conformance import _lines

# Titles of the demo and of a river bureau's daily work, their words split by hand.
SEGMENTED = [
    "关于/印发/《/长垣/河务局/财务/报销/管理/办法/》/的/通知",
    "关于/周营/控导/工程/根石/加固/项目/竣工/验收/情况/的/报告",
    "关于/调整/长垣/河务局/防汛/抗旱/指挥部/成员/单位/及/职责/分工/的/通知",
    "关于/举办/全市/基层/水利站所/负责人/业务/能力/提升/培训班/的/通知",
    "关于/做好/2026年度/黄河/长垣段/堤防/工程/维修/养护/和/汛前/准备/工作/以及/防汛/物资/储备/"
    "管理/工作/的/通知",
    "关于/进一步/加强/和/改进/新形势下/机关/党建/工作/的/实施/意见",
    "关于/转发/水利部/关于/进一步/加强/水利工程/建设/质量/管理/工作/意见/的/通知",
    "关于/印发/《/长垣河务局/2026年/防汛/工作/方案/》/的/通知",
    "长垣市/人民政府/关于/做好/黄河/滩区/迁安/救护/准备/工作/的/函",
]


def _breaks(lines):
    return set(itertools.accumulate(len(line) for line in lines[:-1]))


@pytest.mark.parametrize("segmented", SEGMENTED, ids=range(len(SEGMENTED)))
def test_r_t1_title_breaks_only_between_words(segmented):
    title = segmented.replace("/", "")
    between_words = set(itertools.accumulate(len(word) for word in segmented.split("/")))
    lines = rules.title_lines(title)
    assert "".join(lines) == title
    assert _breaks(lines) <= between_words, " | ".join(lines)
    assert len(lines) == -(-rules.text_width_chars(title) // rules.TITLE_CHARS_PER_LINE)
    assert all(rules.text_width_chars(line) <= rules.TITLE_CHARS_PER_LINE for line in lines)
    for line in lines[1:]:
        assert line[0] not in rules.NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in rules.NO_LINE_END, lines


def test_r_t1_report_title_breaks_before_the_word_it_split():
    """The title of issue 19's 通知: 「财务」 stays whole, the lines are 10 and 12 characters."""
    lines = rules.title_lines("关于印发《长垣河务局财务报销管理办法》的通知")
    assert lines == ["关于印发《长垣河务局", "财务报销管理办法》的通知"]


@pytest.mark.parametrize("word", ["以及", "目的", "和谐", "参与"])
def test_r_t1_title_never_breaks_inside_words_that_begin_or_end_in_a_conjunction(word):
    # 的/和/与/及 are good places to break only where they are words of their own.
    for cut in range(6, 15):
        title = f"关于{'防汛检查工作安排部署落实'[: cut - 2]}{word}单位职责分工和工作要求的通知"
        lines = rules.title_lines(title)
        assert not any(
            line.endswith(word[0]) and nxt.startswith(word[1:])
            for line, nxt in itertools.pairwise(lines)
        ), lines


def test_r_t1_word_longer_than_a_line_still_breaks():
    name = "黄河水利委员会河南黄河河务局新乡黄河河务局长垣河务局"  # one organ's name, 25 characters
    lines = rules.title_lines(f"关于{name}的通知")
    assert len(lines) == 2
    assert all(rules.text_width_chars(line) <= rules.TITLE_CHARS_PER_LINE for line in lines)


def test_r_t1_title_of_only_unbreakable_characters_still_fits_the_lines():
    for title in ("“" * 45, "，" * 50, "关于" + "啊" * 60):
        lines = rules.title_lines(title)
        assert "".join(lines) == title
        assert all(rules.text_width_chars(line) <= rules.TITLE_CHARS_PER_LINE for line in lines)


def test_r_t1_title_words_keep_the_whole_title():
    title = "关于印发《长垣河务局2026年防汛工作方案》的通知"
    words = title_words(title)
    assert "".join(words) == title
    assert {"河务局", "防汛"} <= set(words) or "长垣河务局" in words
    assert title_words("") == []


@pytest.mark.parametrize(
    "title",
    [
        "关于印发《长垣河务局财务报销管理办法》的通知",
        "关于贯彻执行GB/T 9704-2012《党政机关公文格式》国家标准情况的报告",
    ],
)
def test_r_t1_title_lines_in_the_pdf_are_those_computed(title):
    with pdfplumber.open(io.BytesIO(render_official_pdf(dict(DOWNWARD, title=title)))) as pdf:
        lines = _lines(pdf.pages[0])
    set_lines = [line for line in lines if line[4] == pytest.approx(rules.mm(22), abs=0.2)]
    assert ["".join(line[5].split()) for line in set_lines] == [
        "".join(line.split()) for line in rules.title_lines(title)
    ]
    for line in set_lines:  # inside the 版心, centred
        assert line[2] >= 28 - 0.5
        assert line[3] <= 28 + rules.TEXT_WIDTH + 0.5
        assert (line[2] + line[3]) / 2 == pytest.approx(28 + rules.TEXT_WIDTH / 2, abs=1)


def test_r_t1_title_of_wide_latin_letters_stays_inside_the_text_block():
    """Capitals wider than the half character they are counted as: broken again, not cut off."""
    title = "关于WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM系统升级的通知"
    with pdfplumber.open(io.BytesIO(render_official_pdf(dict(DOWNWARD, title=title)))) as pdf:
        lines = _lines(pdf.pages[0])
    set_lines = [line for line in lines if line[4] == pytest.approx(rules.mm(22), abs=0.2)]
    assert "".join("".join(line[5].split()) for line in set_lines) == "".join(title.split())
    for line in set_lines:
        assert line[2] >= 28 - 0.5
        assert line[3] <= 28 + rules.TEXT_WIDTH + 0.5
