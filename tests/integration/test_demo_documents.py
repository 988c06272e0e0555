"""The demo documents (SPEC §17; issue 18's checks run on them: R-S1, R-R1, R-R2) as
``make start`` makes them: applied on their own slow layer, through the real flows."""

import datetime

import pytest
from plone import api

from collective.gongwen.archive import rules as archive_rules
from collective.gongwen.archive.record import archive_info
from collective.gongwen.content.files import ORIGINAL
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.setuphandlers.demo_documents import create_documents
from collective.gongwen.setuphandlers.demo_documents import demo_documents as documents_data

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("demo_documents_session")]

OUTGOING = "gongwen_outgoing"
INCOMING = "gongwen_incoming"


@pytest.fixture
def site(demo_documents):
    return demo_documents["portal"]


def brains(site, unit, portal_type, **query):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type=portal_type, path="/".join(site[unit].getPhysicalPath()), **query
    )


def numbers(site, unit, portal_type, field, state):
    return sorted(
        getattr(b._unrestrictedGetObject(), field)
        for b in brains(site, unit, portal_type, review_state=state)
    )


def test_changyuan_sent_twelve_numbered_outgoing_of_2026(site):
    sent = [b._unrestrictedGetObject() for b in brains(site, "changyuan", OUTGOING)]
    numbered = {d.issue_number: d for d in sent if api.content.get_state(obj=d) == "sent"}
    assert sorted(numbered) == sorted(f"长河〔2026〕{n}号" for n in range(1, 13))
    for document in numbered.values():
        assert "official" in document.objectIds()  # 正式文件 typeset before 发送
        assert document.written_date.year == 2026
    kinds = {d.doc_kind for d in numbered.values()}
    assert {"notice", "report", "request", "decision", "letter"} <= kinds
    assert {d.direction for d in numbered.values()} == {"upward", "downward", "parallel"}
    assert {d.urgency for d in numbered.values()} == {"normal", "urgent", "very_urgent"}
    assert {d.retention for d in numbered.values()} == set(archive_rules.RETENTIONS)


def test_drafts_and_reviews_give_the_state_facet_several_values(site):
    states = {b.review_state for b in brains(site, "changyuan", OUTGOING)}
    assert {"draft", "dept_review", "office_review", "leader_sign", "sent", "archived"} <= states
    states = {b.review_state for b in brains(site, "changyuan", INCOMING)}
    assert {"registered", "proposing", "leader_reading", "handling", "done", "archived"} <= states


def test_changyuan_registered_ten_incoming_of_2026(site):
    found = sorted(
        (b._unrestrictedGetObject() for b in brains(site, "changyuan", INCOMING)),
        key=lambda d: d.receipt_number,
    )
    of_2026 = {d.receipt_number: d for d in found if "〔2026〕" in d.receipt_number}
    assert sorted(of_2026) == sorted(f"长河收〔2026〕{n}号" for n in range(1, 11))
    states = {n: api.content.get_state(obj=d) for n, d in of_2026.items()}
    assert list(states.values()).count("done") == 6
    assert states["长河收〔2026〕7号"] == "handling"
    assert all(d.source_organ and d.source_number for d in of_2026.values())
    # 签收 from the portal: 新乡河务局's 发文 became 长垣's 收文
    assert {d.source_number for d in of_2026.values()} >= {f"新河〔2026〕{n}号" for n in (1, 2, 3)}


def test_xinxiang_signed_for_changyuan_upward_documents(site):
    got = numbers(
        site, "xinxiang", INCOMING, "receipt_number", ["registered", "leader_reading", "done"]
    )
    assert got == [f"新河收〔2026〕{n}号" for n in (1, 2, 3)]
    assert numbers(site, "xinxiang", OUTGOING, "issue_number", "sent") == [
        f"新河〔2026〕{n}号" for n in (1, 2, 3)
    ]


def test_the_scanned_letter_is_the_original_and_its_ocr_text_is_searchable(site):
    letter = site.changyuan.incoming["demo-2026-in-county-letter"]
    (original,) = [f for f in files_of(letter) if role_of(f) == ORIGINAL]
    assert original.file.contentType == "image/png"
    catalog = api.portal.get_tool("portal_catalog")
    # a phrase only the scan carries (not in the title): found through its OCR text
    hits = catalog.unrestrictedSearchResults(SearchableText="迁安路线")
    assert letter.UID() in {b.UID for b in hits}


def test_old_years_are_archived_with_their_codes_and_2015_ten_years_expired(site):
    archived = [
        b._unrestrictedGetObject()
        for b in brains(site, "changyuan", [OUTGOING, INCOMING], review_state="archived")
    ]
    infos = {archive_info(d)["archival_code"]: (d, archive_info(d)) for d in archived}
    assert len(infos) == 12
    by_year = {}
    for code, (_document, info) in infos.items():
        assert archive_rules.parse_archival_code(code) is not None
        assert code.startswith(f"118-WS·{info['year']}-")
        assert info["files"] and all(f["sha256"] and f["sm3"] for f in info["files"])
        by_year.setdefault(info["year"], []).append(info)
    assert sorted(by_year) == [2015, 2016]
    ten_2015 = [i for i in by_year[2015] if i["retention"] == archive_rules.YEARS_10]
    assert len(ten_2015) == 6
    assert {i["retention"] for i in by_year[2015]} == set(archive_rules.RETENTIONS)
    day = datetime.date(2026, 12, 6)
    for info in ten_2015:
        assert archive_rules.expiry_date(2015, info["retention"]) == datetime.date(2026, 1, 1)
        assert archive_rules.is_expired(info["year"], info["retention"], day)
    for info in by_year[2016]:
        assert not archive_rules.is_expired(info["year"], info["retention"], day)
    numbers_2015 = sorted(
        d.issue_number for d, i in infos.values() if i["year"] == 2015 and d.portal_type == OUTGOING
    )
    assert numbers_2015 == [f"长河〔2015〕{n}号" for n in range(1, 7)]
    some = site.changyuan.outgoing["demo-2015-sand-patrol"]
    assert some.written_date == datetime.date(2015, 6, 12)
    assert some.created().year() == 2015


def test_r_s1_the_numbers_are_found_however_typed_by_who_may_see_them(site):
    from collective.gongwen.search.lookup import find_by_number

    duty = site.changyuan.outgoing["demo-2026-flood-duty"]
    for typed in ("长河〔2026〕4号", "长河[2026]4号", "长河（2026）第4号"):
        assert [b.UID for b in find_by_number(typed, unrestricted=True)] == [duty.UID()]
        assert [b.UID for b in as_user("cy_flood_staff", find_by_number, typed)] == [duty.UID()]
        assert as_user("xx_water_staff", find_by_number, typed) == []
    (seventh,) = find_by_number("长河收[2026]7号", unrestricted=True)
    assert seventh.review_state == "handling"
    assert [b.UID for b in as_user("cy_secretary1", find_by_number, "长河收〔2026〕7号")] == [
        seventh.UID
    ]
    assert as_user("xx_water_staff", find_by_number, "长河收〔2026〕7号") == []


def as_user(user_id, function, *args):
    with api.env.adopt_user(username=user_id):
        return function(*args)


def test_applying_them_again_creates_nothing(site):
    catalog = api.portal.get_tool("portal_catalog")
    before = len(catalog.unrestrictedSearchResults(portal_type=[OUTGOING, INCOMING]))
    assert create_documents(documents_data()) == 0
    assert len(catalog.unrestrictedSearchResults(portal_type=[OUTGOING, INCOMING])) == before


def test_r_d7_demo_documents_reach_departments_and_organs(site):
    """「局属各科室」 reaches each department's receivers; 抄送 an organ of the book goes
    out by its exchange method; no demo recipient is outside the book (R-D7)."""
    from collective.gongwen.exchange.deliveries import deliveries
    from collective.gongwen.setuphandlers.demo_documents import find_outgoing

    plan = deliveries(find_outgoing(site, "demo-2026-flood-plan"))
    assert [(r["recipient"], r["kind"], r["book"]) for r in plan] == [
        ("办公室", "main", "department"),
        ("工程管理科", "main", "department"),
        ("防汛办公室", "main", "department"),
        ("财务科", "main", "department"),
        ("新乡河务局", "cc", "unit"),
        ("长垣市水利局", "cc", "organ"),
    ]
    duty = deliveries(find_outgoing(site, "demo-2026-flood-duty"))
    assert [r["recipient"] for r in duty] == ["防汛办公室", "工程管理科", "办公室"]
    for brain in brains(site, "changyuan", OUTGOING, review_state=["sent", "archived"]):
        for record in deliveries(brain._unrestrictedGetObject()):
            assert record["book"] is not None, (brain.getId, record["recipient"])


def word_body_steps(document):
    """``[(kind, actor, actor_name, step)]`` of the Word 正文's versions, oldest first."""
    from collective.gongwen.content import body

    return [
        (r["kind"], r["actor"], r["actor_name"], r["step"]) for r in body.body_records(document)
    ]


def current_word_file(document):
    from collective.gongwen.content import body
    from collective.gongwen.wordbody.docx import read_document

    return read_document(body.body_item(document).file.data)


def test_r_d6_the_supplies_notice_has_a_word_body_checked_in_by_the_department_head(site):
    """A Word 正文 uploaded by the drafter, 签入 with the head's tracked changes at 核稿, left
    at 办公室负责人把关 with the office head (R-D6)."""
    from collective.gongwen.content import body
    from collective.gongwen.wordbody.actions import holds_step
    from collective.gongwen.wordbody.actions import may_edit

    document = site.changyuan.outgoing["demo-2026-flood-supplies"]
    assert api.content.get_state(obj=document) == "office_review"
    assert body.has_word_body(document) and not body.has_rich_text(document)
    assert word_body_steps(document) == [
        ("upload", "cy_eng_staff", "何磊", "draft"),
        ("checkin", "cy_eng_head", "马涛", "dept_review"),
    ]
    assert [r["version"] for r in body.body_records(document)] == [0, 1]
    assert holds_step(document, "cy_office_head") and may_edit(document, "cy_office_head")
    assert not holds_step(document, "cy_eng_head")
    word = current_word_file(document)
    assert {c["author"] for c in word.changes} == {"马涛"}
    assert ("del", "4月30日") in {(c["kind"], c["text"]) for c in word.changes}
    assert [b.label for b in word.blocks if b.kind == "heading"][:3] == ["一、", "二、", "（一）"]
    assert {b.kind for b in word.blocks} >= {"table", "image"}
    assert "2027年3月31日前完成补充储备" in word.accepted_text()


def test_r_d6_the_dike_patrol_notice_is_signed_with_three_versions_for_the_print_room(site):
    """Three versions (拟稿, 科长's changes, the office head's changes and comment), signed at
    the third, at 文印室登记编号排版 for the print room — not 清稿'd, so not yet numbered."""
    from collective.gongwen.content import body
    from collective.gongwen.wordbody.actions import holds_step
    from collective.gongwen.wordbody.actions import offers_clean

    document = site.changyuan.outgoing["demo-2026-dike-patrol"]
    assert api.content.get_state(obj=document) == "numbering"
    assert word_body_steps(document) == [
        ("upload", "cy_eng_staff", "何磊", "draft"),
        ("checkin", "cy_eng_head", "马涛", "dept_review"),
        ("checkin", "cy_office_head", "刘芳", "office_review"),
    ]
    assert body.signed_record(document) == body.current_record(document)
    assert body.current_record(document)["version"] == 2
    assert not body.is_clean(document) and not document.issue_number
    assert holds_step(document, "cy_print") and offers_clean(document, "cy_print")
    word = current_word_file(document)
    assert {c["author"] for c in word.changes} == {"马涛", "刘芳"}
    assert [(c["author"], c["text"]) for c in word.comments] == [
        ("刘芳", "请工程管理科核实今冬已发现的裂缝处数，写入通知。")
    ]
    assert "经研究，决定自12月10日起开展冬季堤防巡查" in word.accepted_text()
