"""R-D6: the 发文 form's 正文 field tells the drafter where a Word or WPS 正文 goes."""

from lxml import html as lxml_html

from tests.integration.test_r_p_forms_and_dates import DRAFTER
from tests.integration.test_r_p_forms_and_dates import add_form

HELP = (
    "电子正文（第九条：提交时必须有正文）。简短正文可直接在此录入；若正文是 Word 或 WPS 文件，"
    "请留空，保存后在公文页面的「正文」处上传。自拟的附件直接附于正文之后（第十一条）。"
)


def test_r_d6_outgoing_form_says_a_word_body_is_uploaded_on_the_document_page(portal):
    _form, html = add_form(portal["changyuan"]["outgoing"], "gongwen_outgoing", DRAFTER)
    tree = lxml_html.fromstring(html)
    (field,) = tree.xpath('//*[@id="formfield-form-widgets-text"]')
    assert HELP in " ".join(field.text_content().split())
