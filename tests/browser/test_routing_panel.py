"""发文 routing in Chromium: the drafter submits a 下行文 通知, the department head finds it
in 我的待办, is refused an empty opinion (R-O2) and approves with one (R-O1, R-P3).
"""

import pytest
import transaction
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel as panel
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于做好汛前检查的通知"


@pytest.fixture
def notice(functional_portal):
    document = draft_outgoing(functional_portal, title=TITLE)
    transaction.commit()
    return document


def test_drafter_submits_and_head_approves_from_the_todo_list(page, portal_url, notice, screenshot):
    log_in(page, portal_url, "cy_eng_staff", PASSWORD)
    page.goto(notice.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("拟稿")
    screenshot(page, "draft")
    panel(page).get_by_role("button", name="提交").click()
    expect(page.get_by_text("已办理「提交」，当前环节：部门负责人核稿。")).to_be_visible()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("部门负责人核稿")
    expect(panel(page).locator("form.gongwen-act")).to_have_count(0)
    screenshot(page, "submitted")

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_eng_head", PASSWORD)
    page.goto(f"{portal_url}/@@gongwen-todo")
    rows = page.locator(".gongwen-todo-item")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("通知")
    expect(rows.first).to_contain_text("部门负责人核稿")
    expect(rows.first).to_contain_text("分钟")
    screenshot(page, "todo")
    rows.first.get_by_role("link", name=TITLE).click()

    panel(page).get_by_role("button", name="同意，送下一环节").click()
    expect(page.get_by_text("请填写意见后再提交（第十条：审核后须填写意见）。")).to_be_visible()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("部门负责人核稿")
    screenshot(page, "empty-opinion")

    page.fill("#gongwen-opinion", "同意，请办公室把关。")
    panel(page).get_by_role("button", name="同意，送下一环节").click()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("办公室负责人把关")
    history = panel(page).locator(".gongwen-opinion")
    expect(history).to_have_count(2)
    expect(history.nth(1)).to_contain_text("同意，请办公室把关。")
    screenshot(page, "approved")

    page.goto(f"{portal_url}/@@gongwen-todo")
    expect(page.get_by_text("目前没有待办公文。")).to_be_visible()
