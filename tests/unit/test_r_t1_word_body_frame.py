"""R-D6 套红: the Word 正文's own title, 主送, 附件说明, 署名 and date are not printed twice
(``typeset.body_frame.without_frame_repeats``); everything else of the file stays."""

from collective.gongwen.typeset.body_frame import without_frame_repeats

TITLE = "关于做好汛前检查的通知"
WHOLE = (
    '<p style="text-align: center; text-indent: 0"><strong>关于做好汛前检查的通知</strong></p>'
    "<p>局属各科室、各县（区）河务局：</p>"
    "<h2>一、检查范围</h2>"
    "<p>请各单位认真做好汛前检查。</p>"
    "<table><tbody><tr><td>单位</td></tr></tbody></table>"
    "<p>附件：1. 防汛物资清单</p>"
    "<p>2. 工程量表</p>"
    '<p style="text-align: right; text-indent: 0">长垣河务局</p>'
    '<p style="text-align: right; text-indent: 0">2026年12月6日</p>'
)
FIELDS = {
    "title": TITLE,
    "recipients": ("局属各科室", "各县（区）河务局"),
    "signing_organ": "长垣河务局",
    "has_attachment_note": True,
}
BODY = (
    "<h2>一、检查范围</h2><p>请各单位认真做好汛前检查。</p>"
    "<table><tbody><tr><td>单位</td></tr></tbody></table>"
)


def test_r_d6_the_frames_parts_come_out_of_a_whole_word_document():
    assert without_frame_repeats(WHOLE, **FIELDS) == BODY


def test_r_d6_a_body_without_the_frames_parts_is_unchanged():
    assert without_frame_repeats(BODY, **FIELDS) == BODY
    assert without_frame_repeats("", **FIELDS) == ""


def test_r_d6_only_what_the_fields_say_comes_out():
    # another title, other recipients, another organ: the file's own words, kept
    fields = {
        "title": "关于防汛物资的通知",
        "recipients": ("局属各科室",),
        "signing_organ": "长垣河务局办公室",
        "has_attachment_note": True,
    }
    kept = without_frame_repeats(WHOLE, **fields)
    assert kept.startswith('<p style="text-align: center; text-indent: 0"><strong>关于做好')
    assert "<p>局属各科室、各县（区）河务局：</p>" in kept
    assert "长垣河务局</p>" in kept
    # the date line is the frame's 成文日期 whatever it says; the 附件说明 above the
    # organ stays when the organ does
    assert "2026年12月6日" not in kept
    assert "附件：1. 防汛物资清单" in kept


def test_r_d6_the_files_attachment_note_stays_when_the_document_has_none():
    kept = without_frame_repeats(WHOLE, **{**FIELDS, "has_attachment_note": False})
    assert kept.endswith("<p>附件：1. 防汛物资清单</p><p>2. 工程量表</p>")


def test_r_d6_chinese_numeral_dates_and_spaced_names_are_recognised():
    html = "<p>局属各科室 ：</p><p>正文。</p><p>长 垣 河 务 局</p><p>二〇二六年十二月六日</p>"
    assert without_frame_repeats(html, **FIELDS | {"recipients": ("局属各科室",)}) == (
        "<p>正文。</p>"
    )


def test_r_d6_only_the_first_and_last_blocks_are_looked_at():
    html = "<p>正文。</p><p>关于做好汛前检查的通知</p><p>2026年12月6日</p><p>特此通知。</p>"
    assert without_frame_repeats(html, **FIELDS) == html


def test_r_d6_text_that_is_not_blocks_is_left_alone():
    for html in ("纯文字", "文字<p>段落</p>", "<span>行内</span><p>2026年12月6日</p>"):
        assert without_frame_repeats(html, **FIELDS) == html
