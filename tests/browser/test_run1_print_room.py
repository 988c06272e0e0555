"""The print room's screens with a real worker (R-RUN1, R-T1, R-T2), in Chromium.

文印室 (``cy_print``) does 登记编号 on a 下行文 waiting for it: the step
answers at once and the 「文件」 panel says 「正式文件正在排版…」 while a real
``gongwen-worker`` typesets it; without anyone reloading, the panel's own
polling (files-panel.js, ``@@gongwen-progress``) brings in the 正式文件,
which downloads as a PDF, and the 办理 panel's 发文稿纸 link gives the slip
the worker kept at the numbering.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import is_rendering
from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in
from tests.browser.conftest import official_arrives
from tests.browser.conftest import routing_panel
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于做好汛期值班工作的通知"


@pytest.fixture
def awaiting_number(functional_portal, conversion_worker):
    """A 下行文 signed by the leader, now at 文印室登记编号排版 (the worker already running)."""
    document = draft_outgoing(
        functional_portal,
        id="duty-notice",
        title=TITLE,
        main_recipients=["局属各科室"],
        text=body("<p>汛期实行二十四小时值班，请各科室按时报送值班表。</p>"),
    )
    walk_until(document, DOWNWARD_PATH, "numbering")
    transaction.commit()
    return document


def test_r_run1_print_room_numbers_and_sees_the_official_pdf_arrive(
    page, portal_url, awaiting_number, screenshot
):
    document = awaiting_number
    log_in(page, portal_url, "cy_print")
    page.goto(document.absolute_url())
    panel = routing_panel(page)
    expect(panel.locator(".gongwen-routing-state")).to_have_text("文印室登记编号排版")
    files = page.locator("#gongwen-files")
    expect(files.locator("tr", has_text="正式文件")).to_have_count(0)

    panel.get_by_role("button", name="登记编号", exact=True).click()
    expect(page.locator(".portalMessage").first).to_contain_text("已办理")
    expect(routing_panel(page).locator(".gongwen-routing-state")).to_have_text("办公室秘书审核发送")
    # R-RUN1: the step did not typeset; the panel says the worker is at it.
    pending = page.locator("#gongwen-files .gongwen-progress-pending")
    expect(pending.filter(has_text="正式文件正在排版…")).to_have_count(1)
    screenshot(page, "typesetting")
    page.evaluate("window.gongwenSamePage = true")  # gone if the page were loaded again

    # No reload by hand: files-panel.js asks @@gongwen-progress and swaps the panel in.
    official = official_arrives(page)
    assert page.evaluate("window.gongwenSamePage === true")
    expect(official.locator(".gongwen-file-role")).to_have_text("正式文件")
    transaction.begin()
    filename = f"{document.issue_number}{TITLE}.pdf"
    assert document.issue_number.startswith("长河〔")
    expect(official.locator(".gongwen-file-name")).to_have_text(filename)
    expect(page.locator("#gongwen-files")).not_to_contain_text("正式文件正在排版…")
    # The slip kept at the numbering is the worker's too; its note goes the same way.
    expect(page.locator("#gongwen-files .gongwen-progress-pending")).to_have_count(
        0, timeout=WORKER_TIMEOUT
    )
    screenshot(page, "typeset")

    with page.expect_download() as official_download:
        official.locator("a.gongwen-download").click()
    download = official_download.value
    assert download.suggested_filename == filename
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    assert wait_for(lambda: not is_rendering(document, SLIP), timeout=30)
    assert not is_rendering(document, OFFICIAL)
    with page.expect_download() as slip_download:
        routing_panel(page).locator("a.gongwen-slip-link").click()
    slip = slip_download.value
    assert slip.suggested_filename.endswith(".pdf")
    with open(slip.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
