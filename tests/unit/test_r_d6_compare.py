"""R-D6 (R-A2): two versions of a Word 正文 side by side — paragraphs aligned, characters
marked, tables cell by cell, pictures by their bytes, unchanged stretches folded, every text
escaped — and one version's own tracked changes with their authors."""

import re
import time

from collective.gongwen.wordbody.compare import ADDED
from collective.gongwen.wordbody.compare import CHANGED
from collective.gongwen.wordbody.compare import COLLAPSED
from collective.gongwen.wordbody.compare import REMOVED
from collective.gongwen.wordbody.compare import SAME
from collective.gongwen.wordbody.compare import collapse
from collective.gongwen.wordbody.compare import compare
from collective.gongwen.wordbody.compare import diff_text
from collective.gongwen.wordbody.compare import render_rows
from collective.gongwen.wordbody.docx import read_document
from tests.support import wordfiles as wf


def doc(*blocks):
    return read_document(wf.make_docx(list(blocks)))


def states(rows):
    return [row.state for row in rows]


def test_r_d6_compare_twenty_pages_fast_and_finds_every_edit():
    old = read_document(wf.twenty_pages())
    new = read_document(wf.twenty_pages(revised=True))
    started = time.perf_counter()
    rows = compare(old, new)
    html = render_rows(rows)
    seconds = time.perf_counter() - started
    print(f"compare + render of two 20-page versions: {seconds * 1000:.1f} ms")
    assert seconds < 3
    counted = {state: states(rows).count(state) for state in (SAME, CHANGED, ADDED, REMOVED)}
    # revised: every 11th paragraph edited, every 37th removed, every 29th followed by a new one,
    # one table cell changed
    assert counted[ADDED] == 3 and counted[REMOVED] == 2
    assert counted[CHANGED] == 10  # 9 paragraphs and the table
    assert "修改 10 处，新增 3 段，删除 2 段。" in html
    table = next(row for row in rows if row.kind == "table" and row.state == CHANGED)
    assert "<del>1" in table.left and "<ins>2" in table.right  # 1800 → 2300 stones
    assert "中牟河务局" in table.left and "<td>中牟河务局</td>" in table.right
    assert html.count("已折叠") >= 10


def test_r_d6_compare_marks_characters_inside_a_changed_paragraph():
    rows = compare(
        doc(wf.heading("总体要求"), wf.paragraph("各单位要高度重视防汛工作。"), wf.paragraph("同")),
        doc(
            wf.heading("总体要求"),
            wf.paragraph("各单位必须高度重视防汛工作，不得懈怠。"),
            wf.paragraph("同"),
        ),
    )
    assert states(rows) == [SAME, CHANGED, SAME]
    assert rows[1].left == "<p>各单位<del>要</del>高度重视防汛工作。</p>"
    assert rows[1].right == "<p>各单位<ins>必须</ins>高度重视防汛工作<ins>，不得懈怠</ins>。</p>"
    assert rows[0].left.startswith('<p class="gongwen-compare-heading level-1"><strong>一、')


def test_r_d6_compare_pairs_similar_paragraphs_and_adds_or_removes_the_rest():
    old = doc(
        wf.paragraph("第一段保持不变的内容。"),
        wf.paragraph("将被删除的一段，与新文毫无相似之处。"),
        wf.paragraph("第三段内容基本相同，只改一个字。"),
    )
    new = doc(
        wf.paragraph("第一段保持不变的内容。"),
        wf.paragraph("全新插入的段落。"),
        wf.paragraph("第三段内容基本相同，只改一字。"),
        wf.paragraph("末尾新增。"),
    )
    rows = compare(old, new)
    assert states(rows) == [SAME, REMOVED, ADDED, CHANGED, ADDED]
    assert rows[1].left.startswith("<p><del>将被删除") and rows[1].right == ""
    assert rows[2].right == "<p><ins>全新插入的段落。</ins></p>"
    assert "<del>个</del>" in rows[3].left


def test_r_d6_compare_a_paragraph_made_a_heading_is_a_change_of_one_block():
    rows = compare(doc(wf.paragraph("加强值班")), doc(wf.heading("加强值班")))
    assert states(rows) == [CHANGED]
    assert "<ins>一、</ins>" in rows[0].right and "level-1" in rows[0].right


def test_r_d6_compare_tables_cell_by_cell_with_rows_added():
    old = doc(wf.table([["单位", "数量"], ["长垣", "10"], ["封丘", "20"]]))
    new = doc(wf.table([["单位", "数量"], ["长垣", "15"], ["封丘", "20"], ["原阳", "30"]]))
    (row,) = compare(old, new)
    assert row.state == CHANGED and row.kind == "table"
    assert (
        '<tr class="gongwen-compare-changed"><td>长垣</td><td>1<del>0</del></td></tr>' in row.left
    )
    assert "<td>1<ins>5</ins></td>" in row.right
    assert (
        '<tr class="gongwen-compare-added"><td><ins>原阳</ins></td><td><ins>30</ins></td>'
        in row.right
    )


def test_r_d6_compare_pictures_by_their_bytes():
    red, blue = wf.png(color=(200, 0, 0)), wf.png(color=(0, 0, 200))
    same = compare(doc(wf.image(red)), doc(wf.image(red)))
    assert states(same) == [SAME]
    (changed,) = compare(doc(wf.image(red)), doc(wf.image(blue)))
    assert changed.state == CHANGED
    assert changed.left.startswith('<p class="gongwen-compare-image"><del>［图片 240×120')
    assert "<ins>［图片 240×120" in changed.right


def test_r_d6_compare_shows_accepted_text_of_each_version():
    old = doc(wf.paragraph("原文", wf.ins("新增")))
    new = doc(wf.paragraph("原文新增"))
    assert states(compare(old, new)) == [SAME]  # the tracked insertion is accepted text
    rejected = doc(wf.paragraph("原文", wf.delete("旧字")))
    assert states(compare(rejected, doc(wf.paragraph("原文")))) == [SAME]


def test_r_d6_compare_escapes_every_text():
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
    rows = compare(doc(wf.paragraph("安全")), doc(wf.paragraph(hostile), wf.table([[hostile]])))
    html = render_rows(rows)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&amp;amp;" in html


def test_r_d6_collapse_folds_long_unchanged_stretches_and_keeps_context():
    old = doc(*[wf.paragraph(f"第{i}段。") for i in range(20)])
    new = doc(*[wf.paragraph(f"第{i}段。" if i != 10 else "第十段，已改。") for i in range(20)])
    rows = collapse(compare(old, new))
    assert states(rows) == [COLLAPSED, SAME, CHANGED, SAME, COLLAPSED]
    assert rows[0].count == 9 and rows[-1].count == 8
    assert "（相同内容 9 段，已折叠）" in render_rows(compare(old, new))
    # three unchanged rows are shown, not folded
    short = collapse(
        compare(doc(*[wf.paragraph(f"{i}") for i in range(3)]), doc(wf.paragraph("x")))
    )
    assert COLLAPSED not in states(short)


def test_r_d6_identical_versions_say_so():
    data = wf.twenty_pages()
    html = render_rows(compare(read_document(data), read_document(data)))
    assert "两个版本的正文内容相同。" in html
    assert re.findall(r"（相同内容 (\d+) 段，已折叠）", html) == [
        str(len(read_document(data).blocks))
    ]


def test_r_d6_diff_text_goes_by_sentence_on_very_long_paragraphs():
    long_old = "".join(f"第{i}条，各单位要加强值班。" for i in range(300))
    long_new = long_old.replace("第0条，各单位要加强值班。", "第0条，各单位必须加强值班。")
    started = time.perf_counter()
    left, right = diff_text(long_old, long_new)
    assert time.perf_counter() - started < 1
    assert left.startswith("<del>第0条，各单位要加强值班。</del>第1条")  # whole sentences
    assert right.startswith("<ins>第0条，各单位必须加强值班。</ins>第1条")
