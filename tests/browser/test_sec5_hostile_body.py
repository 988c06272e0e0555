"""R-SEC5 in Chromium: a drafter pastes hostile HTML into the body of a 发文 through the real
add form; what is stored — and shown on the document page — has none of it, the text stays."""

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in
from tests.support.fetching import KEPT_TEXT
from tests.support.fetching import fetching_marks
from tests.support.fetching import hostile_body
from tests.support.fetching import recording_server
from tests.support.picker import set_recipients

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛前检查的通知"


def test_r_sec5_drafter_pastes_hostile_html_into_the_body(
    page, portal_url, functional_portal, screenshot
):
    with recording_server() as server:
        log_in(page, portal_url, "cy_eng_staff")
        page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
        page.select_option("#form-widgets-doc_kind", "notice")
        page.locator(".autotoc-nav a", has_text="主体").click()
        page.fill("#form-widgets-title", TITLE)
        set_recipients(page, "main_recipients", ["局属各单位"])
        # Pasted as HTML into TinyMCE, as from another page
        page.frame_locator("#formfield-form-widgets-text iframe").locator("body").click()
        page.evaluate(
            "html => tinymce.activeEditor.execCommand('mceInsertClipboardContent', false,"
            " {html: html})",
            hostile_body(server.base),
        )
        screenshot(page, "pasted")
        page.locator("#form-buttons-save").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_have_text(TITLE)
        # While editing, the drafter's own browser loads the pasted images; the
        # stored page must not make it fetch anything.
        server.hits.clear()
        page.reload()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text(KEPT_TEXT[0])).to_be_visible()
        screenshot(page, "saved")
        page_hits = list(server.hits)

    transaction.begin()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        (document,) = [
            item
            for item in functional_portal["changyuan"]["outgoing"].objectValues()
            if item.Title() == TITLE
        ]
        stored = document.text.raw
    assert fetching_marks(stored) == []
    assert KEPT_TEXT[0] in stored and KEPT_TEXT[-1] in stored
    # the page showing the stored body made the browser fetch nothing from that server
    assert page_hits == []
    body_html = page.locator("#content-core").inner_html()
    assert "127.0.0.1" not in body_html and "file:" not in body_html
