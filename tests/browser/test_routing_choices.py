"""The 办理 panel's choices in Chromium (R-ORG1, R-O1, R-O2, R-O7, R-P3).

防汛办公室 has two heads: the drafter picks the deputy as reviewer in the
panel, and only the deputy finds it through 我的待办 in the navigation. A
leader co-signing from a page that another co-signer made stale is refused,
and the opinion they typed is back in the box for the next click.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.steps.opinions import opinions
from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel as panel
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于调拨防汛物资的通知"


def switch_user(page, portal_url, user):
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, user, PASSWORD)


def todo_from_navigation(page):
    page.locator("#portal-globalnav").get_by_role("link", name="我的待办").click()
    expect(page.locator("h1")).to_have_text("我的待办")
    return page.locator(".gongwen-todo-item")


def test_r_org1_drafter_picks_the_deputy_head_who_finds_it_in_the_todo_tab(
    page, portal_url, functional_portal, screenshot
):
    document = draft_outgoing(
        functional_portal, drafter="cy_flood_staff", department="flood", title=TITLE
    )
    transaction.commit()
    switch_user(page, portal_url, "cy_flood_staff")
    page.goto(document.absolute_url())
    choice = panel(page).locator("select[name=next_assignee]")
    expect(choice.locator("option")).to_have_count(3)  # 全部 and the two heads
    choice.select_option("cy_flood_deputy")
    screenshot(page, "choose-reviewer")
    panel(page).get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理「提交」")
    holder = panel(page).locator(".gongwen-routing-holders")
    expect(holder).not_to_have_text("无")
    held_by = holder.inner_text()

    switch_user(page, portal_url, "cy_flood_head")
    expect(todo_from_navigation(page)).to_have_count(0)
    switch_user(page, portal_url, "cy_flood_deputy")
    rows = todo_from_navigation(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE)
    screenshot(page, "deputy-todo")
    rows.first.get_by_role("link", name=TITLE).click()
    expect(panel(page).locator(".gongwen-routing-holders")).to_have_text(held_by)
    expect(panel(page).locator("form.gongwen-act")).to_have_count(1)


def test_r_o7_a_stale_countersign_keeps_the_typed_opinion(
    page, portal_url, functional_portal, screenshot
):
    document = draft_outgoing(functional_portal, title="关于汛期值班安排的通知")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    do(
        document,
        "cy_office_head",
        "request_countersign",
        "请会签。",
        assignees=["cy_leader1", "cy_leader3"],
    )
    transaction.commit()

    switch_user(page, portal_url, "cy_leader3")
    page.goto(document.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("领导会签")
    # meanwhile the other co-signer signs: this page is now stale (seen afresh: opening the
    # page wrote cy_leader3's read mark, R-O11)
    transaction.begin()
    do(document, "cy_leader1", "countersign", "同意。")
    transaction.commit()
    opinion = "同意，请注意值班人员的交接。"
    panel(page).locator("textarea[name=opinion]").fill(opinion)
    panel(page).get_by_role("button", name="会签", exact=True).click()
    message = page.locator(".portalMessage").first
    expect(message).to_contain_text("公文已被他人处理")
    expect(message).to_contain_text("您填写的意见已保留在下方「办理」栏中")
    expect(panel(page).locator("textarea[name=opinion]")).to_have_value(opinion)
    screenshot(page, "opinion-kept")
    # now the last pending co-signer: their action is 送秘书 (R-O7)
    panel(page).get_by_role("button", name="送秘书", exact=True).click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理「送秘书」")
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("办公室负责人把关")
    expect(panel(page).locator(".gongwen-opinion").last).to_contain_text(opinion)
    transaction.begin()
    assert [r.actor for r in opinions(document)][-2:] == ["cy_leader1", "cy_leader3"]
