"""R-D7: 主送/抄送 from the address book — delivery to departments and lists, external
organs kept by the office, names outside the book flagged before 发送; the pickers."""

import json

import pytest
from AccessControl import Unauthorized
from plone import api
from zExceptions import Unauthorized as PublisherUnauthorized
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange.browser.receipts import RecipientsCheck
from collective.gongwen.exchange.browser.tosign import waiting_deliveries
from collective.gongwen.org import addressbook_rules as book_rules
from collective.gongwen.org.addressbook import address_book
from collective.gongwen.org.sync import ensure_all_unit_folders
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until


def sent_downward(portal, main, cc=()):
    document = draft_outgoing(portal, "downward", main_recipients=main, cc_recipients=list(cc))
    return walk_until(document, DOWNWARD_PATH, "sent")


def by_recipient(document):
    return {record["recipient"]: record for record in deliveries.deliveries(document)}


def render(user_id, context, view_name):
    """``view_name`` on ``context`` as ``user_id`` would get it in a page of its own."""
    context.REQUEST.other.pop(RecipientsCheck.shown_key, None)  # a new request
    with api.env.adopt_user(username=user_id):
        return context.restrictedTraverse(view_name)()


def test_r_d7_demo_book_has_departments_units_lists_and_organs(portal):
    book = {entry.name: entry for entry in address_book(portal["changyuan"])}
    assert book["工程管理科"].kind == book_rules.DEPARTMENT
    assert book["局属各科室"].kind == book_rules.LIST
    assert book["局属各科室"].members == ("办公室", "工程管理科", "防汛办公室", "财务科")
    assert book["新乡河务局"].kind == book_rules.UNIT
    assert book["新乡河务局水政水资源科"].department_id == "water"
    assert book["长垣市财政局"].kind == book_rules.ORGAN
    assert book["长垣市人民政府"].method == "paper"
    # Another unit's organs are its own office's, not in 长垣's book.
    assert "新乡市水利局" not in book


def test_r_d7_department_recipient_reaches_its_receivers(portal):
    """主送 a department and an external organ of the book: the department's receivers
    have it 待签收; the organ is outside the portal, by its exchange method."""
    document = sent_downward(portal, ["工程管理科", "长垣市财政局"])
    records = by_recipient(document)
    engineering = portal["changyuan"]["engineering"]
    own = records["工程管理科"]
    assert own["department_uid"] == engineering.UID() and own["book"] == book_rules.DEPARTMENT
    with api.env.adopt_user(username="cy_eng_receiver"):
        found = waiting_deliveries(engineering)
        assert [r["id"] for _d, r in found] == [own["id"]]
        assert api.user.has_permission("View", obj=document["official"])
        assert "关于做好汛前检查的通知" in engineering.restrictedTraverse("@@gongwen-to-sign")()
    organ = records["长垣市财政局"]
    assert organ["unit_uid"] is None and organ["book"] == book_rules.ORGAN
    assert organ["method"] == "package"
    page = render("cy_secretary1", document, "@@gongwen-receipts")
    assert "（外部机关，交换包）" in page
    assert "不在通讯录" not in page


def test_r_d7_distribution_list_expands_to_every_department(portal):
    """「局属各科室」 reaches each department's receivers; a department also named in 抄送
    gets one delivery, the 主送's."""
    document = sent_downward(portal, ["局属各科室"], cc=["工程管理科", "新乡河务局"])
    records = deliveries.deliveries(document)
    assert [(r["recipient"], r["kind"]) for r in records] == [
        ("办公室", "main"),
        ("工程管理科", "main"),
        ("防汛办公室", "main"),
        ("财务科", "main"),
        ("新乡河务局", "cc"),
    ]
    assert {r["list_name"] for r in records[:4]} == {"局属各科室"}
    unit = portal["changyuan"]
    for department_id, receiver in (
        ("engineering", "cy_eng_receiver"),
        ("office", "cy_secretary1"),
    ):
        with api.env.adopt_user(username=receiver):
            waiting = waiting_deliveries(unit[department_id])
        assert [d.UID() for d, _r in waiting] == [document.UID()]
    assert not [r for r in records if r["unit_uid"] is None]
    assert "经「局属各科室」分发" in render("cy_secretary1", document, "@@gongwen-receipts")


def test_r_d7_unknown_name_is_flagged_before_sending(portal):
    document = draft_outgoing(
        portal, "downward", main_recipients=["工程管理科"], cc_recipients=["长垣县应急管理局"]
    )
    # The drafter sees it on the document already (not in 待签收 anywhere: it is a draft).
    page = render("cy_eng_staff", document, "@@gongwen-receipts")
    assert "以下机关不在通讯录中" in page and "「长垣县应急管理局」" in page
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    check = render("cy_secretary1", document, "@@gongwen-recipients-check")
    assert "「长垣县应急管理局」" in check
    assert 'data-recipient="工程管理科"' in check and "科室，由其部门收文员签收" in check
    assert "不在通讯录，按系统外机关以交换包发送" in check
    # Flagged, not blocked (decision 4): 发送 goes ahead; the receipt says what it was.
    walk_until(document, DOWNWARD_PATH[5:], "sent")
    record = by_recipient(document)["长垣县应急管理局"]
    assert record["book"] is None and record["unit_uid"] is None
    assert "（不在通讯录，系统外，使用交换包）" in render(
        "cy_secretary1", document, "@@gongwen-receipts"
    )


def test_r_d7_a_document_all_in_the_book_shows_no_warning(portal):
    document = draft_outgoing(portal, "downward", main_recipients=["局属各科室"])
    check = render("cy_eng_staff", document, "@@gongwen-recipients-check")
    assert "不在通讯录中" not in check
    assert "分发至本单位各科室（办公室、工程管理科、防汛办公室、财务科）" in check


def test_r_d7_the_office_keeps_the_organs(portal):
    folder = portal["changyuan"]["addressbook"]
    assert folder.getLayout() == "gongwen-addressbook"
    with api.env.adopt_user(username="cy_secretary2"):
        organ = api.content.create(
            container=folder, type="gongwen_organ", title="长垣市应急管理局", short_names=["应急局"]
        )
        assert api.user.has_permission("Modify portal content", obj=organ)
    book = address_book(portal["changyuan"])
    assert book_rules.find("应急局", book).name == "长垣市应急管理局"
    for user_id in ("cy_eng_staff", "xx_secretary"):
        with api.env.adopt_user(username=user_id):
            assert not api.user.has_permission("Modify portal content", obj=organ)
            assert api.user.has_permission("View", obj=organ)
            with pytest.raises((Unauthorized, PublisherUnauthorized)):
                api.content.create(container=folder, type="gongwen_organ", title="某机关")
    page = render("cy_office_head", folder, "@@gongwen-addressbook")
    assert "长垣市应急管理局" in page and "添加外部机关" in page
    assert "添加外部机关" not in render("cy_eng_staff", folder, "@@gongwen-addressbook")


def test_r_d7_picker_entries_are_grouped(portal):
    outgoing = portal["changyuan"]["outgoing"]
    data = json.loads(render("cy_eng_staff", outgoing, "@@gongwen-addressbook-entries"))
    groups = {group["title"]: [e["name"] for e in group["entries"]] for group in data["groups"]}
    assert list(groups) == ["本单位科室", "系统内单位", "外部机关"]
    assert groups["本单位科室"] == ["局属各科室", "办公室", "工程管理科", "防汛办公室", "财务科"]
    assert "新乡河务局水政水资源科" in groups["系统内单位"]
    assert "长垣河务局工程管理科" not in groups["系统内单位"]  # the own one is listed bare
    assert "长垣市财政局" in groups["外部机关"]
    assert "${name}" in data["texts"]["free"]


def test_r_d7_reading_leaders_vocabulary_lists_only_leaders(portal):
    factory = getUtility(IVocabularyFactory, "collective.gongwen.ReadingLeaders")
    ids = [term.value for term in factory(portal["changyuan"]["incoming"])]
    assert ids == ["cy_leader1", "cy_leader2", "cy_leader3", "cy_director"]
    assert [t.value for t in factory(portal["xinxiang"]["incoming"])] == [
        "xx_leader",
        "xx_director",
    ]


def test_r_d7_departments_vocabulary_is_the_units_own(portal):
    factory = getUtility(IVocabularyFactory, "collective.gongwen.DocumentDepartments")
    titles = [term.title for term in factory(portal["changyuan"]["outgoing"])]
    assert titles == ["办公室", "工程管理科", "防汛办公室", "财务科"]
    assert [t.title for t in factory(portal["xinxiang"]["outgoing"])] == ["办公室", "水政水资源科"]
    assert len(factory(portal)) == 6  # outside a unit: every department, titled with its unit
    # A document keeps its stored department selectable.
    document = draft_outgoing(portal, "downward")
    document.drafting_department = portal["xinxiang"]["water"].UID()
    assert portal["xinxiang"]["water"].UID() in factory(document)


def test_r_d7_upgrade_1012_gives_existing_units_their_addressbook(portal):
    unit = portal["xinxiang"]
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(unit["addressbook"])
    assert "addressbook" not in unit
    ensure_all_unit_folders(None)
    assert unit["addressbook"].getLayout() == "gongwen-addressbook"
    assert unit["addressbook"].locally_allowed_types == ("gongwen_organ",)


def test_r_d7_rest_refuses_a_reader_who_is_not_a_leader(portal):
    """The picker's limits hold on every path: REST refuses an archivist as 阅批领导 and
    another unit's department as 承办部门 (the field's vocabulary, bound to the document)."""
    from plone.restapi.interfaces import IDeserializeFromJson
    from zExceptions import BadRequest
    from zope.component import getMultiAdapter

    from tests.support.incoming import register_incoming

    document = register_incoming(portal)
    request = portal.REQUEST
    with api.env.adopt_user(username="cy_secretary1"):
        deserialize = getMultiAdapter((document, request), IDeserializeFromJson)
        for data in (
            {"reading_leaders": ["cy_archivist"]},
            {"handling_departments": [portal["xinxiang"]["water"].UID()]},
        ):
            with pytest.raises(BadRequest):
                deserialize(data=data)
        deserialize(data={"reading_leaders": ["cy_leader2", "cy_director"]})
    assert document.reading_leaders == ["cy_leader2", "cy_director"]


def test_r_d7_the_check_shows_once_per_page(portal):
    """Included in the 办理 panel's area and through the receipts, it shows in the first."""
    document = draft_outgoing(portal, "downward", main_recipients=["某县某局"])
    assert "「某县某局」" in render("cy_eng_staff", document, "@@gongwen-recipients-check")
    with api.env.adopt_user(username="cy_eng_staff"):
        assert document.restrictedTraverse("@@gongwen-receipts")() == ""


def test_r_d7_the_book_is_for_staff(portal):
    from AccessControl.SecurityManagement import getSecurityManager
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import setSecurityManager
    from AccessControl.SpecialUsers import nobody

    outgoing = portal["changyuan"]["outgoing"]
    manager = getSecurityManager()
    newSecurityManager(None, nobody)
    try:
        with pytest.raises((Unauthorized, PublisherUnauthorized)):
            outgoing.restrictedTraverse("@@gongwen-addressbook-entries")()
    finally:
        setSecurityManager(manager)
