"""R-O6 and R-O7 in Chromium, as the people who meet them.

R-O6: the print room adds an attachment at 排版 through the page's 添加附件 form — no
500 (it was a CopyError) — and the document goes back to the signer with a message.
R-O7: of two co-signers, the first is offered 「会签」, the last 「送秘书」; one click
brings the document back to the office head.
"""

import re

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in
from tests.browser.conftest import routing_panel as panel
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.outgoing import walk_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_o6_print_room_adds_an_attachment_at_numbering(
    page, portal_url, functional_portal, screenshot
):
    document = walk_until(draft(functional_portal, "downward"), DOWNWARD_PATH, "numbering")
    transaction.commit()
    log_in(page, portal_url, "cy_print")
    page.goto(document.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("文印室登记编号排版")
    screenshot(page, "numbering")
    page.locator("#gongwen-add-files-input").set_input_files(
        [{"name": "补充材料.txt", "mimeType": "text/plain", "buffer": "补充材料正文".encode()}]
    )
    page.locator(".gongwen-add button[type=submit]").click()
    expect(page.get_by_text("已添加 1 个文件：补充材料。")).to_be_visible()
    expect(page.get_by_text("签发后正文或附件有实质修改，公文已退回")).to_be_visible()
    screenshot(page, "sent-back")
    page.goto(document.absolute_url())
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("主管局领导签发")
    signer = api.user.get(userid="cy_leader2").getProperty("fullname")
    expect(panel(page).locator(".gongwen-routing-holders")).to_have_text(signer)
    expect(panel(page).locator(".gongwen-opinion").last).to_contain_text("退回重新签发")
    expect(panel(page).locator("form.gongwen-act")).to_have_count(0)  # not the print room's
    screenshot(page, "at-the-signer")


def test_r_o7_the_last_co_signer_is_offered_send_to_secretary(
    page, portal_url, functional_portal, screenshot
):
    document = walk_until(draft(functional_portal, "downward"), DOWNWARD_PATH, "office_review")
    leaders = ["cy_leader1", "cy_leader3"]
    do(document, "cy_office_head", "request_countersign", "请会签。", assignees=leaders)
    transaction.commit()

    log_in(page, portal_url, "cy_leader1")
    page.goto(document.absolute_url())
    buttons = panel(page).locator("form.gongwen-act button[name=action]")
    expect(buttons.filter(has_text="会签")).to_have_count(1)
    expect(buttons.filter(has_text="送秘书")).to_have_count(0)
    screenshot(page, "first-co-signer")
    page.fill("#gongwen-opinion", "同意。")
    buttons.filter(has_text="会签").click()
    expect(page.get_by_text("已办理「会签」，当前环节：领导会签。")).to_be_visible()

    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, "cy_leader3")
    page.goto(document.absolute_url())
    buttons = panel(page).locator("form.gongwen-act button[name=action]")
    expect(buttons.filter(has_text="送秘书")).to_have_count(1)
    expect(buttons.filter(has_text="会签")).to_have_count(0)
    expect(panel(page).locator(".gongwen-leaders legend")).to_contain_text("转交相关领导")
    screenshot(page, "last-co-signer")
    page.fill("#gongwen-opinion", "同意。")
    buttons.filter(has_text="送秘书").click()
    expect(page.get_by_text("已办理「送秘书」，当前环节：办公室负责人把关。")).to_be_visible()
    expect(panel(page).locator(".gongwen-routing-state")).to_have_text("办公室负责人把关")
    steps = panel(page).locator(".gongwen-opinion td:first-child")
    expect(steps.filter(has_text=re.compile("^领导会签$"))).to_have_count(2)  # each once
    screenshot(page, "back-to-the-office")
