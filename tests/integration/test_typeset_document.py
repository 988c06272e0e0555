"""R-T1: a 发文 of the demo unit (长垣河务局) read into the official PDF's fields and rendered."""

import datetime

import pytest

from collective.gongwen.typeset.document import official_fields
from collective.gongwen.typeset.pdf import render_official_pdf
from tests.support.outgoing import draft_outgoing


def test_r_t1_official_fields_of_an_outgoing_document(portal):
    document = draft_outgoing(
        portal,
        direction="upward",
        main_recipients=["新乡河务局"],
        attachment_note=["1. 维修经费预算表"],
        signing_organ="长垣河务局",
        cc_recipients=["濮阳河务局"],
        printing_organ="长垣河务局办公室",
    )
    document.written_date = datetime.date(2026, 11, 25)
    fields = official_fields(document)
    assert fields["issuer_mark"] == portal["changyuan"].issuer_mark
    assert fields["title"] == "关于堤防工程维修的报告"
    assert fields["direction"] == "upward"
    assert fields["doc_kind"] == "报告"
    assert fields["urgency"] == "普通"
    assert fields["classification"] == "非密"
    assert "请各部门认真做好汛前检查" in fields["text"]
    assert fields["main_recipients"] == ["新乡河务局"]
    assert fields["written_date"] == datetime.date(2026, 11, 25)
    assert render_official_pdf(fields).startswith(b"%PDF")


def test_r_t3_fonts_come_from_the_gongwen_settings(portal):
    from plone import api

    from collective.gongwen.org.settings import IGongwenSettings
    from collective.gongwen.typeset.settings import configured_fonts

    api.portal.set_registry_record("font_title", "方正小标宋简体", interface=IGongwenSettings)
    api.portal.set_registry_record("font_fangsong", "仿宋_GB2312", interface=IGongwenSettings)
    fonts = configured_fonts()
    assert fonts.title.startswith("'方正小标宋简体', ")
    assert fonts.body.startswith("'仿宋_GB2312', ")
    assert "Noto Serif CJK SC" in fonts.body  # the open fallback stays


def test_r_t1_minutes_and_orders_take_their_fields_from_the_document(portal):
    import io

    import pdfplumber

    minutes = draft_outgoing(
        portal,
        "downward",
        title="局长办公会议纪要",
        doc_kind="minutes",
        attendees=["张志强", "李明华"],
        absent=["王建国"],
    )
    fields = official_fields(minutes)
    assert fields["format"] == "minutes"
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "出席" in text and "张志强" in text and "请假" in text and "王建国" in text
    order = draft_outgoing(
        portal, "downward", title="任免令", doc_kind="order", signer_title="局长"
    )
    assert official_fields(order)["signer_title"] == "局长"
    assert official_fields(order)["format"] == "order"


def test_r_t1_attachment_pages_in_the_official_pdf_and_a_warning_for_unconverted_ones(portal):
    import io

    import pdfplumber
    from plone import api
    from weasyprint import HTML
    from zope.i18n import translate

    from collective.gongwen.content.files import add_file
    from collective.gongwen.content.files import attachments_of
    from collective.gongwen.typeset.official import missing_attachments
    from collective.gongwen.typeset.official import typeset_official
    from collective.gongwen.typeset.rendered import missing_attachments_message
    from tests.support.renders import run_render_jobs

    document = draft_outgoing(
        portal,
        main_recipients=["局属各单位"],
        attachment_note=["1. 防汛物资清单", "2. 工程量表"],
    )
    source = HTML(string='<p lang="zh-CN">防汛物资清单正文</p>').write_pdf()
    with api.env.adopt_roles(["Manager"]):
        add_file(document, source, "防汛物资清单.pdf")
        add_file(document, b"PK\x03\x04 not converted", "工程量表.docx")
    assert len(attachments_of(document)) == 2
    typeset_official(document)
    run_render_jobs(document)  # the worker typesets it (R-RUN1)
    official = document["official"]
    with pdfplumber.open(io.BytesIO(official.file.data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    text = "".join(pages)
    assert "防汛物资清单正文" in text
    assert any(page.startswith("附件1") for page in pages)
    assert any(page.startswith("附件2") for page in pages)
    assert missing_attachments(document) == ("工程量表",)
    message = translate(missing_attachments_message(document), target_language="zh_CN")
    assert "工程量表" in message and "重新排版" in message


def test_r_t1_attachment_pages_retypeset_warns_of_unconverted_attachments(portal):
    from plone import api
    from Products.statusmessages.interfaces import IStatusMessage
    from zope.i18n import translate
    from zope.interface import alsoProvides

    from collective.gongwen.content.files import add_file
    from collective.gongwen.content.progress import progress_notes
    from collective.gongwen.interfaces import IGongwenLayer
    from collective.gongwen.routing.actions import act
    from tests.support.renders import run_render_jobs
    from tests.support.uploads import post

    alsoProvides(portal.REQUEST, IGongwenLayer)
    document = draft_outgoing(portal, main_recipients=["局属各单位"], attachment_note=["工程量表"])
    with api.env.adopt_roles(["Manager"]):
        add_file(document, b"PK\x03\x04 not converted", "工程量表.docx")
    for user, action, opinion in (
        ("cy_eng_staff", "submit", ""),
        ("cy_eng_head", "approve", "同意。"),
        ("cy_office_deputy", "approve", "请李局长签发。"),
        ("cy_leader2", "sign", "同意印发。"),
        ("cy_print", "number", ""),
    ):
        with api.env.adopt_user(username=user):
            act(document, action, opinion)
    with api.env.adopt_user(username="cy_secretary1"):
        post(document.REQUEST, {})
        document.restrictedTraverse("@@gongwen-typeset")()
        run_render_jobs(document)  # the worker typesets it (R-RUN1); the page then warns
        shown = progress_notes(document)
    assert IStatusMessage(document.REQUEST).show()  # 已开始重新排版
    messages = [(translate(note.message, target_language="zh_CN"), note.kind) for note in shown]
    assert any("工程量表" in text and kind == "warning" for text, kind in messages)


def _png(size=(300, 300)):
    import io

    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, size[0] - 5, size[1] - 5), outline=(220, 0, 0), width=9)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_r_t1_the_units_seal_is_pressed_on_a_sealed_document(portal):
    import io

    import pdfplumber
    from plone import api
    from plone.namedfile.file import NamedBlobImage

    unit = portal["changyuan"]
    with api.env.adopt_roles(["Manager"]):
        unit.seal_image = NamedBlobImage(_png(), filename="seal.png")
        unit.seal_diameter = 40
    document = draft_outgoing(portal, signing_organ="长垣河务局")
    document.written_date = datetime.date(2026, 11, 25)
    fields = official_fields(document)
    assert fields["sealed"] is True  # the field's default: most 公文 are sealed
    assert fields["seal_image"].startswith("data:image/png;base64,")
    assert fields["seal_diameter"] == 40
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        (seal,) = [image for page in pdf.pages for image in page.images]
        assert (seal["x1"] - seal["x0"]) * 25.4 / 72 == pytest.approx(40, abs=0.5)
    document.sealed = False  # e.g. a 纪要 or an unsealed 函: no seal
    fields = official_fields(document)
    with pdfplumber.open(io.BytesIO(render_official_pdf(fields))) as pdf:
        assert not [image for page in pdf.pages for image in page.images]


def test_r_t1_an_order_carries_the_units_signature_stamp(portal):
    from plone import api
    from plone.namedfile.file import NamedBlobImage

    unit = portal["changyuan"]
    with api.env.adopt_roles(["Manager"]):
        unit.signature_stamp = NamedBlobImage(_png((400, 160)), filename="stamp.png")
    order = draft_outgoing(portal, title="长垣河务局令", doc_kind="order", signer_title="局长")
    fields = official_fields(order)
    assert fields["format"] == "order"
    assert fields["signature_stamp"].startswith("data:image/png;base64,")


def test_r_t1_seal_images_are_hidden_from_staff(portal):
    from AccessControl import Unauthorized
    from plone import api
    from plone.namedfile.file import NamedBlobImage

    unit = portal["changyuan"]
    with api.env.adopt_roles(["Manager"]):
        unit.seal_image = NamedBlobImage(_png(), filename="seal.png")
        unit.signature_stamp = NamedBlobImage(_png(), filename="stamp.png")
    request = portal.REQUEST
    with api.env.adopt_user(username="cy_eng_staff"):
        for name in ("seal_image", "signature_stamp"):
            with pytest.raises(Unauthorized):
                unit.restrictedTraverse("@@images").publishTraverse(request, name).index_html()
            download = unit.restrictedTraverse("@@download")
            with pytest.raises(Unauthorized):
                download.publishTraverse(request, name)()
    with api.env.adopt_user(username="admin"):
        assert (
            unit.restrictedTraverse("@@images").publishTraverse(request, "seal_image").index_html()
        )


def test_r_t1_numbering_fills_the_printing_date_and_organ_of_the_colophon(portal):

    import pdfplumber

    from tests.integration.test_routing_outgoing import UPWARD_PATH
    from tests.integration.test_routing_outgoing import do
    from tests.support.renders import run_render_jobs

    document = draft_outgoing(portal, "upward", main_recipients=["新乡河务局"])
    for user, action, opinion, after in UPWARD_PATH:
        do(document, user, action, opinion)
        if after == "secretary_check":
            break
    run_render_jobs(document)  # the worker typesets the 正式文件 (R-RUN1)
    assert document.printed_date == datetime.date.today()
    assert document.printing_organ == "长垣河务局办公室"
    with pdfplumber.open(document["official"].file.open()) as pdf:
        last = pdf.pages[-1].extract_text().replace(" ", "")
        assert len(pdf.pages) % 2 == 0  # the 版记 on the back of the sheet
    printed = datetime.date.today()
    assert f"{printed.year}年{printed.month}月{printed.day}日印发" in last
    assert "长垣河务局办公室" in last


def test_r_t1_the_unit_form_keeps_every_tab_with_the_seal_tab(portal):
    from plone import api

    with api.env.adopt_roles(["Manager"]):
        html = portal["changyuan"].restrictedTraverse("@@edit")()
    for label in ("隶属关系", "档案", "办理时限", "印章", "电子印章", "签发人签名章（命令用）"):
        assert label in html, label


def test_r_t1_notice_with_one_attachment_keeps_its_body_on_page_one(portal):
    """Issue 19: the 正式文件 of the demo's 通知 with one 附件 put its whole body on page 2.

    Drafted, signed and numbered as the print room does; the worker typesets it.
    The text is on page 1 right under the 主送, the 附件说明 follows it, then
    the 署名 and 成文日期 (squeezed onto the page, 7.3.5 特殊情况说明), then the
    附件 on a page of its own; the title's lines are those ``rules.title_lines``
    chose (「财务」 whole).
    """
    import io

    import pdfplumber
    from plone import api
    from weasyprint import HTML

    from collective.gongwen.content.files import add_file
    from collective.gongwen.typeset import rules
    from tests.integration.test_routing_outgoing import DOWNWARD_PATH
    from tests.support.outgoing import body
    from tests.support.outgoing import walk_until

    title = "关于印发《长垣河务局财务报销管理办法》的通知"
    text = "《长垣河务局财务报销管理办法》已经局长办公会研究通过，现印发给你们，请认真遵照执行。"
    document = draft_outgoing(
        portal,
        title=title,
        text=body(f"<p>{text}</p>"),
        main_recipients=["局属各科室"],
        attachment_note=["长垣河务局财务报销管理办法"],
    )
    source = HTML(string='<p lang="zh-CN">第一条　为规范财务报销行为。</p>').write_pdf()
    with api.env.adopt_roles(["Manager"]):
        add_file(document, source, "长垣河务局财务报销管理办法.pdf")
    walk_until(document, DOWNWARD_PATH, "secretary_check")  # numbered and typeset
    with pdfplumber.open(io.BytesIO(document["official"].file.data)) as pdf:
        pages = [
            [line.replace(" ", "") for line in (page.extract_text() or "").splitlines()]
            for page in pdf.pages
        ]
    first = pages[0]
    assert [line for line in first if line in rules.title_lines(title)] == rules.title_lines(title)
    assert rules.title_lines(title)[1].startswith("财务")
    recipients = first.index("局属各科室：")
    assert text.startswith(first[recipients + 1][:10])  # the text under the 主送
    # The whole text, then the 附件说明, the 署名 and 成文日期, all on page 1.
    assert "".join(first[recipients + 1 : recipients + 3]) == text
    assert first[recipients + 3] == "附件：长垣河务局财务报销管理办法"
    assert first[recipients + 4] == "长垣河务局"
    assert first[recipients + 5] == rules.format_date(document.written_date)
    assert pages[1][:2] == ["附件", "长垣河务局财务报销管理办法"]  # 7.3.7
