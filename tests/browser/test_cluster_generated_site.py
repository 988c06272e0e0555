"""Issue 21 item 3 in Chromium: a site filled by ``bench/generate.py`` is worked in as a walked one.

Forty documents of the mix are generated on the served site, and one 发文 of 工程管理科 left
at 办公室把关. The office head (cy_office_head) finds that one in 我的待办 among the walked
items, opens it — its opinions of 科室审核 and its trail on the page — and the drafter
(cy_eng_staff) finds it by a word of its body in the search.
"""

import datetime
import sys
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BENCH = Path(__file__).resolve().parents[2] / "bench"
TITLE = "关于开展涵闸运行管理检查的通知"
WORD = "启闭机钢丝绳"


@pytest.fixture
def generated(functional_portal):
    sys.path.insert(0, str(BENCH))
    import generate

    lib = generate.generate_lib
    args = generate.parse_args(["--documents", "40", "--batch", "20", "--seed", "11"])
    generate.generate(functional_portal, args, out=lambda line: None)
    plan = lib.Plan(
        kind=lib.OUTGOING,
        unit="changyuan",
        state="office_review",
        day=datetime.date.today() - datetime.timedelta(days=1),
        title=TITLE,
        paragraphs=("渠村闸启闭机钢丝绳锈蚀严重，需更换维修。", "请各科室认真落实。"),
        department="engineering",
        drafter="cy_eng_staff",
        direction="downward",
        doc_kind="notice",
        main_recipients=("局属各科室",),
        opinions={"dept_review": "同意，请办公室把关。"},
    )
    with api.env.adopt_roles(["Manager"]), generate.indexed_once():
        document = generate.Writer(functional_portal, 0).outgoing(plan, 800001)
    transaction.commit()
    return document


def test_cluster_generated_document_in_todo_page_and_search(
    generated, page, portal_url, screenshot
):
    log_in(page, portal_url, "cy_office_head")
    page.goto(f"{portal_url}/@@gongwen-todo")
    row = page.locator("table.gongwen-todo tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("办公室负责人把关")
    screenshot(page, "todo")
    row.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("body")).to_contain_text("同意，请办公室把关。")
    expect(page.locator("body")).to_contain_text(WORD)
    screenshot(page, "document")

    page.context.clear_cookies()
    log_in(page, portal_url, "cy_eng_staff")
    page.goto(f"{portal_url}/@@search?SearchableText={WORD}")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    screenshot(page, "search")
