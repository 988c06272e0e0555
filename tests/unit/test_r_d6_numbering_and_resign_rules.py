"""R-D6 and R-O6 rules of a Word 正文 (plain Python): 登记编号 only after 清稿, a version stored
after 签发 substantive unless it is a 清稿 of the signed text, the 发文稿纸's version line."""

from collective.gongwen.routing import rules
from collective.gongwen.typeset.slip_layout import OUTGOING
from collective.gongwen.typeset.slip_layout import slip_html
from collective.gongwen.typeset.slip_layout import word_body_text

SIGNED = "a" * 64
OTHER = "b" * 64


def test_r_d6_numbering_refused_until_the_word_body_is_clean():
    refused = rules.numbering_refusal(has_word_body=True, is_clean=False)
    assert isinstance(refused, rules.WordBodyNotCleanError)
    assert refused.message.default == "Word 正文尚未清稿：请先清稿，再登记编号。"
    assert rules.numbering_refusal(has_word_body=True, is_clean=True) is None
    # a rich-text 正文 has nothing to clean
    assert rules.numbering_refusal(has_word_body=False, is_clean=False) is None


def test_r_o6_no_version_after_signing_is_no_change():
    assert not rules.is_substantive_body_change(SIGNED, [])


def test_r_o6_a_clean_copy_of_the_signed_text_is_not_substantive():
    assert not rules.is_substantive_body_change(SIGNED, [(True, SIGNED)])
    # cleaned twice: still the signed text
    assert not rules.is_substantive_body_change(SIGNED, [(True, SIGNED), (True, SIGNED)])


def test_r_o6_a_check_in_or_upload_after_signing_is_substantive():
    # even when its accepted text happens to be the same: only a 清稿 is exempt
    assert rules.is_substantive_body_change(SIGNED, [(False, SIGNED)])
    assert rules.is_substantive_body_change(SIGNED, [(True, SIGNED), (False, OTHER)])


def test_r_o6_a_clean_of_another_text_is_substantive():
    assert rules.is_substantive_body_change(SIGNED, [(True, OTHER)])
    # its analysis missing or failed: not known to be the signed text
    assert rules.is_substantive_body_change(SIGNED, [(True, None)])


def test_r_o6_unknown_signed_text_makes_every_later_version_substantive():
    # no Word 正文 was signed (added after 签发), or its analysis failed
    assert rules.is_substantive_body_change(None, [(True, None)])
    assert rules.is_substantive_body_change(None, [(True, SIGNED)])


def test_r_o6_the_slip_names_the_signed_version():
    version = {"number": 3, "filename": "正文.docx", "sha256": "3f2a9c0d1e2b" + "0" * 52}
    assert word_body_text({**version, "signed": True}) == (
        "第3版（签发时）· 正文.docx · SHA-256 3f2a9c0d1e2b"
    )
    assert word_body_text({**version, "signed": False}).startswith("第3版（当前）")
    assert word_body_text(None) == ""


def test_r_o6_the_slip_prints_the_version_row_only_for_a_word_body():
    fields = {"kind": OUTGOING, "title": "关于做好汛前检查的通知", "opinions": []}
    assert "SHA-256" not in slip_html(fields)
    version = {"number": 2, "filename": "<正文>.docx", "sha256": "c" * 64, "signed": True}
    html = slip_html({**fields, "word_body": version})
    assert "<th>正文</th>" in html
    assert "第2版（签发时）· &lt;正文&gt;.docx · SHA-256 cccccccccccc" in html
