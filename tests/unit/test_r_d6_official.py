"""R-D6: the 套红 source of a Word 正文 is the HTML a rich-text 正文 would be — heading levels
as the typesetter lays them out (GB/T 9704-2012 7.3.3), the file's own look dropped, changes
accepted, comments out — and it passes the R-SEC5 sanitiser with nothing of meaning lost."""

import base64
import re

from lxml import html as lxml_html

from collective.gongwen.content.richtext import clean_body_html
from collective.gongwen.typeset import layout
from collective.gongwen.typeset import rules
from collective.gongwen.wordbody.docx import read_document
from collective.gongwen.wordbody.official import official_body_html
from tests.support import wordfiles as wf

EMF = b"\x01\x00\x00\x00" + bytes(36) + b" EMF" + bytes(64)  # an EMF header's signature


def official(*blocks):
    return official_body_html(read_document(wf.make_docx(list(blocks))))


def test_r_d6_official_body_is_what_the_rich_text_editor_writes():
    html = official(
        wf.heading("总体要求"),
        wf.paragraph("各单位要高度重视。"),
        wf.heading("工作措施", 2),
        wf.heading("明确分工", 3),
        wf.heading("落实到人", 4),
        wf.paragraph("具体要求如下。"),
    )
    assert html == (
        "<h2>一、总体要求</h2><p>各单位要高度重视。</p><h3>（一）工作措施</h3>"
        "<h4>1.明确分工</h4><h5>（1）落实到人</h5><p>具体要求如下。</p>"
    )


def test_r_d6_official_heading_levels_get_the_typesetters_fonts():
    html = official(wf.heading("总体要求"), wf.heading("工作措施", 2), wf.heading("分工", 3))
    document = layout.official_html({"title": "关于防汛的通知", "text": html})
    assert (
        '<div class="text"><h2>一、总体要求</h2><h3>（一）工作措施</h3><h4>1.分工</h4>' in document
    )
    fonts = rules.Fonts()
    css = re.sub(r"\s+", " ", document)
    assert f"h1, h2 {{ font-family: {fonts.heading}; }}" in css  # 一、 in 黑体
    assert f"h3 {{ font-family: {fonts.kai}; }}" in css  # （一） in 楷体
    assert not re.search(r"h[45][^{}]*\{[^}]*font-family", css)  # 1. and （1）: the body's 仿宋


def test_r_d6_official_drops_the_files_look_and_accepts_the_changes():
    html = official(
        wf.paragraph(
            wf.text("正文", font="宋体", size=24, color="FF0000"),
            wf.ins("插入", "李四"),
            wf.delete("删除", "王五"),
            wf.formatted("加粗"),
            wf.commented("此处", "批注的话"),
            changed_by=("张三", wf.DATE),
        ),
        wf.paragraph(""),
        wf.paragraph("黄河河务局", center=True),
    )
    assert html == (
        "<p>正文插入<strong>加粗</strong>此处</p>"
        '<p style="text-align: center; text-indent: 0">黄河河务局</p>'
    )
    for lost in ("宋体", "FF0000", "删除", "批注的话", "font", "size", "color"):
        assert lost not in html


def test_r_d6_official_bold_of_a_heading_is_the_layouts_not_the_files():
    html = official(wf.heading((wf.text("总体要求", bold=True),)))
    assert html == "<h2>一、总体要求</h2>"


def test_r_d6_official_tables_and_pictures():
    wide = wf.png((1180, 300))
    html = official(
        wf.table([["单位", "数量"], ["长垣", ("1", wf.ins("0"))]]),
        wf.image(wide),
        wf.image(EMF, 10, 10),
    )
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    table = root.find("table")
    assert table.get("border") == "1"  # and as a style, which the PDF renderer reads:
    assert {td.get("style") for td in table.iter("td")} == {"outline: 0.5pt solid black"}
    assert [[td.text for td in tr.iter("td")] for tr in table.iter("tr")] == [
        ["单位", "数量"],
        ["长垣", "10"],
    ]
    image = root.find("p/img")
    assert (image.get("width"), image.get("height")) == ("590", "150")  # the 版心's width
    assert base64.b64decode(image.get("src").split(",", 1)[1]) == wide
    assert image.get("src").startswith("data:image/png;base64,")
    assert root.findall("p")[-1].text_content() == "［图片：EMF 格式的图片无法显示］"


def test_r_d6_official_escapes_text_and_keeps_line_breaks():
    html = official(wf.paragraph('<script>x</script>&"甲\t乙'), wf.paragraph("第一行\n第二行"))
    assert html == '<p>&lt;script&gt;x&lt;/script&gt;&amp;"甲 乙</p><p>第一行<br>第二行</p>'


def test_r_d6_official_passes_the_sanitiser_unchanged():
    for data in (wf.twenty_pages(), wf.twenty_pages(revised=True)):
        html = official_body_html(read_document(data))
        assert clean_body_html(html) == html
    html = official(
        wf.heading("标题"),
        wf.paragraph("段落", center=True),
        wf.table([["甲"]]),
        wf.image(),
        wf.paragraph("a & b < c"),
    )
    assert clean_body_html(html) == html


def test_r_d6_official_twenty_pages_keeps_every_word_of_the_accepted_text():
    document = read_document(wf.twenty_pages())
    html = official_body_html(document)
    shown = lxml_html.fragment_fromstring(html, create_parent="div").text_content()
    for line in document.accepted_text().splitlines():
        for word in line.split("\t"):
            if not word.startswith("［图片"):
                assert word in shown
    assert html.count("<h2>") == 9 and html.count("<table") == 2 and html.count("<img") == 1
    assert "补充意见" in html and "请核实" not in html  # insertions accepted, comments out
