"""R-R2 in Chromium: 到期鉴定 → 销毁申请 → three approvals → 执行销毁 → 销毁清册, as the people who
do it, and a legal hold that blocks the execution with the item's 档号 named.

Four 发文 of 2015 archived 定期10年 (their term ended on 2026-01-01) are prepared. The
archivist opens 档案管理 → 到期鉴定, appraises three 销毁 and one 延长保管 (定期30年), makes a
销毁申请 of the three, and puts a 法律保全 on one of them from its page. 办公室负责人, 局长 and
监销人 each log in and approve with an opinion. The archivist's 执行销毁 is refused naming the
held item's 档号; the hold is lifted on the document's page and the execution goes through,
driven by a real ``gongwen-worker`` while the archivist watches its progress page.
The 销毁清册 shows the three entries with their approvals; the destroyed pages are gone.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.archive.record import archive_info
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.support.expired import APPROVERS
from tests.support.expired import ARCHIVIST
from tests.support.expired import archived_item

TITLES = (
    "关于报送2015年度堤防工程维修计划的通知",
    "关于开展2015年汛前检查的通知",
    "关于印发2015年防汛值班制度的通知",
    "关于2015年度防汛物资清查情况的通报",
)
OPINIONS = {
    "cy_office_head": "经核对，同意销毁。",
    "cy_director": "同意。",
    "cy_supervisor": "同意销毁，本人到场监销。",
}


def tab_of(chromium, portal_url, user):
    """A new browser tab (own cookies) with ``user`` logged in."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    log_in(tab, portal_url, user)
    return tab


def message(tab):
    return tab.locator(".portalMessage, .alert-info, .alert-danger, .alert-error").first


@pytest.mark.slow
def test_r_r2_archivist_appraises_approvers_approve_and_the_register_shows_it(
    functional_portal, portal_url, conversion_worker, chromium, page, screenshot
):
    items = [archived_item(functional_portal, title=title) for title in TITLES]
    codes = [archive_info(item)["archival_code"] for item in items]
    urls = [f"{portal_url}/{'/'.join(item.getPhysicalPath()[2:])}" for item in items]
    transaction.commit()
    destroyed, kept, held = codes[:3], codes[3], codes[2]

    # 档案管理 → 到期鉴定: the four items whose term has ended.
    log_in(page, portal_url, ARCHIVIST)
    page.goto(f"{portal_url}/changyuan/archive")
    page.click("[data-screen=gongwen-appraisal] a")
    rows = page.locator("tr.gongwen-appraisal-row")
    expect(rows).to_have_count(4)
    expect(rows.first.locator("td").nth(5)).to_have_text("2026-01-01")
    for code in destroyed:
        page.check(f"tr[data-code='{code}'] input[type=checkbox]")
    page.check("#decision-destroy")
    page.fill("#appraisal-note", "保管期限已满，经鉴定已无保存价值。")
    screenshot(page, "appraisal")
    page.click("button[name='form.appraise']")
    expect(message(page)).to_contain_text("已鉴定 3 件")
    page.check(f"tr[data-code='{kept}'] input[type=checkbox]")
    page.check("#decision-extend")
    page.select_option("select[name=new_retention]", "30_years")
    page.fill("#appraisal-note", "涉及堤防工程历史资料，延长保管。")
    page.click("button[name='form.appraise']")
    expect(message(page)).to_contain_text("已鉴定 1 件")
    for code in destroyed:
        expect(page.locator(f"tr[data-code='{code}'] .gongwen-appraisal-decision")).to_have_text(
            "销毁"
        )
    # Kept until 2046 (定期30年): no longer due, so no longer listed.
    expect(page.locator(f"tr[data-code='{kept}']")).to_have_count(0)
    expect(rows).to_have_count(3)
    screenshot(page, "appraised")

    # 销毁申请 of the three.
    page.click("a[href$='/@@gongwen-destruction']")
    create = page.locator("form.gongwen-create-form")
    expect(create.locator("input[type=checkbox]")).to_have_count(3)
    page.fill("#destruction-reason", "2015年度定期10年档案保管期限已满，经鉴定无继续保存价值。")
    screenshot(page, "request-new")
    page.click("button[name='form.create']")
    expect(message(page)).to_contain_text("已提交，等待审批")
    expect(page.locator(".gongwen-request-state")).to_have_text("待审批")
    expect(page.locator(".gongwen-request-items tbody tr")).to_have_count(3)
    request_url = page.url

    # A 法律保全 put on one of them, from its page.
    page.goto(urls[2])
    box = page.locator("#gongwen-legal-hold")
    expect(box).to_contain_text("该档案没有法律保全")
    box.locator("a.gongwen-legal-hold-link").click()
    page.fill("#hold-reason", "涉及堤防工程合同纠纷，法院调取中。")
    page.click("button[name='form.put']")
    expect(message(page)).to_contain_text("已设置法律保全")
    page.goto(urls[2])
    expect(page.locator("#gongwen-legal-hold")).to_contain_text("法律保全中")
    expect(page.locator("#gongwen-legal-hold")).to_contain_text("法院调取中")
    screenshot(page, "held-document")

    # The three approvers, each in their own browser.
    for user in APPROVERS:
        tab = tab_of(chromium, portal_url, user)
        tab.goto(request_url)
        tab.fill("#destruction-opinion", OPINIONS[user])
        tab.click("button[name=decision][value=approve]")
        expect(message(tab)).to_contain_text("审批意见已记录")
        expect(tab.locator(".gongwen-decide-form")).to_have_count(0)
        if user == APPROVERS[-1]:
            expect(tab.locator(".gongwen-request-state")).to_have_text("已批准，待执行")
            screenshot(tab, "approved")
        tab.context.close()

    # The held item blocks the execution, named by its 档号.
    page.goto(request_url)
    for opinion in OPINIONS.values():
        expect(page.locator(".gongwen-request-decisions")).to_contain_text(opinion)
    expect(page.locator(f"tr:has-text('{held}') .gongwen-item-held")).to_have_text("法律保全中")
    page.click("button[name='form.execute']")
    expect(message(page)).to_contain_text(f"「{held}」处于法律保全中，不能销毁")
    screenshot(page, "blocked")
    page.goto(urls[2])
    page.locator("#gongwen-legal-hold a.gongwen-legal-hold-link").click()
    page.fill("#hold-reason", "案件已审结，解除保全。")
    page.click("button[name='form.lift']")
    expect(message(page)).to_contain_text("已解除法律保全")

    # Executed by the worker, batch after batch; the archivist follows its progress.
    page.goto(request_url)
    page.click("button[name='form.execute']")
    expect(message(page)).to_contain_text("已开始执行")
    expect(page.locator(".gongwen-archive-job-state")).to_have_text(
        "已完成", timeout=WORKER_TIMEOUT
    )
    page.wait_for_timeout(1500)  # the progress page reloads itself once the job is finished
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("执行销毁任务")
    counts = page.locator(".gongwen-archive-job-counts")
    expect(counts).to_have_text("共 3 件，已销毁 3 件，未销毁 0 件。")
    screenshot(page, "executed-job")
    page.goto(request_url)
    expect(page.locator(".gongwen-request-state")).to_have_text("已销毁")
    expect(page.locator(".gongwen-execution")).to_contain_text("已销毁 3 件")
    page.click("a[href$='/@@gongwen-destruction-register']")
    register = page.locator("tr.gongwen-register-row")
    expect(register).to_have_count(3)
    for code in destroyed:
        row = page.locator(f"tr.gongwen-register-row[data-code='{code}']")
        expect(row).to_contain_text("定期10年")
        expect(row).to_contain_text("监销人")
        expect(row).to_contain_text("同意销毁，本人到场监销。")
    first = page.locator(f"tr.gongwen-register-row[data-code='{destroyed[0]}']")
    first.locator("details summary").click()
    expect(first.locator("details")).to_contain_text("SHA-256")
    expect(first.locator("details")).to_contain_text("SM3")
    screenshot(page, "register")
    for url in urls[:3]:
        assert page.goto(url).status == 404
    assert page.goto(urls[3]).status == 200
