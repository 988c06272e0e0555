"""R-D7 in Chromium: 长垣's drafter picks 主送 from the address book — a department by keyboard,
an external organ by mouse — and types a name outside the book into 抄送 (marked, warned).
The secretary sees the flag and the 分发预览 before 审核发送; after it, the department's
receiver has the document 待签收. The picker at 390 × 844 too."""

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import body
from tests.support.outgoing import walk_until
from tests.support.picker import picker

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于开展汛前堤防专项检查的通知"
OUTSIDE = "长垣县应急管理局"


def tab(page, label):
    page.locator(".autotoc-nav a", has_text=label).click()


def draft_in_the_browser(page, portal_url, screenshot):
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
    page.select_option("#form-widgets-doc_kind", "notice")
    tab(page, "主体")
    page.fill("#form-widgets-title", TITLE)

    main = picker(page, "main_recipients")
    box = main.locator(".gongwen-picker-input")
    box.click()
    expect(main.locator(".gongwen-picker-group-title")).to_have_text(
        ["本单位科室", "系统内单位", "外部机关"]
    )
    expect(main.locator(".gongwen-picker-option[data-name='工程管理科']")).to_be_visible()
    screenshot(page, "picker-open")

    # Keyboard: type, the first match is active, Enter takes it.
    box.press_sequentially("工程")
    expect(main.locator(".gongwen-picker-option.active")).to_have_attribute(
        "data-name", "工程管理科"
    )
    box.press("Enter")
    expect(main.locator(".gongwen-picker-chip[data-name='工程管理科']")).to_be_visible()
    # Mouse: an external organ kept by the office, shown with its exchange method.
    box.fill("财政")
    organ = main.locator(".gongwen-picker-option[data-name='长垣市财政局']")
    expect(organ).to_contain_text("交换包")
    organ.click()
    expect(main.locator(".gongwen-picker-chip")).to_have_count(2)
    expect(main.locator(".gongwen-picker-warning")).to_be_hidden()

    # 抄送 (in 版记): a name outside the book is allowed, marked and named in a warning.
    tab(page, "版记")
    copied = picker(page, "cc_recipients")
    cc_box = copied.locator(".gongwen-picker-input")
    cc_box.fill(OUTSIDE)
    expect(copied.locator(".gongwen-picker-option-free")).to_contain_text("不在通讯录")
    cc_box.press("Enter")
    chip = copied.locator(f".gongwen-picker-chip[data-name='{OUTSIDE}']")
    expect(chip).to_have_class("gongwen-picker-chip gongwen-picker-outside")
    expect(chip).to_contain_text("不在通讯录")
    expect(copied.locator(".gongwen-picker-warning")).to_contain_text(f"「{OUTSIDE}」")
    # Backspace in an empty box takes the last name back out, Enter on the typed name re-adds.
    cc_box.press("Backspace")
    expect(copied.locator(".gongwen-picker-chip")).to_have_count(0)
    cc_box.fill(OUTSIDE)
    cc_box.press("Enter")
    expect(copied.locator(".gongwen-picker-chip")).to_have_count(1)
    expect(page.locator("#form-widgets-main_recipients")).to_have_value("工程管理科\n长垣市财政局")
    screenshot(page, "picked")

    page.locator("#form-buttons-save").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    check = page.locator("#gongwen-recipients-check")
    expect(check.locator(".gongwen-recipients-unknown")).to_contain_text(f"「{OUTSIDE}」")
    screenshot(page, "drafted")


def test_r_d7_drafter_picks_a_department_and_an_external_organ(
    page, portal_url, functional_portal, screenshot
):
    draft_in_the_browser(page, portal_url, screenshot)

    # The flow up to the secretary's step, as the other tests walk it.
    transaction.begin()
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing", Title=TITLE)
    document = brain._unrestrictedGetObject()
    assert document.main_recipients == ["工程管理科", "长垣市财政局"]
    assert document.cc_recipients == [OUTSIDE]
    document.drafting_department = functional_portal["changyuan"]["engineering"].UID()
    document.text = body("<p>请各科室于五月底前完成堤防专项检查。</p>")
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    transaction.commit()

    log_in(page, portal_url, "cy_secretary1")
    page.goto(document.absolute_url())
    check = page.locator("#gongwen-recipients-check")
    expect(check.locator(".gongwen-recipients-unknown")).to_contain_text(
        f"以下机关不在通讯录中，将作为系统外机关以交换包发送：「{OUTSIDE}」"
    )
    preview = check.locator(".gongwen-delivery-preview")
    expect(preview.locator("tr[data-recipient='工程管理科']")).to_contain_text(
        "科室，由其部门收文员签收"
    )
    expect(preview.locator("tr[data-recipient='长垣市财政局']")).to_contain_text(
        "外部机关（通讯录），交换包"
    )
    expect(preview.locator(f"tr[data-recipient='{OUTSIDE}']")).to_have_class("table-warning")
    check.scroll_into_view_if_needed()
    screenshot(page, "secretary-before-send")

    # Flagged, not blocked: 审核发送 goes ahead.
    page.locator("#gongwen-routing").get_by_role("button", name="审核发送", exact=True).click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "after-send")
    receipts = page.locator("#gongwen-receipts")
    expect(receipts.locator("tr.gongwen-receipt[data-recipient='工程管理科']")).to_contain_text(
        "待签收"
    )
    expect(receipts.locator(f"tr.gongwen-receipt[data-recipient='{OUTSIDE}']")).to_contain_text(
        "不在通讯录"
    )
    screenshot(page, "sent-receipts")

    log_in(page, portal_url, "cy_eng_receiver")
    page.goto(f"{portal_url}/changyuan/engineering/@@gongwen-to-sign")
    expect(page.locator("tr.gongwen-to-sign-item", has_text=TITLE)).to_be_visible()
    screenshot(page, "receiver-to-sign")


def test_r_d7_picker_on_a_phone(phone_page, portal_url, functional_portal, screenshot):
    page = phone_page
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
    tab(page, "主体")
    main = picker(page, "main_recipients")
    main.locator(".gongwen-picker-input").tap()
    main.locator(".gongwen-picker-input").fill("防汛")
    main.locator(".gongwen-picker-option[data-name='防汛办公室']").tap()
    expect(main.locator(".gongwen-picker-chip[data-name='防汛办公室']")).to_be_visible()
    main.locator(".gongwen-picker-input").fill("黄委")
    expect(main.locator(".gongwen-picker-option[data-name='黄河水利委员会']")).to_be_visible()
    screenshot(page, "phone-picker")


def test_r_d7_the_secretary_keeps_an_external_organ(
    page, portal_url, functional_portal, screenshot
):
    log_in(page, portal_url, "cy_secretary1")
    page.goto(f"{portal_url}/changyuan/addressbook")
    expect(page.locator("tr[data-organ='长垣市财政局']")).to_contain_text("交换包")
    expect(page.locator("tr[data-organ='长垣市人民政府']")).to_contain_text("纸质件")
    screenshot(page, "addressbook")
    page.locator("a.gongwen-add-organ").click()
    page.fill("#form-widgets-title", "长垣市应急管理局")
    page.fill("#form-widgets-short_names", "应急局")
    page.select_option("#form-widgets-exchange_method", "paper")
    page.fill("#form-widgets-contact", "办公室 0373-8883456")
    screenshot(page, "add-organ")
    page.locator("#form-buttons-save").click()
    page.goto(f"{portal_url}/changyuan/addressbook")
    row = page.locator("tr[data-organ='长垣市应急管理局']")
    expect(row).to_contain_text("纸质件")
    expect(row).to_contain_text("应急局")
    expect(row.get_by_role("link", name="修改")).to_be_visible()

    # The drafter finds it in the picker by its 简称; the book is read-only for staff.
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/changyuan/addressbook")
    expect(page.locator("a.gongwen-add-organ")).to_have_count(0)
    expect(
        page.locator("tr[data-organ='长垣市应急管理局']").get_by_role("link", name="修改")
    ).to_have_count(0)
    page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
    tab(page, "主体")
    main = picker(page, "main_recipients")
    main.locator(".gongwen-picker-input").fill("应急局")
    option = main.locator(".gongwen-picker-option[data-name='长垣市应急管理局']")
    expect(option).to_contain_text("纸质件")
    screenshot(page, "picker-short-name")
