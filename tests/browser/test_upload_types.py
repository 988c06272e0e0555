"""R-SEC5, R-SEC2 in Chromium: the drafter uploads a real PDF and is refused a disguised .exe.

On her 发文 draft's page (the 「文件」 panel) and in its folder_contents
upload (pat-upload, which sends the page's CSRF token as X-CSRF-TOKEN to
``@@fileUpload``), a real PDF is stored and a Windows program renamed
``.pdf`` is refused; nothing of it is stored. The panel shows the Chinese
message; folder_contents' dropzone (mockup) shows its own 「The file transfer
failed」 whatever the server says, so there the test reads the server's
answer (415, the Chinese message). Every page she sees still works with
``nosniff`` on every response.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.content import files
from tests.browser.conftest import log_in
from tests.support import disguised
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFTER = "cy_eng_staff"
REFUSED = "「通知.pdf」的实际内容是可执行程序，与扩展名 .pdf 不符，未保存。请上传真实的文件。"


@pytest.fixture
def draft(functional_portal):
    document = draft_outgoing(functional_portal, "downward", main_recipients=["局属各科室"])
    transaction.commit()
    return document


def stored_names(document):
    transaction.begin()  # see what the server's requests committed
    return [item.file.filename for item in files.files_of(document)]


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": disguised.pdf()}


def exe_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": disguised.windows_exe()}


def test_r_sec5_drafter_uploads_a_pdf_and_is_refused_a_disguised_exe(
    page, portal_url, draft, screenshot
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, portal_url, DRAFTER)
    page.goto(draft.absolute_url())
    add_input = page.locator("#gongwen-add-files-input")

    # A real PDF: stored.
    add_input.set_input_files([pdf_file("汛前检查表.pdf")])
    page.locator(".gongwen-add button[type=submit]").click()
    expect(page.get_by_text("已添加 1 个文件：汛前检查表。")).to_be_visible()
    screenshot(page, "pdf-added")

    # A Windows program renamed .pdf: refused with the Chinese message, nothing stored.
    add_input = page.locator("#gongwen-add-files-input")
    add_input.set_input_files([exe_file("通知.pdf")])
    page.locator(".gongwen-add button[type=submit]").click()
    expect(page.get_by_text(f"通知.pdf：{REFUSED}")).to_be_visible()
    screenshot(page, "exe-refused")
    assert stored_names(draft) == ["汛前检查表.pdf"]
    assert errors == []


def test_r_sec5_folder_contents_upload_sends_the_token_and_checks_the_type(
    page, portal_url, draft, screenshot
):
    log_in(page, portal_url, DRAFTER)
    page.goto(f"{draft.absolute_url()}/folder_contents")
    page.locator("#btn-upload, button:has-text('上传')").first.click()
    upload_input = page.locator(".upload-wrapper input[type=file], input.dz-hidden-input").first
    expect(upload_input).to_be_attached()

    with page.expect_response(lambda r: r.url.endswith("@@fileUpload")) as answer:
        upload_input.set_input_files([pdf_file("值班表.pdf")])
        page.locator(".upload-all, button:has-text('上传')").last.click()
    assert answer.value.status == 200, answer.value.text()
    assert answer.value.request.headers.get("x-csrf-token")
    screenshot(page, "pdf-uploaded")

    with page.expect_response(lambda r: r.url.endswith("@@fileUpload")) as answer:
        upload_input.set_input_files([exe_file("通知.pdf")])
        page.locator(".upload-all, button:has-text('上传')").last.click()
    assert answer.value.status == 415
    assert answer.value.json()["error"] == REFUSED
    assert answer.value.headers["x-content-type-options"] == "nosniff"
    screenshot(page, "exe-refused")
    assert stored_names(draft) == ["值班表.pdf"]
