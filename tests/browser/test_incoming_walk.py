"""A 特急 通知 from 新乡河务局 carried through 长垣河务局 in Chromium (SPEC §5,
R-I1 … R-I6, 第十四至十六条), each step by the person whose step it is.

A secretary registers it with its PDF original and sends it for 拟办; the
office director proposes three leaders in order and 工程管理科; the leaders
read in that order while a fourth leader has no form; it comes back to the
secretaries' mailbox and goes to the department; the receiver downloads the
original, asks the head for 批办, and sends it back; a secretary closes it,
publishes it, and finds it in the front page's 收文 column.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
TITLE = "关于做好2026年汛前准备工作的紧急通知"
LEADERS = ["cy_leader1", "cy_leader2", "cy_leader3"]


class Walk:
    """One browser, the demo users logging in one after another."""

    def __init__(self, page, portal_url, screenshot):
        self.page, self.portal_url, self.shot = page, portal_url, screenshot
        self.url = None

    def as_user(self, user, url=None):
        self.page.goto(f"{self.portal_url}/logout")
        log_in(self.page, self.portal_url, user, PASSWORD)
        self.page.goto(url or self.url)
        return self.panel()

    def panel(self):
        return self.page.locator("#gongwen-routing")

    def press(self, button, opinion="", shot=None):
        panel = self.panel()
        if opinion:
            panel.locator("textarea[name=opinion]").fill(opinion)
        panel.get_by_role("button", name=button, exact=True).click()
        expect(self.page.locator(".portalMessage").first).to_contain_text("已办理")
        if shot:
            self.shot(self.page, shot)

    def state(self, title):
        expect(self.panel().locator(".gongwen-routing-state")).to_have_text(title)


def test_r_i1_to_r_i6_urgent_notice_from_registration_to_the_front_page(
    page, portal_url, functional_portal, sample_documents, screenshot
):
    walk = Walk(page, portal_url, screenshot)
    # 登记 (R-I1)
    walk.as_user("cy_secretary1", f"{portal_url}/changyuan/incoming/++add++gongwen_incoming")
    page.fill("#form-widgets-title", TITLE)
    page.fill("#form-widgets-source_organ", "新乡河务局")
    page.fill("#form-widgets-source_number", "新河〔2026〕21号")
    page.select_option("#form-widgets-doc_kind", "notice")
    page.select_option("#form-widgets-urgency", "very_urgent")
    deadline = datetime.date.today() + datetime.timedelta(days=3)
    page.fill("#form-widgets-deadline", deadline.isoformat())
    page.set_input_files("#form-widgets-original_file-input", str(sample_documents["pdf"]))
    page.locator("#form-buttons-save").click()
    expect(page.locator(".portalMessage").first).to_contain_text("创建")
    walk.url = page.url.split("#")[0].removesuffix("/view")
    walk.state("秘书登记")
    expect(page.locator("body")).to_contain_text("长河收〔")
    screenshot(page, "registered")
    walk.press("送拟办")
    walk.state("办公室主任拟办")

    # 拟办 (R-I2)
    walk.as_user("cy_office_head")
    for position, leader in enumerate(LEADERS, start=1):
        page.select_option(f"#gongwen-leader-{position}", leader)
    walk.panel().locator("label", has_text="工程管理科").click()
    walk.press("拟办", "请张、李、王局长依次阅示，工程管理科抓紧落实。", shot="proposed")
    walk.state("秘书送阅")

    walk.as_user("cy_secretary2")
    walk.press("送领导阅批")
    walk.state("领导阅批")

    # the leaders in order (R-I3); a fourth leader and a later one have no form
    for index, leader in enumerate(LEADERS):
        for other in ["cy_director"] + LEADERS[index + 1 :]:
            panel = walk.as_user(other)
            expect(panel.locator("form.gongwen-act")).to_have_count(0)
        walk.as_user(leader)
        walk.press("阅批", f"已阅，请工程管理科落实。（{leader}）", shot=f"read-{index + 1}")
        if index == 0:
            # 催办 by a secretary while the second leader holds it (R-I5)
            walk.as_user("cy_secretary1")
            walk.panel().locator("#gongwen-remind-note").fill("特急件，请今日阅批。")
            walk.panel().get_by_role("button", name="催办").click()
            expect(page.locator(".portalMessage").first).to_contain_text("已催办")
            expect(walk.panel().locator(".gongwen-reminders")).to_contain_text("特急件")
            screenshot(page, "reminded")
    walk.state("秘书分送")
    holders = walk.panel().locator(".gongwen-routing-holders")
    expect(holders).to_contain_text("秘书")  # the mailbox, not a person (第十五条)

    walk.as_user("cy_secretary1")
    walk.press("分送承办部门")
    walk.state("部门办理")

    # department handling (R-I4)
    walk.as_user("cy_eng_receiver")
    with page.expect_download() as download:
        page.locator("#gongwen-files a", has_text="下载").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    walk.page.goto(walk.url)
    expect(walk.panel().locator(".gongwen-downloads")).not_to_be_empty()  # 第十六条
    walk.press("请负责人批办")
    walk.as_user("cy_eng_head")
    walk.press("批办", "请按通知要求于三日内完成自查。")
    walk.as_user("cy_eng_receiver")
    walk.press("办毕送秘书", shot="handled")
    walk.state("秘书办结")

    # closing and publishing (R-I6)
    walk.as_user("cy_secretary2")
    walk.press("办结")
    walk.state("结束")
    walk.press("发布到首页")
    history = walk.panel().locator(".gongwen-opinion")
    expect(history.last).to_contain_text("发布到首页")
    screenshot(page, "published")
    page.goto(portal_url)
    column = page.locator(".gongwen-front-incoming")
    expect(column).to_contain_text(TITLE)
    screenshot(page, "front-page")


def test_r_i5_a_step_past_its_deadline_is_overdue_in_lists_and_counts(
    page, portal_url, functional_portal, screenshot
):
    import transaction

    from tests.support.incoming import at_leader_reading
    from tests.support.incoming import do_incoming

    portal = functional_portal
    document = at_leader_reading(
        portal,
        leaders=["cy_leader2"],
        opinion="请李局长阅示，工程管理科办理。",
        title="关于报送防汛物资清单的通知",
    )
    do_incoming(document, "cy_leader2", "read", "同意。")
    do_incoming(document, "cy_secretary1", "dispatch")
    # the department has let it lie: its deadline passed two days ago
    document.step_deadline = datetime.date.today() - datetime.timedelta(days=2)
    document.reindexObject()
    transaction.commit()

    walk = Walk(page, portal_url, screenshot)
    walk.as_user("cy_eng_receiver", f"{portal_url}/@@gongwen-todo")
    row = page.locator(".gongwen-todo-item", has_text="关于报送防汛物资清单的通知")
    expect(row.locator(".gongwen-overdue")).to_be_visible()
    screenshot(page, "todo-overdue")
    walk.as_user("cy_office_head", f"{portal_url}/changyuan/@@gongwen-overdue")
    counts = page.locator("tr", has_text="工程管理科").first
    expect(counts).to_contain_text("1")
    expect(page.locator("body")).to_contain_text("关于报送防汛物资清单的通知")
    screenshot(page, "overdue-counts")


def test_r_p3_a_circulated_head_reads_it_from_the_toread_tab(
    page, portal_url, functional_portal, screenshot
):
    import transaction

    from tests.support.incoming import at_leader_reading
    from tests.support.incoming import do_incoming

    document = at_leader_reading(
        functional_portal,
        leaders=["cy_leader2"],
        circulate=["cy_flood_head"],
        title="关于转发汛期值班制度的通知",
    )
    do_incoming(document, "cy_leader2", "read", "同意。")
    do_incoming(document, "cy_secretary1", "dispatch")
    transaction.commit()

    walk = Walk(page, portal_url, screenshot)
    walk.as_user("cy_flood_head", portal_url)
    page.locator("#portal-globalnav").get_by_role("link", name="我的待阅").click()
    rows = page.locator(".gongwen-toread-item")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("长河收〔")
    screenshot(page, "toread")
    rows.first.get_by_role("link", name="关于转发汛期值班制度的通知").click()
    page.locator("form.gongwen-mark-read button").click()
    expect(page.locator(".portalMessage").first).to_contain_text("已标记为已阅")
    expect(walk.panel().locator(".gongwen-opinion").last).to_contain_text("已阅")
    page.goto(f"{portal_url}/@@gongwen-toread")
    expect(page.get_by_text("目前没有待阅公文。")).to_be_visible()
