"""R-D6 in the demo, in Chromium: the two 发文 whose 正文 is a Word file, as ``make start``
makes them, seen by the people whose 待办 they are in.

cy_office_head (刘芳) finds 「关于做好2027年度防汛抢险物资储备工作的通知」 in 我的待办; its 正文
panel names 第2版, checked in by 马涛 at 部门负责人核稿, and offers her 签出编辑; 版本记录 lists
both versions with their people and steps. cy_print (吴刚) opens 「关于开展冬季堤防巡查的通知」
at 文印室登记编号排版: the 办理 panel asks for 清稿 before 登记编号, the 正文 is 第3版 by 刘芳,
and 版本记录 has three versions. (No worker runs on this layer: the analyses are the
workers' — ``make start`` shows their counts.)
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("demo_documents_served_session"),
]

SUPPLIES = "关于做好2027年度防汛抢险物资储备工作的通知"
PATROL = "关于开展冬季堤防巡查的通知"


@pytest.fixture
def site_url(demo_documents_served):
    return f"http://{demo_documents_served['host']}:{demo_documents_served['port']}/plone"


def version_rows(tab):
    """``[(版本, 方式, 修改人, 环节)]`` of the 版本记录 page, newest first."""
    rows = tab.locator("table.gongwen-body-version-list tbody tr")
    return [
        tuple(rows.nth(n).locator("td").nth(c).inner_text().split()[0] for c in range(4))
        for n in range(rows.count())
    ]


def test_r_d6_the_office_head_finds_the_word_body_the_department_head_revised(
    page, site_url, screenshot
):
    log_in(page, site_url, "cy_office_head")
    page.goto(f"{site_url}/@@gongwen-todo")
    page.get_by_role("link", name=SUPPLIES).first.click()
    body = page.locator(".gongwen-word-body-current")
    expect(body.locator(".gongwen-word-body-name")).to_have_text(f"{SUPPLIES}.docx")
    expect(body.locator(".gongwen-word-body-number")).to_have_text("第2版")
    expect(body.locator(".gongwen-word-body-saved")).to_contain_text("马涛于部门负责人核稿环节签入")
    expect(body.get_by_role("button", name="签出编辑")).to_be_visible()
    screenshot(page, "office-head-panel")
    body.get_by_role("link", name="版本记录").click()
    expect(page.locator("h1")).to_have_text("正文版本记录")
    assert version_rows(page) == [
        ("第2版", "签入", "马涛", "部门负责人核稿"),
        ("第1版", "上传", "何磊", "拟稿"),
    ]
    screenshot(page, "office-head-versions")


def test_r_d6_the_print_room_finds_the_signed_word_body_waiting_for_its_clean_copy(
    page, site_url, screenshot
):
    log_in(page, site_url, "cy_print")
    page.goto(f"{site_url}/@@gongwen-todo")
    page.get_by_role("link", name=PATROL).first.click()
    expect(page.locator(".gongwen-word-body-number")).to_have_text("第3版")
    expect(page.locator(".gongwen-word-body-saved")).to_contain_text(
        "刘芳于办公室负责人把关环节签入"
    )
    panel = routing_panel(page)
    expect(panel.get_by_role("button", name="清稿", exact=True)).to_be_visible()
    expect(panel.get_by_role("button", name="登记编号")).to_be_visible()
    screenshot(page, "print-room-panel")
    page.locator(".gongwen-word-body-versions").click()
    assert version_rows(page) == [
        ("第3版", "签入", "刘芳", "办公室负责人把关"),
        ("第2版", "签入", "马涛", "部门负责人核稿"),
        ("第1版", "上传", "何磊", "拟稿"),
    ]
    screenshot(page, "print-room-versions")
