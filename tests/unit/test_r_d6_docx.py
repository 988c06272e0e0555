"""R-D6: a Word 正文 read into blocks — numbering labels, heading levels, tracked changes by
author, comments, the accepted text — and every kind of bad file refused with a reason."""

import io
import struct
import time
import zipfile

import pytest

from collective.gongwen.wordbody import package
from collective.gongwen.wordbody.docx import WordFileError
from collective.gongwen.wordbody.docx import read_document
from collective.gongwen.wordbody.numbering import format_number
from collective.gongwen.wordbody.numbering import heading_level_of_text
from collective.gongwen.wordbody.reasons import REASONS
from collective.gongwen.wordbody.reasons import reason_message
from tests.support import wordfiles as wf
from tests.support.bad_files import pdf_bytes

MB = 1024 * 1024


def refusal(data, limits=None):
    with pytest.raises(WordFileError) as raised:
        read_document(data, limits or package.DEFAULT_LIMITS)
    assert raised.value.code in REASONS
    return raised.value


def raw(body, **parts):
    return wf.make_docx([], document=wf.raw_document(body), parts=parts)


def p(text, ppr=""):
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


# The 20-page 通知.


def test_r_d6_reads_the_twenty_page_notice_quickly():
    data = wf.twenty_pages()
    started = time.perf_counter()
    document = read_document(data)
    seconds = time.perf_counter() - started
    print(f"read_document of the 20-page 通知 ({len(data)} bytes): {seconds * 1000:.0f} ms")
    assert seconds < 2
    kinds = [block.kind for block in document.blocks]
    assert kinds.count("table") == 2 and kinds.count("image") == 1
    levels = [block.level for block in document.blocks if block.kind == "heading"]
    assert levels.count(1) == 9 and levels.count(2) == 27 and levels.count(3) == 54
    assert levels.count(4) == 1  # 「（1）各单位……情况表」, by its text
    assert len(document.changes) == 30
    assert {change["author"] for change in document.changes} == set(wf.AUTHORS)
    assert {change["kind"] for change in document.changes} == {"ins", "del"}
    assert len(document.comments) == 3 and document.comments[0]["author"] == "李四"
    assert document.authors() == ["张三", "李四", "王五"]
    assert not document.has_macros
    headings = [block.text() for block in document.blocks if block.kind == "heading"]
    assert headings[:3] == [
        "一、切实加强防汛值班工作",
        "（一）防汛值班的第1项要求",
        "1.明确防汛值班职责分工（1-1-1）",
    ]
    assert "九、切实加强通信保障工作" in headings
    stock = next(block for block in document.blocks if block.kind == "table")
    assert stock.cell_texts()[0][2] == "编织袋（万条）" and len(stock.rows) == 7
    image = next(block for block in document.blocks if block.kind == "image")
    assert image.content_type == "image/png" and (image.width, image.height) == (480, 240)
    assert image.image.startswith(b"\x89PNG")


# Numbering labels.

NUMBERING_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{wf.W}">'


def numbering(levels, nums='<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'):
    lvls = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for ilvl, fmt, text, start, extra in levels
    )
    abstract = f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
    return f"{NUMBERING_HEAD}{abstract}{nums}</w:numbering>"


def numbered(text, ilvl=0, num=1):
    return p(text, f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')


def labels(data):
    return [block.label for block in read_document(data).blocks]


def test_r_d6_numbering_labels_count_and_restart_like_word():
    blocks = [
        wf.heading("总体要求"),
        wf.heading("甲", 2),
        wf.heading("乙", 2),
        wf.heading("丙", 3),
        wf.heading("丁", 4),
        wf.heading("戊", 4),
        wf.heading("己", 3),
        wf.heading("庚", 2),
        wf.heading("工作措施"),
        wf.heading("辛", 2),
        wf.heading("壬", 3),
    ]
    assert labels(wf.make_docx(blocks)) == [
        "一、", "（一）", "（二）", "1.", "（1）", "（2）", "2.", "（三）", "二、", "（一）", "1.",
    ]  # fmt: skip


def test_r_d6_numbering_formats_overrides_restart_and_legal():
    levels = [
        (0, "ideographTraditional", "%1．", 1, ""),
        (1, "decimal", "%1-%2", 1, '<w:lvlRestart w:val="0"/>'),
        (2, "decimalEnclosedCircle", "%3", 1, ""),
        (3, "chineseLegalSimplified", "第%4条", 1, ""),
        (4, "upperRoman", "%1.%5", 3, "<w:isLgl/>"),
        (5, "none", "", 1, ""),
    ]
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    )
    body = (
        numbered("a", 0)
        + numbered("b", 1)
        + numbered("c", 0)
        + numbered("d", 1)  # lvlRestart 0: level 2 never restarts
        + numbered("e", 2)
        + numbered("f", 2)
        + numbered("g", 3)
        + numbered("h", 4)
        + numbered("i", 5)
        + numbered("j", 0, num=2)  # its own counters from 5 (戊)
        + numbered("k", 0, num=0)  # numId 0: numbering switched off
        + numbered("l", 0, num=9)  # an unknown list: no label
    )
    data = raw(body, **{"word/numbering.xml": numbering(levels, nums)})
    assert labels(data) == [
        "甲．", "甲-1", "乙．", "乙-2", "①", "②", "第壹条", "2.III", "", "戊．", "", "",
    ]  # fmt: skip


def test_r_d6_numbering_of_a_paragraph_style_and_a_numbering_style_link():
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{wf.W}">'
        '<w:style w:type="paragraph" w:styleId="Item"><w:name w:val="条目"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="SubItem"><w:name w:val="子条目"/>'
        '<w:basedOn w:val="Item"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="numbering" w:styleId="ListStyle"><w:name w:val="公文列表"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="{t}"/></w:lvl>'
        for i, t in ((0, "%1、"), (1, "（%2）"))
    )
    numbering_xml = (
        f'{NUMBERING_HEAD}<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ListStyle"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    body = (
        p("总则", '<w:pStyle w:val="Item"/>')
        + p("细则", '<w:pStyle w:val="Item"/><w:numPr><w:ilvl w:val="1"/></w:numPr>')
        + p("分则", '<w:pStyle w:val="Item"/>')
        + numbered("附则", 0, num=2)
    )
    parts = {"word/styles.xml": styles, "word/numbering.xml": numbering_xml}
    document = read_document(raw(body, **parts))
    assert [block.text() for block in document.blocks] == [
        "一、总则",
        "（一）细则",
        "二、分则",
        "三、附则",
    ]
    assert [block.level for block in document.blocks] == [1, 2, 1, 1]


@pytest.mark.parametrize(
    "value, fmt, expected",
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (21, "chineseCounting", "二十一"),
        (105, "chineseCounting", "一百零五"),
        (110, "chineseCounting", "一百一十"),
        (1001, "chineseCounting", "一千零一"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (11, "ideographTraditional", "甲"),
        (13, "ideographZodiac", "子"),
        (205, "ideographDigital", "二〇五"),
        (3, "decimalEnclosedCircleChinese", "③"),
        (21, "decimalEnclosedCircle", "21"),
        (4, "decimalEnclosedParen", "⑷"),
        (7, "decimalFullWidth", "７"),
        (7, "decimalZero", "07"),
        (14, "lowerRoman", "xiv"),
        (28, "upperLetter", "BB"),
        (5, "somethingNew", "5"),
    ],
)
def test_r_d6_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


# Heading levels.


@pytest.mark.parametrize(
    "text, level",
    [
        ("一、总体要求", 1),
        ("十二、其他", 1),
        ("（三）工作措施", 2),
        ("(四)半角括号", 2),
        ("1.加强值班", 3),
        ("12．全角点", 3),
        ("（1）具体要求", 4),
        ("1.5亿元资金已到位", 0),
        ("2027年工作要点", 0),
        ("一是加强领导", 0),
        ("", 0),
    ],
)
def test_r_d6_heading_level_of_the_chinese_numbers(text, level):
    assert heading_level_of_text(text) == level


def test_r_d6_heading_levels_from_styles_outline_and_text():
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{wf.W}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="我的标题"/>'
        '<w:basedOn w:val="a5"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="大纲"/>'
        '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Deep"><w:name w:val="heading 7"/></w:style>'
        "</w:styles>"
    )
    long_numbered = "一、" + "各单位要高度重视防汛工作，把思想和行动统一到上级决策部署上来。" * 3
    body = (
        p("按样式的二级标题", '<w:pStyle w:val="2"/>')
        + p("继承标题 1", '<w:pStyle w:val="Mine"/>')
        + p("样式的大纲级别", '<w:pStyle w:val="Outline"/>')
        + p("段落自己的大纲级别", '<w:outlineLvl w:val="1"/>')
        + p("正文级别", '<w:outlineLvl w:val="9"/>')
        + p("第七级标题", '<w:pStyle w:val="Deep"/>')
        + p("（二）标题样式写错了级别", '<w:pStyle w:val="a5"/>')
        + p("（1）没有样式的四级标题")
        + p(long_numbered)
        + p("普通段落")
    )
    blocks = read_document(raw(body, **{"word/styles.xml": styles})).blocks
    assert [(block.kind, block.level) for block in blocks] == [
        ("heading", 2),
        ("heading", 1),
        ("heading", 3),
        ("heading", 2),
        ("paragraph", 0),
        ("heading", 4),  # capped at the four levels of a 公文
        ("heading", 2),  # the number, not the style, tells the level
        ("heading", 4),
        ("paragraph", 0),  # a paragraph that starts with a number
        ("paragraph", 0),
    ]


# Tracked changes and comments.


def test_r_d6_tracked_changes_by_author_accepted_and_rejected():
    blocks = [
        wf.paragraph(
            "原文",
            wf.ins("新增", "李四", "2026-12-05T09:00:00Z"),
            wf.delete("删去", "王五"),
            wf.formatted("加粗"),
            wf.commented("此处", "请核实", "赵六"),
        ),
        wf.paragraph(
            wf.moved_from("移走"), "不变", wf.moved_to("移来"), changed_by=("张三", wf.DATE)
        ),
        wf.table([["甲", "乙"], ["丙", ("丁", wf.delete("戊", "李四"))]]),
    ]
    document = read_document(wf.make_docx(blocks))
    first, second, grid = document.blocks
    assert first.text() == "原文新增加粗此处" and first.text(accepted=False) == "原文删去加粗此处"
    assert [(run.text, run.change, run.author) for run in first.runs][:3] == [
        ("原文", None, ""),
        ("新增", "ins", "李四"),
        ("删去", "del", "王五"),
    ]
    assert first.runs[3].bold and first.runs[3].change == "format"
    assert second.text() == "不变移来" and second.text(False) == "移走不变"
    assert grid.cell_texts() == [["甲", "乙"], ["丙", "丁"]]
    assert grid.cell_texts(accepted=False)[1][1] == "丁戊"
    assert [(c["kind"], c["author"], c["text"]) for c in document.changes] == [
        ("ins", "李四", "新增"),
        ("del", "王五", "删去"),
        ("format", "张三", "加粗"),
        ("del", "张三", "移走"),
        ("ins", "张三", "移来"),
        ("format", "张三", "不变移来"),
        ("del", "李四", "戊"),
    ]
    assert document.changes[0]["date"] == "2026-12-05T09:00:00Z"
    assert document.comments == [{"author": "赵六", "date": wf.DATE, "text": "请核实"}]
    assert document.accepted_text() == "原文新增加粗此处\n不变移来\n甲\t乙\n丙\t丁"


def test_r_d6_a_change_split_by_script_is_one_revision_and_marks_and_rows_count():
    change = f'w:author="张三" w:date="{wf.DATE}"'
    body = (
        "<w:p><w:r><w:t>甲</w:t></w:r>"
        f'<w:ins w:id="1" {change}><w:r><w:t>（第</w:t></w:r></w:ins>'
        f'<w:ins w:id="2" {change}><w:r><w:t>3</w:t></w:r></w:ins>'
        f'<w:ins w:id="3" {change}><w:r><w:t>条）</w:t></w:r></w:ins>'
        "<w:r><w:t>乙</w:t></w:r>"
        f'<w:ins w:id="4" {change}><w:r><w:t>丙</w:t></w:r></w:ins></w:p>'
        f'<w:p><w:pPr><w:rPr><w:del w:id="5" {change}/></w:rPr></w:pPr>'
        "<w:r><w:t>合并</w:t></w:r></w:p>"
        f'<w:tbl><w:tr><w:trPr><w:ins w:id="6" {change}/></w:trPr><w:tc><w:p>'
        f'<w:ins w:id="7" {change}><w:r><w:t>新行</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl>'
    )
    document = read_document(raw(body))
    assert [(c["kind"], c["text"]) for c in document.changes] == [
        ("ins", "（第3条）"),
        ("ins", "丙"),
        ("del", "（段落合并）"),
        ("ins", "新行"),
        ("ins", "（插入表格行）"),
    ]


def test_r_d6_accepted_text_is_stable_over_whitespace_runs_and_layout():
    plain = wf.make_docx([wf.paragraph("一、 总体要求"), wf.paragraph("正文　内容。")])
    split = wf.make_docx(
        [
            wf.paragraph(
                wf.text("一、", font="黑体", size=32), "\u3000总体", wf.text("要求", bold=True)
            ),
            wf.paragraph("正文", wf.text("  内容。", color="FF0000"), wf.commented("", "空批注")),
        ]
    )
    first, second = read_document(plain), read_document(split)
    assert first.accepted_text() == second.accepted_text() == "一、 总体要求\n正文 内容。"
    assert first.accepted_sha256() == second.accepted_sha256()
    changed = read_document(
        wf.make_docx([wf.paragraph("一、总体要求"), wf.paragraph("正文内容！")])
    )
    assert changed.accepted_sha256() != first.accepted_sha256()


def test_r_d6_breaks_tabs_fields_hyperlinks_and_content_controls_keep_their_text():
    body = (
        "<w:sdt><w:sdtContent><w:p>"
        '<w:hyperlink r:id="rIdX"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        "<w:r><w:tab/><w:t>制表</w:t><w:br/><w:t>换行</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr="DATE"><w:r><w:t>今日</w:t></w:r></w:fldSimple></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    (block,) = read_document(raw(body)).blocks
    assert block.text() == "链接\t制表\n换行3今日"


# Pictures.


def test_r_d6_pictures_kept_only_as_safe_raster_bytes_under_the_cap():
    png = wf.png((50, 40))
    bmp = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(bmp, "BMP")
    data = wf.make_docx(
        [
            wf.image(png),
            wf.image(bmp.getvalue(), 8, 8),
            wf.image(b"\x01\x00\x00\x00" + bytes(36) + b" EMF" + bytes(64), 10, 10),
            wf.image(b"II*\x00" + bytes(64), 10, 10),
            wf.image(b"\x00\x01garbage", 10, 10),
        ]
    )
    images = [block for block in read_document(data).blocks if block.kind == "image"]
    assert [block.content_type for block in images] == ["image/png", "image/bmp", "", "", ""]
    assert images[2].image is None and images[2].note == "EMF 格式的图片无法显示"
    assert images[3].note == "TIFF 格式的图片无法显示"
    assert images[4].note == "PNG 格式的图片无法显示"  # by its part's name, as a last resort
    capped = read_document(data, {**package.DEFAULT_LIMITS, "max_image_bytes": 100})
    assert all(block.image is None for block in capped.blocks)
    assert "图片过大" in capped.blocks[0].note
    total = read_document(data, {**package.DEFAULT_LIMITS, "max_images_bytes": len(png) + 10})
    assert total.blocks[0].image == png and total.blocks[1].note == "图片总量过大"


def test_r_d6_an_external_picture_link_is_never_fetched():
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{wf.PACKAGE_RELS}">'
        f'<Relationship Id="rIdImage1" Type="{wf.REL}/image" Target="http://127.0.0.1:9/x.png"'
        ' TargetMode="External"/></Relationships>'
    )
    data = wf.make_docx([wf.image()], parts={"word/_rels/document.xml.rels": rels})
    (block,) = read_document(data).blocks
    assert block.image is None and block.note == "图片缺失"


# Bad files.


def test_r_d6_macros_are_seen_by_part_and_by_content_type():
    assert read_document(wf.make_docx([wf.paragraph("宏")], macro=True)).has_macros
    renamed = wf.make_docx(
        [wf.paragraph("宏")],
        parts={
            "[Content_Types].xml": wf._content_types(False, []).replace(wf.DOCX_MAIN, wf.DOCM_MAIN)
        },
    )
    assert read_document(renamed).has_macros
    assert not read_document(wf.simple_docx("无宏")).has_macros


def test_r_d6_encrypted_empty_pdf_and_truncated_files_are_refused():
    assert refusal(wf.encrypted_docx()).code == "encrypted"
    assert refusal(b"").code == "empty"
    assert refusal(pdf_bytes()).code == "corrupt"
    whole = wf.twenty_pages()
    truncated = refusal(whole[: len(whole) // 2])
    assert truncated.code == "corrupt" and truncated.mapping["detail"] == "压缩结构损坏"
    assert refusal(wf.zip_members([("a.txt", "x")])).code == "corrupt"  # no [Content_Types].xml
    no_body = wf.make_docx([], document=f'<w:document xmlns:w="{wf.W}"/>')
    assert "w:body" in refusal(no_body).mapping["detail"]
    broken = refusal(wf.make_docx([], document="<w:document><w:body>"))
    assert broken.code == "corrupt" and "word/document.xml" in broken.mapping["detail"]


def test_r_d6_a_corrupt_member_is_refused_not_raised():
    data = bytearray(wf.simple_docx("一段正文" * 200))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 10 : start + 40] = b"\xff" * 30  # inside the deflated stream
    assert refusal(bytes(data)).code in ("corrupt", "zip_bomb")


DOCTYPES = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<w:document xmlns:w="{wf.W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{wf.W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    ),
    "external dtd": (
        '<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/a.dtd">'
        f'<w:document xmlns:w="{wf.W}"><w:body/></w:document>'
    ),
}


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_r_d6_a_doctype_or_entity_is_refused(name):
    found = refusal(wf.make_docx([], document=DOCTYPES[name]))
    assert found.code == "xml_dtd" and found.mapping == {"part": "word/document.xml"}


def test_r_d6_a_doctype_in_another_part_or_in_utf16_is_refused():
    styles = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e "x">]><s/>'
    assert refusal(
        wf.make_docx([wf.paragraph("x")], parts={"word/styles.xml": styles})
    ).mapping == {"part": "word/styles.xml"}
    utf16 = DOCTYPES["external entity"].replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    data = wf.make_docx([], document=b"\xff\xfe" + utf16.encode("utf-16-le"))
    assert refusal(data).code == "xml_dtd"


def test_r_d6_a_zip_bomb_is_refused_by_its_directory_and_by_what_it_expands_to():
    zeros = b"\0" * (12 * MB)
    bomb = wf.make_docx([wf.paragraph("x")], parts={"word/media/filler.bin": zeros})
    found = refusal(bomb, {"zip_ratio_min_bytes": 10 * MB})
    assert found.code == "zip_bomb" and found.mapping["size"].endswith("MB")
    assert refusal(bomb, {"max_unzipped_bytes": 5 * MB}).code == "zip_bomb"
    # A directory that lies (declares a small document part): the capped read finds it out.
    document = "<w:document/>" + " " * (3 * MB)
    liar = _declare_size(wf.make_docx([], document=document), "word/document.xml", 100)
    assert refusal(liar, {"max_part_bytes": MB}).code in ("zip_bomb", "corrupt")
    # A directory claiming 2 GB is refused before anything is read.
    huge = _declare_size(wf.simple_docx("x"), "word/document.xml", 2**31)
    assert refusal(huge).code == "zip_bomb"


def _declare_size(data, name, size):
    """``data`` (a ZIP) with the uncompressed size of member ``name`` set to ``size``."""
    data = bytearray(data)
    encoded = name.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == encoded:
            struct.pack_into("<I", data, central + 24, size)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(name)


def test_r_d6_too_many_members_blocks_text_or_changes_are_refused():
    many = wf.zip_members([(f"x/{i}.xml", "<a/>") for i in range(30)])
    assert refusal(many, {"max_members": 20}).code == "corrupt"
    data = wf.twenty_pages()
    assert refusal(data, {"max_text_chars": 1000}).code == "too_much_text"
    assert refusal(data, {"max_blocks": 50}).code == "too_much_text"
    assert refusal(data, {"max_changes": 10}).code == "too_much_text"


def test_r_d6_every_refusal_has_a_chinese_message():
    for code in REASONS:
        message = reason_message(code, {"detail": "d", "extension": ".x", "actual": "a"})
        assert message.default and all(ord(c) < 128 for c in str(message))  # ASCII msgid
    assert "宏" in REASONS["macros"].default and "密码" in REASONS["encrypted"].default
    assert reason_message("nonsense").default == REASONS["corrupt"].default


def test_r_d6_wordfiles_are_deterministic_and_real_zip_packages():
    assert wf.twenty_pages() == wf.twenty_pages()
    assert wf.twenty_pages() != wf.twenty_pages(revised=True)
    with zipfile.ZipFile(io.BytesIO(wf.twenty_pages())) as archive:
        assert archive.testzip() is None
        assert "word/numbering.xml" in archive.namelist()


# LibreOffice opens what wordfiles writes, and reads back the same text.


@pytest.mark.slow
def test_r_d6_libreoffice_opens_wordfiles_and_keeps_the_accepted_text(tmp_path):
    import subprocess

    source = wf.twenty_pages()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(wf.to_format(source, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )
    assert 18 <= pages <= 22
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "一、切实加强防汛值班工作" in text and "（一）防汛值班的第" in text  # numbered by LO
    again = read_document(wf.to_format(source, "docx"))
    original = read_document(source)
    assert again.accepted_text() == original.accepted_text()
    assert again.changes == original.changes and len(again.comments) == 3
    odt = wf.to_format(source, "odt")
    assert odt[30:38] == b"mimetype"
    assert wf.to_format(wf.simple_docx("x"), "wps").startswith(b"\xd0\xcf\x11\xe0")


def test_r_d6_text_boxes_and_alternate_content_are_read_once():
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    inner_box = "<w:txbxContent><w:p><w:r><w:t>内框</w:t></w:r></w:p></w:txbxContent>"
    outer_box = (
        "<w:txbxContent><w:p><w:r><w:t>外框</w:t></w:r>"
        f"<w:r><w:drawing>{inner_box}</w:drawing></w:r></w:p></w:txbxContent>"
    )
    picture = f'<a:blip xmlns:a="{wf.A}" r:embed="rIdImage1"/>'
    body = (
        f'<w:p xmlns:mc="{mc}"><w:r><w:t>正文</w:t></w:r>'
        f"<w:r><w:drawing>{outer_box}</w:drawing></w:r>"
        f"<w:r><mc:AlternateContent><mc:Choice><w:drawing>{picture}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{picture}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{wf.PACKAGE_RELS}">'
        f'<Relationship Id="rIdImage1" Type="{wf.REL}/image" Target="media/image1.png"/>'
        "</Relationships>"
    )
    parts = {"word/_rels/document.xml.rels": rels, "word/media/image1.png": wf.png()}
    blocks = read_document(raw(body, **parts)).blocks
    assert [(block.kind, block.text()) for block in blocks] == [
        ("paragraph", "正文"),
        ("image", ""),
        ("paragraph", "外框"),
        ("paragraph", "内框"),
    ]


def test_r_d6_a_deleted_paragraph_mark_joins_the_next_paragraph_when_accepted():
    document = read_document(
        wf.make_docx(
            [
                wf.paragraph("第一段", mark_deleted_by=("张三", wf.DATE)),
                wf.paragraph("接续"),
                wf.removed_paragraph("整段删除", "李四"),
                wf.paragraph("第三段"),
            ]
        )
    )
    assert document.accepted_text() == "第一段接续\n第三段"
    assert [(c["kind"], c["text"]) for c in document.changes] == [
        ("del", "（段落合并）"),
        ("del", "整段删除"),
        ("del", "（段落合并）"),
    ]


@pytest.mark.slow
def test_r_d6_the_accepted_text_is_the_text_libreoffice_cleans_to(tmp_path):
    """R-O6 compares the signed version's accepted text with the 清稿's: LibreOffice's
    accepting every change (wordbody.office.clean_docx) gives the very same text."""
    from collective.gongwen.wordbody.office import clean_docx

    blocks = wf.twenty_pages_blocks()
    blocks[5:5] = [
        wf.paragraph("并入下段", wf.ins("的插入", "李四"), mark_deleted_by=("张三", wf.DATE)),
        wf.paragraph(wf.moved_from("移走的话"), "下段", wf.moved_to("移来的话")),
        wf.removed_paragraph("整段删除的段落。", "王五"),
        wf.paragraph(wf.formatted("加粗的词"), changed_by=("张三", wf.DATE)),
    ]
    source, target = tmp_path / "source.docx", tmp_path / "clean.docx"
    source.write_bytes(wf.make_docx(blocks))
    assert clean_docx(str(source), str(target), 120) == (0, 0)
    signed, clean = read_document(source.read_bytes()), read_document(target.read_bytes())
    assert not clean.changes and not clean.comments
    assert clean.accepted_text() == signed.accepted_text()
    assert "并入下段的插入下段移来的话" in clean.accepted_text()


def test_r_d6_a_strict_open_xml_file_reads_as_the_transitional_one():
    source = wf.make_docx([wf.heading("总体要求"), wf.paragraph("正文", wf.ins("插入", "李四"))])
    members = []
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            for strict, transitional in package.STRICT_NAMESPACES:
                data = data.replace(transitional, strict)
            members.append((name, data))
    strict = read_document(wf.zip_members(members))
    assert (
        strict.accepted_text() == read_document(source).accepted_text() == "一、总体要求\n正文插入"
    )
    assert strict.changes[0]["author"] == "李四"
