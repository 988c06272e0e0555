"""The shared field blocks (content/blocks.py) in Chromium: the 发文 and 收文 add forms show the
same fieldsets, fields and widget ids, in the same order, as before the blocks were behaviors.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# (tab, widget ids in page order) of each add form; read-only fields are not on it.
OUTGOING_FORM = [
    (
        "版头",
        ["copy_number", "classification", "secrecy_period", "urgency", "deadline", "doc_kind"]
        + ["direction"],
    ),
    (
        "主体",
        ["title", "main_recipients", "text", "attachment_note", "signing_organ", "sealed"]
        + ["remarks", "signer_title", "attendees", "absent", "observers"],
    ),
    ("版记", ["cc_recipients", "printing_organ"]),
    ("拟稿", ["drafting_department", "drafter", "disclosure", "retention"]),
]
INCOMING_FORM = [
    (
        "来文信息",
        ["title", "source_organ", "source_number", "received_date", "copies", "doc_kind"]
        + ["urgency", "deadline", "classification", "copy_number", "secrecy_period"]
        + ["original_file"],
    ),
    (
        "办理",
        ["reading_leaders", "handling_departments", "publish_to_front_page"],
    ),
]


def form_layout(page):
    """[(tab label, [field names in page order])] of the add form on ``page``."""
    expect(page.locator(".autotoc-nav a").first).to_be_visible()
    labels = page.locator(".autotoc-nav a").all_inner_texts()
    fieldsets = page.locator("form#form fieldset")
    layout = []
    for index, label in enumerate(labels):
        names = fieldsets.nth(index).evaluate(
            """(fieldset) => Array.from(fieldset.querySelectorAll('[data-fieldname]'))
                 .map((node) => node.getAttribute('data-fieldname'))"""
        )
        layout.append((label.strip(), [name.removeprefix("form.widgets.") for name in names]))
    return layout


def test_r_d_blocks_outgoing_add_form_keeps_its_fields_in_order(page, portal_url, screenshot):
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/changyuan/outgoing/++add++gongwen_outgoing")
    screenshot(page, "outgoing-add")
    assert form_layout(page) == OUTGOING_FORM
    for widget in ("doc_kind", "urgency", "deadline", "classification", "copy_number"):
        expect(page.locator(f"#form-widgets-{widget}")).to_have_count(1)


def test_r_d_blocks_incoming_add_form_keeps_its_fields_in_order(page, portal_url, screenshot):
    log_in(page, portal_url, "cy_secretary1")
    page.goto(f"{portal_url}/changyuan/incoming/++add++gongwen_incoming")
    screenshot(page, "incoming-add")
    assert form_layout(page) == INCOMING_FORM
    for widget in ("title", "doc_kind", "urgency", "secrecy_period"):
        expect(page.locator(f"#form-widgets-{widget}")).to_have_count(1)
