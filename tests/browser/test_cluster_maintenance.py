"""「系统维护中」 as a bureau clerk meets it (issue 21 item 7): cy_eng_staff works in 长垣河务局's
发文 on a site on RelStorage; PostgreSQL stops — the next page is the plain Chinese
maintenance page (503), on a desktop and on a phone; PostgreSQL comes back — the page
refreshes itself and the clerk is back in 发文, still logged in, without doing anything."""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support import faults

pytestmark = pytest.mark.slow

CLERK = "cy_eng_staff"


@pytest.fixture(scope="module")
def relstorage_site(tmp_path_factory):
    with faults.relstorage_site(tmp_path_factory.mktemp("maintenance") / "var") as site:
        yield site


def test_cluster_maintenance_page_while_postgresql_is_away_and_back_by_itself(
    relstorage_site, page, phone_page, screenshot
):
    site_url, postgres = relstorage_site["url"], relstorage_site["postgres"]
    outgoing = f"{site_url}/changyuan/outgoing"
    log_in(page, site_url, CLERK)
    log_in(phone_page, site_url, CLERK)
    page.goto(outgoing)
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("发文")

    postgres.run("stop")
    try:
        answer = page.goto(outgoing)
        assert answer.status == 503 and answer.headers["retry-after"] == "10"
        expect(page.locator("h1")).to_have_text("系统维护中")
        expect(page.locator("main")).to_contain_text("系统维护中，请稍后再试")
        expect(page.locator("main")).to_contain_text("电子公文系统")
        expect(page.locator("main")).to_contain_text("本页每 10 秒自动刷新一次")
        assert page.title() == "系统维护中 - 电子公文系统"
        assert "Traceback" not in page.content()
        screenshot(page, "maintenance")

        answer = phone_page.goto(outgoing)
        assert answer.status == 503
        expect(phone_page.locator("h1")).to_have_text("系统维护中")
        box = phone_page.locator("main").bounding_box()
        assert box["width"] <= 390  # fits the phone, no sideways scrolling
        screenshot(phone_page, "maintenance-phone")
        time.sleep(5)
    finally:
        postgres.run("start")

    # Nobody reloads: the page's own refresh brings the clerk back to 发文, still logged in.
    expect(page.locator("h1.documentFirstHeading")).to_contain_text("发文", timeout=90_000)
    assert page.url == outgoing
    expect(page.locator("input[name='__ac_password']")).to_have_count(0)  # not sent to log in
    screenshot(page, "back")
