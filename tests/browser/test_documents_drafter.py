"""A drafter in Chromium: the grouped 发文 add form, R-D1, R-D2 and R-D3 messages, a saved 请示."""

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in
from tests.support.picker import set_recipients

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFTER = "drafter"
PASSWORD = "drafter-secret-2026"


@pytest.fixture
def drafting_folder(functional_portal):
    """A 发文 folder where the drafter holds GongwenStaff (the department member's role)."""
    with api.env.adopt_roles(["Manager"]):
        api.user.create(
            email="drafter@example.org",
            username=DRAFTER,
            password=PASSWORD,
            properties={"fullname": "程亮"},
        )
        folder = api.content.create(
            container=functional_portal, type="Folder", id="outgoing", title="发文"
        )
        folder.manage_setLocalRoles(DRAFTER, ["GongwenStaff"])
        folder.reindexObjectSecurity()
    transaction.commit()
    return folder


def tab(page, label):
    """Open the form's fieldset tab called ``label``."""
    page.locator(".autotoc-nav a", has_text=label).click()


def save(page):
    page.locator("#form-buttons-save").click()
    page.wait_for_load_state("networkidle")


def test_r_d1_r_d2_r_d3_drafter_add_form(page, portal_url, drafting_folder, screenshot):
    log_in(page, portal_url, DRAFTER, PASSWORD)
    page.goto(f"{portal_url}/outgoing/++add++gongwen_outgoing")
    nav = page.locator(".autotoc-nav a")
    expect(nav).to_have_text(["版头", "主体", "版记", "拟稿"])
    screenshot(page, "form")

    # R-D1: a 请示 with two 主送机关
    page.select_option("#form-widgets-doc_kind", "request")
    page.select_option("#form-widgets-direction", "upward")
    tab(page, "主体")
    page.fill("#form-widgets-title", "关于拨付2026年防汛经费的请示")
    set_recipients(page, "main_recipients", ["黄河河务局", "河南黄河河务局"])
    save(page)
    expect(page.get_by_text("请示只能主送一个机关（现有 2 个）。")).to_be_visible()
    screenshot(page, "r_d1")

    # R-D2: 特急 without 办理时限
    tab(page, "主体")
    set_recipients(page, "main_recipients", ["黄河河务局"])
    tab(page, "版头")
    page.select_option("#form-widgets-urgency", "very_urgent")
    save(page)
    expect(page.get_by_text("加急、特急公文必须填写办理时限。")).to_be_visible()
    expect(page.get_by_text("请示只能主送一个机关（现有")).to_have_count(0)
    screenshot(page, "r_d2")

    # A correct one is saved; the view lists what still blocks submission
    tab(page, "版头")
    page.fill("#form-widgets-deadline", "2026-12-01")
    save(page)
    expect(page.locator("h1")).to_have_text("关于拨付2026年防汛经费的请示")
    expect(page.get_by_text("提交前需处理")).to_be_visible()
    expect(page.get_by_text("尚未录入电子正文，不能提交（第九条）。")).to_be_visible()
    screenshot(page, "saved")

    # R-D3: a 机密 document with a body is refused
    page.goto(f"{portal_url}/outgoing/++add++gongwen_outgoing")
    page.select_option("#form-widgets-doc_kind", "notice")
    page.select_option("#form-widgets-classification", "confidential")
    page.fill("#form-widgets-copy_number", "000003")
    page.fill("#form-widgets-secrecy_period", "10年")
    tab(page, "主体")
    page.fill("#form-widgets-title", "关于某涉密事项的通知")
    # TinyMCE replaces the textarea: type into its editing frame, as a person does
    page.frame_locator("#formfield-form-widgets-text iframe").locator("body").fill("涉密正文内容")
    save(page)
    expect(
        page.get_by_text("涉密公文不得在本系统录入正文（第二条），只能登记目录信息。")
    ).to_be_visible()
    screenshot(page, "r_d3")
    transaction.begin()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        titles = [item.Title() for item in drafting_folder.objectValues()]
    assert titles == ["关于拨付2026年防汛经费的请示"]
