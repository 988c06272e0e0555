"""R-SEC5 in Chromium: a malformed listing or search URL shows a Chinese 4xx page, not Plone's 500.

A member of staff (cy_eng_staff) opens the unit's 发文 listing with
``b_start=abc`` and the site search with ``b_size=-1``: each answers 400 with
「请求有误」 and the parameter named, inside the portal's own page.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("changyuan/outgoing?b_start=abc", "b_start"),
        ("@@search?SearchableText=防汛&b_size=-1", "b_size"),
    ],
    ids=["listing", "search"],
)
def test_r_sec5_malformed_page_url_shows_a_chinese_400_page(
    page, portal_url, functional_portal, screenshot, path, name
):
    log_in(page, portal_url, "cy_eng_staff")
    response = page.goto(f"{portal_url}/{path}")
    assert response.status == 400
    expect(page.locator("h1.documentFirstHeading")).to_have_text("请求有误")
    expect(page.locator(".gongwen-client-error [role=alert]")).to_contain_text(f"参数 {name} 应为")
    # The portal's own page around it: the user can go on from here.
    expect(page.locator("#portal-globalnav")).to_be_visible()
    screenshot(page, name)
