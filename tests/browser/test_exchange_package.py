"""R-X3 in Chromium: 新乡河务局's secretary imports the exchange package of a numbered
长垣河务局 发文 and lands on the registered 收文; a tampered package is refused in Chinese."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WORKER_TIMEOUT
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"
SECRETARY = "xx_secretary"


@pytest.fixture
def numbered(functional_portal):
    """A 通知 of 长垣河务局 to 新乡河务局 with one 附件, walked to 登记编号 and committed."""
    import transaction
    from plone import api

    from collective.gongwen.content.files import add_file
    from tests.integration.test_routing_outgoing import DOWNWARD_PATH
    from tests.support import disguised
    from tests.support.outgoing import draft_outgoing
    from tests.support.outgoing import walk_until

    document = draft_outgoing(
        functional_portal, main_recipients=["新乡河务局"], attachment_note=["1. 汛前检查表"]
    )
    with api.env.adopt_roles(["Manager"]):
        add_file(document, disguised.xlsx(), "汛前检查表.xlsx")  # a real XLSX (R-SEC5)
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    transaction.commit()
    return document


def open_actions_menu(page):
    page.locator("#plone-contentmenu-actions > a").click()


def tampered(path):
    """A copy of the package at ``path`` whose 附件 was changed after packing."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            if name.endswith(".xlsx"):  # one byte changed, the size kept
                data = data[:-1] + bytes([data[-1] ^ 1])
            archive.writestr(name, data)
    copy = path.with_name("篡改的交换包.zip")
    copy.write_bytes(buffer.getvalue())
    return copy


def test_r_x3_package_downloaded_at_one_unit_is_registered_at_another(
    page, portal_url, conversion_worker, numbered, screenshot, tmp_path
):
    # 长垣河务局's secretary takes the package from the numbered 发文's 操作 menu
    log_in(page, portal_url, "cy_secretary1", PASSWORD)
    page.goto(f"{portal_url}/{'/'.join(numbered.getPhysicalPath()[2:])}")
    open_actions_menu(page)
    screenshot(page, "export-action")
    # R-RUN1: asked for, the package is built by a worker; the 「文件」 panel follows the job
    page.locator("#plone-contentmenu-actions-gongwen_exchange_package").click()
    expect(page.locator(".portalMessage", has_text="交换包正在生成，请稍后下载。")).to_be_visible()
    building = page.locator("#gongwen-files .gongwen-progress-pending[data-key=package]")
    expect(building).to_have_count(0, timeout=WORKER_TIMEOUT)
    # once built, the panel offers it where the work was shown
    ready = page.locator("#gongwen-files .gongwen-progress-ready[data-key=package] a")
    expect(ready).to_have_text("交换包已生成，点此下载。", timeout=WORKER_TIMEOUT)
    screenshot(page, "package-built")
    with page.expect_download() as download:
        ready.click()
    filename = download.value.suggested_filename
    assert filename == f"交换包-{numbered.issue_number}关于做好汛前检查的通知.zip"
    path = tmp_path / filename
    download.value.save_as(path)

    # 新乡河务局's secretary imports it from the 收文 folder's 操作 menu
    page.goto(f"{portal_url}/logout")
    log_in(page, portal_url, SECRETARY, PASSWORD)
    page.goto(f"{portal_url}/xinxiang/incoming")
    open_actions_menu(page)
    page.locator("#plone-contentmenu-actions-gongwen_import_package").click()
    expect(page.locator("h1")).to_have_text("导入交换包")
    screenshot(page, "form")

    # A package changed after it was made is refused, nothing registered
    page.set_input_files("#gongwen-package-file", str(tampered(path)))
    page.get_by_role("button", name="导入并登记").click()
    expect(page.locator(".gongwen-package-error")).to_contain_text(
        "交换包中的文件「汛前检查表.xlsx」校验值不符，文件可能已损坏或被改动。"
    )
    screenshot(page, "tampered")

    page.set_input_files("#gongwen-package-file", str(path))
    page.get_by_role("button", name="导入并登记").click()
    expect(page.locator(".portalMessage").first).to_contain_text("已导入交换包，收文已登记为")
    expect(page.locator("body")).to_contain_text(numbered.issue_number)
    expect(page.locator("body")).to_contain_text("汛前检查表.xlsx")
    screenshot(page, "registered")

    # The same package again: the 来文 is registered already
    page.goto(f"{portal_url}/xinxiang/incoming/@@gongwen-import-package")
    page.set_input_files("#gongwen-package-file", str(path))
    page.get_by_role("button", name="导入并登记").click()
    expect(page.locator(".gongwen-package-error")).to_contain_text("该来文已登记为")
    screenshot(page, "duplicate")
