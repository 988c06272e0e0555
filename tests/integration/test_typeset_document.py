"""R-T1: a 发文 of the demo unit (长垣河务局) read into the official PDF's fields and rendered."""

import datetime

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
    from collective.gongwen.typeset.official import configured_fonts

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
