"""R-P3, R-SEC1: the unit folders' listings (发文/收文/档案) and the unit navigation.

Demo organisation (长垣河务局): cy_secretary1 registers 收文; cy_eng_staff
(工程管理科) drafts 发文. Overdue is made by putting a deadline in the past.
"""

import datetime

import pytest
from DateTime import DateTime
from plone import api
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.sync import FOLDER_VIEW
from collective.gongwen.org.sync import set_folder_views
from collective.gongwen.portal import listing_rules
from tests.support.incoming import done
from tests.support.incoming import overdue_now
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=3)


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def incoming(portal, title, **fields):
    return register_incoming(portal, title=title, **fields)


def listing(folder, user, **form):
    """``@@gongwen-listing`` of ``folder`` as ``user`` with request ``form``; (view, html)."""
    return render_as(folder, "gongwen-listing", user, **form)


def titles(view):
    return [row["title"] for row in view.rows]


def test_r_p3_unit_folders_show_the_listing_by_default(portal):
    unit = portal["changyuan"]
    for folder_id in ("outgoing", "incoming"):
        assert unit[folder_id].getLayout() == FOLDER_VIEW
    # the 档案 folder's is 档案管理 (R-R1, tests/integration/test_r_r1_catalogue.py)
    assert unit["archive"].getLayout() == "gongwen-archive-home"
    # sites made before: the upgrade sets it on existing folders
    unit["incoming"].setLayout("listing_view")
    set_folder_views(unit)
    assert unit["incoming"].getLayout() == FOLDER_VIEW


def test_r_p3_incoming_listing_rows_come_from_the_catalog(portal, monkeypatch):
    document = incoming(portal, "关于防汛物资储备的通知", urgency="urgent", deadline=TODAY)

    def refusing(name):
        original = getattr(AbstractCatalogBrain, name)

        def no_documents(self, *args, **kwargs):
            # (the page's header may look up the units for their names; no document is loaded)
            if self.portal_type in listing_rules.FOLDER_TYPES["archive"]:
                raise AssertionError("the listing loaded a document")
            return original(self, *args, **kwargs)

        return no_documents

    for name in ("getObject", "_unrestrictedGetObject"):
        monkeypatch.setattr(AbstractCatalogBrain, name, refusing(name))
    view, html = listing(portal["changyuan"]["incoming"], "cy_secretary1")
    row = next(row for row in view.rows if row["url"] == document.absolute_url())
    assert row["number"] == document.receipt_number
    assert row["number"].startswith("长河收〔")
    assert (row["kind"], row["urgency"], row["urgent"]) == ("通知", "加急", True)
    assert row["step"] == "秘书登记"
    assert row["date"] == TODAY.isoformat()
    assert "关于防汛物资储备的通知" in html
    assert "文号/收文编号" in html and "筛选" in html


def test_r_p3_filter_by_urgency(portal):
    incoming(portal, "特急：关于黄河凌汛的紧急通知", urgency="very_urgent", deadline=TODAY)
    incoming(portal, "普通：关于年度培训的通知")
    view, _html = listing(portal["changyuan"]["incoming"], "cy_secretary1", urgency="very_urgent")
    assert "特急：关于黄河凌汛的紧急通知" in titles(view)
    assert "普通：关于年度培训的通知" not in titles(view)
    assert all(row["urgency"] == "特急" for row in view.rows)


def test_r_p3_filter_by_state(portal):
    finished = done(portal)
    incoming(portal, "刚登记的来文")
    folder = portal["changyuan"]["incoming"]
    view, _html = listing(folder, "cy_secretary1", state="done")
    assert finished.Title() in titles(view)
    assert "刚登记的来文" not in titles(view)
    assert ("done", "结束", True) in view.state_options()


def test_r_p3_filter_by_year(portal):
    incoming(portal, "今年登记的来文")
    folder = portal["changyuan"]["incoming"]
    view, _html = listing(folder, "cy_secretary1", year=str(TODAY.year))
    assert "今年登记的来文" in titles(view)
    view, _html = listing(folder, "cy_secretary1", year=str(TODAY.year - 1))
    assert "今年登记的来文" not in titles(view)
    assert view.filters.year == TODAY.year - 1


def test_r_p3_overdue_filter_shows_open_documents_past_their_deadline(portal):
    late = incoming(portal, "已超期的来文")
    overdue_now(late, PAST)
    incoming(portal, "未超期的来文")
    finished = done(portal)
    overdue_now(finished, PAST)
    view, html = listing(portal["changyuan"]["incoming"], "cy_secretary1", overdue="1")
    assert "已超期的来文" in titles(view)
    assert "未超期的来文" not in titles(view)
    assert finished.Title() not in titles(view)
    row = next(row for row in view.rows if row["title"] == "已超期的来文")
    assert row["overdue"] and row["deadline"] == PAST.isoformat()
    assert "已超期" in html


def test_r_p3_outgoing_overdue_by_the_documents_own_deadline(portal):
    late = draft_outgoing(portal, title="拟稿已超过办理时限的通知", urgency="urgent", deadline=PAST)
    draft_outgoing(portal, title="尚在时限内的通知", urgency="urgent", deadline=TODAY)
    view, _html = listing(portal["changyuan"]["outgoing"], "cy_eng_staff", overdue="1")
    assert titles(view) == [late.Title()]
    view, _html = listing(portal["changyuan"]["outgoing"], "cy_eng_staff")
    assert {"拟稿已超过办理时限的通知", "尚在时限内的通知"} <= set(titles(view))


def test_r_p3_unknown_filters_list_everything(portal):
    incoming(portal, "任意一份来文")
    view, _html = listing(
        portal["changyuan"]["incoming"], "cy_secretary1", state="nonsense", urgency="x", year="y"
    )
    assert not view.filters.active()
    assert "任意一份来文" in titles(view)


def test_r_p3_listing_is_paginated(portal, monkeypatch):
    monkeypatch.setattr(listing_rules, "PAGE_SIZE", 2)
    for number in range(5):
        document = incoming(portal, f"分页测试来文{number}")
        # the catalog keeps dates to the minute: one minute apart, newest last
        document.creation_date = DateTime() - (5 - number) / (24 * 60)
        document.reindexObject(idxs=["created"])
    folder = portal["changyuan"]["incoming"]
    view, html = listing(folder, "cy_secretary1")
    assert titles(view) == ["分页测试来文4", "分页测试来文3"]
    assert view.batch.sequence_length >= 5
    assert "b_start:int=2" in html or "b_start=2" in html
    view, _html = listing(folder, "cy_secretary1", b_start="2")
    assert titles(view) == ["分页测试来文2", "分页测试来文1"]


def test_r_sec1_listing_shows_only_what_the_user_may_see(portal):
    document = draft_outgoing(portal, title="工程管理科的草稿")
    folder = portal["changyuan"]["outgoing"]
    view, _html = listing(folder, "cy_eng_staff")
    assert "工程管理科的草稿" in titles(view)
    for outsider in ("cy_fin_staff", "xx_secretary"):
        assert not api.user.has_permission("View", username=outsider, obj=document)
        view, html = listing(folder, outsider)
        assert "工程管理科的草稿" not in titles(view)
        assert "工程管理科的草稿" not in html


def test_r_sec1_classified_register_entry_listed_for_secretaries_only(portal):
    entry = incoming(
        portal,
        "涉密来文登记",
        classification="confidential",
        copy_number="000007",
        secrecy_period="10年",
    )
    folder = portal["changyuan"]["incoming"]
    view, html = listing(folder, "cy_secretary2")
    row = next(row for row in view.rows if row["url"] == entry.absolute_url())
    assert row["classified"] and row["classification"] == "机密"
    view, html = listing(folder, "cy_eng_staff")
    assert "涉密来文登记" not in html


def test_r_p3_archive_lists_both_kinds(portal):
    view, html = listing(portal["changyuan"]["archive"], "cy_archivist")
    assert view.mixed
    assert view.portal_types == ("gongwen_outgoing", "gongwen_incoming")
    assert "没有符合条件的公文" in html


def test_r_p3_secretaries_get_the_add_and_to_sign_links(portal):
    folder = portal["changyuan"]["incoming"]
    view, html = listing(folder, "cy_secretary1")
    assert "登记收文" in html
    with api.env.adopt_user(username="cy_secretary1"):
        assert view.to_sign_url().endswith("/changyuan/@@gongwen-to-sign")
        assert [url for _title, url in view.add_links()] == [
            f"{folder.absolute_url()}/++add++gongwen_incoming"
        ]
    view, html = listing(folder, "cy_eng_staff")
    assert "登记收文" not in html
    assert "gongwen-listing-actions" not in html


# --- the unit navigation -----------------------------------------------------------


def nav(context, user):
    with api.env.adopt_user(username=user):
        view = context.restrictedTraverse("@@gongwen-unit-nav")
        return view, view()


def test_r_p3_unit_nav_links_to_the_folders_and_to_sign_with_counts(portal):
    late = incoming(portal, "导航超期来文")
    overdue_now(late, PAST)
    unit = portal["changyuan"]
    view, html = nav(unit, "cy_secretary1")
    (entry,) = view.entries
    links = {link["id"]: link for link in entry["links"]}
    # 档案管理 is the archivists' (R-R1)
    assert list(links) == ["outgoing", "incoming", "to-sign", "overdue-statistics"]
    # R-I5, R-O12: the secretaries and office heads reach the year's 超期统计
    assert links["overdue-statistics"]["url"].endswith("/changyuan/@@gongwen-overdue")
    assert "超期统计" in html
    assert links["incoming"]["url"] == unit["incoming"].absolute_url()
    assert links["incoming"]["count"] >= 1
    assert links["incoming"]["overdue"] >= 1
    assert links["incoming"]["overdue_url"].endswith("/changyuan/incoming?overdue=1")
    assert links["to-sign"]["url"].endswith("/changyuan/@@gongwen-to-sign")
    for text in ("发文", "收文", "待签收", "超期"):
        assert text in html
    assert "<html" not in html


def test_r_p3_unit_nav_without_to_sign_for_staff(portal):
    view, html = nav(portal["changyuan"], "cy_eng_staff")
    ids = [link["id"] for link in view.entries[0]["links"]]
    assert ids == ["outgoing", "incoming"]
    assert "待签收" not in html


def test_r_p3_unit_nav_on_the_site_shows_the_users_units(portal):
    view, _html = nav(portal, "cy_eng_staff")
    assert [entry["title"] for entry in view.entries] == ["长垣河务局"]
    view, _html = nav(portal, "xx_water_staff")
    assert [entry["title"] for entry in view.entries] == ["新乡河务局"]
    view, _html = nav(portal, "gw_admin")  # holds no function: every unit
    assert len(view.entries) == 2


def test_r_p3_unit_nav_is_empty_for_anonymous(portal):
    from plone.app.testing import logout

    logout()
    assert portal["changyuan"].restrictedTraverse("@@gongwen-unit-nav")() == ""
