"""R-P1, R-P3 in Chromium, at 1366 × 768 and on a phone (390 × 844, issue 19 items 3 and 5).

cy_eng_staff (工程管理科) has drafted three 发文: one still a draft, one sent on to
cy_eng_head (加急, its 办理时限 passed) and one cy_eng_head returned. cy_eng_head finds
the second in 我的待办 — 发文, 加急, 发送人 the drafter, 已超期, how long it waited — and
in the unit's 发文 listing with its holder and sender; cy_eng_staff finds the draft and the
returned one under 草稿 and only the returned one, marked 「已退回」, in 我的待办. On the
phone the same tables are cards of labelled lines: nothing wider than the screen, no
one-character columns.
"""

import datetime

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.routing.actions import act
from tests.browser.conftest import DESKTOP
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFT = "关于开展堤防隐患排查的通知"
SENT = "关于做好汛前检查的通知"
RETURNED = "关于堤防工程维修经费的报告"
PHONE_WIDTH = 390
# the narrowest a card's line may be (the screen less the page's and the card's margins)
READABLE = 250


def name_of(user_id):
    return api.user.get(userid=user_id).getProperty("fullname")


@pytest.fixture
def documents(functional_portal):
    portal = functional_portal
    draft_outgoing(portal, title=DRAFT)
    today = datetime.date.today()
    # 加急 asks for a 办理时限 (R-D4); it passes while the head has it
    sent = draft_outgoing(
        portal, title=SENT, urgency="urgent", deadline=today + datetime.timedelta(days=2)
    )
    returned = draft_outgoing(portal, "upward", title=RETURNED)
    with api.env.adopt_user(username="cy_eng_staff"):
        act(sent, "submit")
        act(returned, "submit")
    with api.env.adopt_user(username="cy_eng_head"):
        act(returned, "return", "请补充经费测算依据。")
    sent.deadline = today - datetime.timedelta(days=1)
    sent.reindexObject()
    transaction.commit()
    return {"sent": sent, "returned": returned}


def todo_rows(tab):
    return tab.locator("table.gongwen-todo tbody tr")


def check_head_todo(tab, portal_url):
    tab.goto(f"{portal_url}/@@gongwen-todo")
    row = todo_rows(tab).filter(has_text=SENT)
    expect(row).to_have_count(1)
    sender = name_of("cy_eng_staff")
    for text in ("发文", "通知", "加急", "部门负责人核稿", sender, "已超期", "分钟"):
        expect(row).to_contain_text(text)
    expect(todo_rows(tab).filter(has_text=DRAFT)).to_have_count(0)
    return row


def check_listing(tab, portal_url):
    tab.goto(f"{portal_url}/changyuan/outgoing")
    row = tab.locator("table.gongwen-listing tbody tr").filter(has_text=SENT)
    expect(row).to_have_count(1)
    expect(row.locator(".gongwen-listing-holders")).to_have_text(name_of("cy_eng_head"))
    expect(row.locator(".gongwen-listing-sender")).to_have_text(name_of("cy_eng_staff"))
    expect(row.locator(".gongwen-overdue")).to_contain_text("已超期")
    return row


def check_drafter(tab, portal_url):
    """The drafter's 我的待办 (the returned one only) and 草稿 (both of theirs)."""
    tab.goto(f"{portal_url}/@@gongwen-todo")
    expect(todo_rows(tab)).to_have_count(1)
    expect(todo_rows(tab).first).to_contain_text(RETURNED)
    expect(todo_rows(tab).first.locator(".gongwen-returned")).to_have_text("已退回")
    expect(tab.locator(".gongwen-todo-drafts")).to_contain_text("另有草稿 2 件")
    tab.locator(".gongwen-todo-drafts a").click()
    expect(tab.locator("h1.documentFirstHeading")).to_have_text("草稿")
    rows = tab.locator("table.gongwen-drafts tbody tr")
    expect(rows).to_have_count(2)
    returned = rows.filter(has_text=RETURNED)
    expect(returned.locator(".gongwen-returned")).to_have_text("已退回")
    expect(returned.locator(".gongwen-drafts-returned-by")).to_have_text(name_of("cy_eng_head"))
    expect(rows.filter(has_text=DRAFT).locator(".gongwen-returned")).to_have_count(0)


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_r_p3_todo_listing_and_drafts_at_1366(open_tab, portal_url, documents, screenshot, locale):
    # an en-US browser gets the same Chinese portal (issue 19 item 4)
    tab = open_tab(locale=locale, **DESKTOP)
    log_in(tab, portal_url, "cy_eng_head")
    check_head_todo(tab, portal_url)
    screenshot(tab, "head-todo")
    check_listing(tab, portal_url)
    screenshot(tab, "head-listing")
    tab.goto(f"{portal_url}/logout")
    log_in(tab, portal_url, "cy_eng_staff")
    tab.goto(portal_url)
    # 草稿 is a tab of the portal's navigation
    expect(tab.locator("#portal-globalnav a[href$='@@gongwen-drafts']")).to_have_count(1)
    check_drafter(tab, portal_url)
    screenshot(tab, "staff-drafts")


def assert_cards_fit(tab, table):
    """No horizontal scrolling; each row a card, each visible cell a readable line."""
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    cells = tab.locator(f"{table} tbody td")
    for index in range(cells.count()):
        cell = cells.nth(index)
        if not cell.is_visible():
            continue
        box = cell.bounding_box()
        assert box["width"] >= READABLE, (index, box)
        label = cell.get_attribute("data-label")
        before = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        if label and "gongwen-cell-title" not in (cell.get_attribute("class") or ""):
            assert before == f'"{label}"', (label, before)


def test_r_p3_todo_listing_and_drafts_on_a_phone(phone_page, portal_url, documents, screenshot):
    tab = phone_page
    log_in(tab, portal_url, "cy_eng_head")
    row = check_head_todo(tab, portal_url)
    # the title heads the card; the deadline's line keeps its label
    expect(row.locator("td.gongwen-cell-title a")).to_be_visible()
    screenshot(tab, "head-todo")
    assert_cards_fit(tab, "table.gongwen-todo")
    check_listing(tab, portal_url)
    screenshot(tab, "head-listing")
    assert_cards_fit(tab, "table.gongwen-listing")
    tab.goto(f"{portal_url}/logout")
    log_in(tab, portal_url, "cy_eng_staff")
    check_drafter(tab, portal_url)
    screenshot(tab, "staff-drafts")
    assert_cards_fit(tab, "table.gongwen-drafts")
