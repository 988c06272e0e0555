"""R-O8 / R-I1 on the Plone layer: 文号 and 收文编号 issued to documents of the demo units.

The demo organisation: 长垣河务局 ``changyuan`` (机关代字 长河) under 新乡河务局
``xinxiang`` (新河), each with an ``outgoing`` and an ``incoming`` folder.
"""

import itertools

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles

from collective.gongwen import numbering
from collective.gongwen.numbering import NumberingError
from collective.gongwen.numbering.rules import numbering_year

YEAR = numbering_year()


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal


def outgoing(unit, title="关于做好防汛工作的通知"):
    return api.content.create(container=unit["outgoing"], type="gongwen_outgoing", title=title)


_SOURCE_NUMBERS = itertools.count(1)


def incoming(unit, title="关于防汛的通知"):
    """A 收文 (numbered at registration); each is another 来文 (R-I1: registered once)."""
    return api.content.create(
        container=unit["incoming"],
        type="gongwen_incoming",
        title=title,
        source_organ="黄河河务局",
        source_number=f"黄河〔2026〕{next(_SOURCE_NUMBERS)}号",
    )


def catalog(**query):
    return api.portal.get_tool("portal_catalog").unrestrictedSearchResults(**query)


def test_r_o8_issue_number_uses_the_units_agency_code_and_the_year(manager):
    document = outgoing(manager.changyuan)
    number = numbering.issue_number(document)
    assert number == f"长河〔{YEAR}〕1号"
    assert document.issue_number == number
    [brain] = catalog(issue_number=number)
    assert brain.getObject() == document
    assert brain.issue_number == number  # metadata too
    assert len(catalog(SearchableText=f"长河 {YEAR}", UID=document.UID())) == 1


def test_r_o8_numbers_follow_each_other_per_unit(manager):
    first, second = outgoing(manager.changyuan), outgoing(manager.changyuan)
    other = outgoing(manager.xinxiang)
    assert numbering.issue_number(first) == f"长河〔{YEAR}〕1号"
    assert numbering.issue_number(second) == f"长河〔{YEAR}〕2号"
    assert numbering.issue_number(other) == f"新河〔{YEAR}〕1号"


def test_r_o8_issuing_again_returns_the_existing_number(manager):
    document = outgoing(manager.changyuan)
    number = numbering.issue_number(document)
    assert numbering.issue_number(document) == number
    record = numbering.series_record(manager.changyuan, "issue", YEAR)
    assert record["last"] == 1
    [entry] = record["issued"]
    assert entry["uid"] == document.UID()
    assert entry["actor"] == TEST_USER_ID


def test_r_o8_a_copy_does_not_keep_its_originals_number(manager):
    original = outgoing(manager.changyuan)
    numbering.issue_number(original)
    copy = api.content.copy(source=original, target=manager.changyuan["outgoing"])
    assert copy.issue_number == original.issue_number  # copied with the data ...
    assert numbering.issue_number(copy) == f"长河〔{YEAR}〕2号"  # ... but not its own


def test_r_i1_receipt_number_issued_to_incoming_documents(manager):
    first, second = incoming(manager.changyuan), incoming(manager.changyuan)
    assert numbering.issue_receipt_number(first) == f"长河收〔{YEAR}〕1号"
    assert numbering.issue_receipt_number(second) == f"长河收〔{YEAR}〕2号"
    assert numbering.issue_receipt_number(first) == f"长河收〔{YEAR}〕1号"
    assert first.receipt_number == f"长河收〔{YEAR}〕1号"
    assert len(catalog(receipt_number=f"长河收〔{YEAR}〕2号")) == 1
    # 收文编号 and 文号 are separate series.
    assert numbering.issue_number(outgoing(manager.changyuan)) == f"长河〔{YEAR}〕1号"


def test_r_o8_voided_number_is_recorded_and_not_reused(manager):
    unit = manager.changyuan
    document = outgoing(unit)
    voided = numbering.issue_number(document)
    entry = numbering.void_number(unit, voided, "编号与纸质文件不符")
    assert entry["voided"]["reason"] == "编号与纸质文件不符"
    assert entry["voided"]["actor"] == TEST_USER_ID
    # The document no longer carries it, nor does the catalog.
    assert document.issue_number is None
    assert len(catalog(issue_number=voided)) == 0
    # Numbering it again gives the next number, never the voided one.
    assert numbering.issue_number(document) == f"长河〔{YEAR}〕2号"
    record = numbering.series_record(unit, "issue", YEAR)
    assert [e["number"] for e in record["issued"]] == [voided, f"长河〔{YEAR}〕2号"]
    assert [e["number"] for e in record["voided"]] == [voided]
    with pytest.raises(NumberingError):
        numbering.void_number(unit, voided, "再次作废")


def test_r_o8_void_names_the_actor_given(manager):
    unit = manager.xinxiang
    number = numbering.issue_receipt_number(incoming(unit))
    entry = numbering.void_number(unit, number, "重复登记", actor="xx_secretary")
    assert entry["voided"]["actor"] == "xx_secretary"
    assert numbering.series_record(unit, "receipt", YEAR)["voided"][0]["number"] == number


def test_r_o8_a_unit_cannot_void_another_units_number(manager):
    number = numbering.issue_number(outgoing(manager.changyuan))
    with pytest.raises(NumberingError) as raised:
        numbering.void_number(manager.xinxiang, number, "错号")
    assert raised.value.msgid == "error_numbering_unknown_number"


def test_r_o8_document_outside_a_unit_is_not_numbered(manager):
    folder = api.content.create(container=manager, type="Folder", id="docs", title="公文")
    document = api.content.create(container=folder, type="gongwen_outgoing", title="无单位")
    with pytest.raises(NumberingError) as raised:
        numbering.issue_number(document)
    assert raised.value.msgid == "error_numbering_no_unit"
    assert document.issue_number is None


def test_r_o8_unit_without_agency_code_is_a_clear_error(manager):
    unit = manager.changyuan
    unit.agency_code = None
    with pytest.raises(NumberingError) as raised:
        numbering.issue_number(outgoing(unit))
    assert raised.value.msgid == "error_numbering_no_agency_code"
    assert "机关代字" in str(raised.value)


def test_r_o8_only_outgoing_documents_get_a_wenhao(manager):
    with pytest.raises(ValueError):
        numbering.issue_number(incoming(manager.changyuan))
    with pytest.raises(ValueError):
        numbering.issue_receipt_number(outgoing(manager.changyuan))


def test_r_o8_series_record_of_an_unused_series_is_empty(manager):
    record = numbering.series_record(manager.changyuan, "issue", 2031)
    assert record == {
        "kind": "issue",
        "code": "长河",
        "year": 2031,
        "last": 0,
        "issued": [],
        "voided": [],
    }


def test_r_o8_errors_translate_to_chinese(manager):
    from zope.i18n import translate

    with pytest.raises(NumberingError) as raised:
        numbering.void_number(manager.changyuan, "长河〔2026〕1号", reason="  ")
    text = translate(numbering.message_of(raised.value), target_language="zh_CN")
    assert text == "作废编号必须填写原因。"
