"""R-D6 清稿: who may have the Word 正文 cleaned, and when (``wordbody.rules.clean_refusal``)."""

import pytest

from collective.gongwen.wordbody.rules import clean_refusal

READY = {
    "step": "numbering",
    "holding": True,
    "classified": False,
    "has_body": True,
    "readable": True,
    "clean": False,
    "locked": False,
}


def refusal(**changes):
    message = clean_refusal(**{**READY, **changes})
    return None if message is None else message.default


def test_r_d6_the_print_room_cleans_a_read_body_at_numbering():
    assert refusal() is None


@pytest.mark.parametrize(
    "step", ["draft", "dept_review", "office_review", "leader_sign", "secretary_check", "sent"]
)
def test_r_d6_clean_only_at_numbering(step):
    assert refusal(step=step) == "只有文印室登记编号时可以清稿。"


def test_r_d6_clean_only_by_the_step_holder():
    assert refusal(holding=False) == "只有当前环节的办理人可以修改正文。"


def test_r_d6_clean_needs_a_word_body():
    assert refusal(has_body=False) == "本文没有 Word 正文。"


def test_r_d6_classified_documents_have_no_body_to_clean():
    assert "涉密公文" in refusal(classified=True)


def test_r_d6_clean_waits_for_the_version_to_be_read():
    assert refusal(readable=None) == "正文的当前版本还在分析中，请稍候片刻再清稿。"
    assert refusal(readable=False).startswith("正文的当前版本无法读取")


def test_r_d6_clean_refused_while_checked_out():
    assert refusal(locked=True) == "正文已被签出编辑，请先签入或取消签出，再清稿。"


def test_r_d6_a_clean_body_is_not_cleaned_again():
    assert refusal(clean=True) == "正文已清稿，可以登记编号。"
