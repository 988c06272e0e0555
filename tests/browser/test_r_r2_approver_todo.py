"""R-R2 in Chromium, as the approvers and the 系统管理员 use it.

A 销毁申请 of two 2015 items (定期10年, due 2026-01-01) made by the archivist waits in
监销人 cy_supervisor's 我的待办 as 「销毁申请 …（2 件）待您审批」; he opens it from there (he holds
no 'Archive documents': no 到期鉴定, no 提出销毁申请 for him), approves with an opinion, and the
row is gone from his 我的待办 while 局长 cy_director still has it.

The 系统管理员 gw_admin opens 网站设置 → 档案设置, takes 局长 off the 销毁审批职能 and saves;
an extension of 0 years is refused in Chinese and nothing is saved.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.archive import disposal
from collective.gongwen.archive.settings import IArchiveSettings
from tests.browser.conftest import log_in
from tests.support.expired import ARCHIVIST
from tests.support.expired import archived_item

TITLES = ("关于开展2015年汛前检查的通知", "关于印发2015年防汛值班制度的通知")
OPINION = "已核对清册，同意销毁，本人到场监销。"


def todo_row(tab):
    return tab.locator("tr.gongwen-todo-item[data-source='destruction']")


@pytest.mark.slow
def test_r_r2_supervisor_finds_the_request_in_his_todo_and_approves_it(
    functional_portal, portal_url, page, chromium, screenshot
):
    items = [archived_item(functional_portal, title=title) for title in TITLES]
    for item in items:
        disposal.appraise(item, "destroy", ARCHIVIST, note="保管期限已满，无保存价值。")
    unit = functional_portal["changyuan"]
    reason = "2015年度定期10年档案保管期限已满，经鉴定无继续保存价值。"
    request = disposal.create_request(unit, [i.UID() for i in items], reason, ARCHIVIST)
    transaction.commit()
    title = f"销毁申请 {request['id']}（2 件）待您审批"

    # 我的待办 → the request.
    log_in(page, portal_url, "cy_supervisor")
    page.goto(f"{portal_url}/@@gongwen-todo")
    row = todo_row(page)
    expect(row).to_have_count(1)
    expect(row.locator("td[data-label='标题']")).to_have_text(title)
    expect(row.locator("td[data-label='文种']")).to_have_text("销毁申请")
    expect(row.locator("td[data-label='当前环节']")).to_have_text("监销人审批")
    screenshot(page, "todo")
    row.locator("a").click()
    expect(page).to_have_url(
        f"{portal_url}/changyuan/archive/@@gongwen-destruction?id={request['id']}"
    )
    expect(page.locator(".gongwen-request-state")).to_have_text("待审批")
    expect(page.locator(".gongwen-request-items tbody tr")).to_have_count(2)
    expect(page.locator(".gongwen-request-reason")).to_have_text(reason)
    expect(page.locator("a[href$='/@@gongwen-appraisal']")).to_have_count(0)
    expect(page.locator("form.gongwen-create-form")).to_have_count(0)
    page.fill("#destruction-opinion", OPINION)
    screenshot(page, "request")
    page.click("button[name=decision][value=approve]")
    message = page.locator(".portalMessage, .alert-info, .alert-danger, .alert-error").first
    expect(message).to_contain_text("审批意见已记录")
    expect(page.locator(".gongwen-request-decisions")).to_contain_text(OPINION)
    expect(page.locator(".gongwen-decide-form")).to_have_count(0)
    screenshot(page, "approved")

    # Gone from his 我的待办; still in the 局长's.
    page.goto(f"{portal_url}/@@gongwen-todo")
    expect(todo_row(page)).to_have_count(0)
    screenshot(page, "todo-after")
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    director = context.new_page()
    log_in(director, portal_url, "cy_director")
    director.goto(f"{portal_url}/@@gongwen-todo")
    expect(todo_row(director)).to_have_count(1)
    expect(todo_row(director).locator("td[data-label='当前环节']")).to_have_text("局长审批")
    context.close()


@pytest.mark.slow
def test_r_r2_system_administrator_sets_the_approving_functions(
    functional_portal, portal_url, page, screenshot
):
    def saved(name):
        """The record as the server committed it (not this thread's request cache)."""
        transaction.begin()
        records = functional_portal.portal_registry.records
        return records[f"{IArchiveSettings.__identifier__}.{name}"].value

    log_in(page, portal_url, "gw_admin")
    page.goto(f"{portal_url}/@@overview-controlpanel")
    page.locator("#content a.btn[href$='/@@gongwen-archive-settings']").click()
    expect(page.locator("h1")).to_contain_text("档案设置")
    approvers = page.locator("#formfield-form-widgets-destruction_approvers")
    for name in ("办公室负责人", "局长", "监销人"):
        expect(approvers.get_by_label(name)).to_be_checked()
    expect(approvers.get_by_label("档案员")).not_to_be_checked()
    screenshot(page, "panel")

    # 0 years: refused in Chinese, nothing saved.
    approvers.get_by_label("局长").uncheck()
    page.fill("#form-widgets-appraisal_max_extension_years", "0")
    page.click("#form-buttons-save")
    error = page.locator("#formfield-form-widgets-appraisal_max_extension_years .invalid-feedback")
    expect(error.first).to_contain_text("应在 1 至 100 之间（现为 0）")
    screenshot(page, "refused")
    assert saved("destruction_approvers") == [
        "office_heads",
        "director",
        "destruction_supervisors",
    ]

    page.fill("#form-widgets-appraisal_max_extension_years", "30")
    approvers = page.locator("#formfield-form-widgets-destruction_approvers")
    if approvers.get_by_label("局长").is_checked():
        approvers.get_by_label("局长").uncheck()
    page.click("#form-buttons-save")
    expect(page.locator(".portalMessage").first).to_contain_text("更改已经保存")
    expect(
        page.locator("#formfield-form-widgets-destruction_approvers").get_by_label("局长")
    ).not_to_be_checked()
    screenshot(page, "saved")
    assert saved("destruction_approvers") == [
        "office_heads",
        "destruction_supervisors",
    ]
    assert saved("appraisal_max_extension_years") == 30
