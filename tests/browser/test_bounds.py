"""R-SEC5 bounds in Chromium: a drafter types an over-long 标题 and a leader an over-long
opinion; each sees the Chinese message naming the limit, and what else they typed is kept.
"""

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from collective.gongwen.steps.opinions import opinions
from tests.browser.conftest import log_in
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.picker import set_recipients

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def tab(page, label):
    """Open the form's fieldset tab called ``label``."""
    page.locator(".autotoc-nav a", has_text=label).click()


def test_r_sec5_drafter_sees_the_title_limit_and_keeps_the_rest(
    page, portal_url, functional_portal, screenshot
):
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
    page.select_option("#form-widgets-doc_kind", "notice")
    tab(page, "主体")
    page.fill("#form-widgets-title", "关于" + "做好防汛工作" * 40 + "的通知")  # 245 字
    set_recipients(page, "main_recipients", ["局属各科室"])
    page.fill("#form-widgets-remarks", "此件公开发布。")
    page.locator("#form-buttons-save").click()
    page.wait_for_load_state("networkidle")
    tab(page, "主体")
    expect(page.get_by_text("标题不能超过 200 字（现为 245 字）。")).to_be_visible()
    expect(page.locator("#form-widgets-main_recipients")).to_have_value("局属各科室")
    expect(page.locator("#form-widgets-remarks")).to_have_value("此件公开发布。")
    screenshot(page, "title-too-long")

    page.fill("#form-widgets-title", "关于做好防汛工作的通知")
    page.locator("#form-buttons-save").click()
    expect(page.locator("h1")).to_have_text("关于做好防汛工作的通知")
    screenshot(page, "saved")


@pytest.fixture
def at_leader_sign(functional_portal):
    from tests.integration.test_routing_outgoing import DOWNWARD_PATH

    document = draft_outgoing(functional_portal, main_recipients=["局属各科室"])
    walk_until(document, DOWNWARD_PATH, "leader_sign")
    transaction.commit()
    return document


def test_r_sec5_leader_sees_the_opinion_limit_and_keeps_the_opinion(
    page, portal_url, at_leader_sign, screenshot
):
    document = at_leader_sign
    log_in(page, portal_url, "cy_leader2")
    page.goto(document.absolute_url())
    panel = page.locator("#gongwen-routing")
    opinion = "同意印发。" + "请各科室认真落实。" * 334  # 3,011 字
    page.fill("#gongwen-opinion", opinion)
    panel.get_by_role("button", name="签发").click()
    expect(page.get_by_text("意见不能超过 3,000 字（现为 3,011 字）。")).to_be_visible()
    expect(panel.locator(".gongwen-routing-state")).to_have_text("主管局领导签发")
    expect(page.locator("#gongwen-opinion")).to_have_value(opinion)
    screenshot(page, "opinion-too-long")
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        assert api.content.get_state(obj=document) == "leader_sign"
        assert len(opinions(document)) == 3
