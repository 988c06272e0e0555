"""Issue 19 item 4: the bureau's portal — its name and logo, no Plone branding, no 「by admin」.

The header, the footer and the login page read ``portal.brand.brand()``; 门户设置
(``@@gongwen-portal-settings``) sets the unit's name, the system's name and the logo.
"""

import base64

import pytest
from plone import api
from plone.formwidget.namedfile.converter import b64encode_file
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from collective.gongwen.content import times
from collective.gongwen.portal.brand import DEFAULT_LOGO
from collective.gongwen.portal.brand import brand
from collective.gongwen.portal.brand import upgrade_1012
from collective.gongwen.portal.browser.settings import BrandRecords
from collective.gongwen.portal.settings import IPortalBrand
from collective.gongwen.portal.settings import logo_problem
from tests.support.views import post_as
from tests.support.views import render_as

PLONE_BRANDING = (
    "plone-logo.svg",
    "Powered by",
    "Plone ®",
    "Plone 基金会",
    "GNU GPL",
    "portal-colophon",
    "actions-site_actions",
    "<title>Plone site",
)
EMBLEM = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>'


@pytest.fixture
def records(portal):
    """门户设置's records, restored after the test."""
    registry = getUtility(IRegistry)
    names = ("plone.site_title", "plone.site_logo")
    saved = {name: registry.get(name) for name in names}
    saved_brand = {
        name: registry.get(f"{IPortalBrand.__identifier__}.{name}") for name in IPortalBrand
    }
    title = portal.Title()
    yield BrandRecords(registry)
    portal.setTitle(title)
    for name, value in saved.items():
        registry[name] = value
    for name, value in saved_brand.items():
        registry[f"{IPortalBrand.__identifier__}.{name}"] = value


def test_the_brand_defaults_to_the_top_unit_our_emblem_and_the_systems_name(portal):
    current = brand()
    assert current.unit_name == "新乡河务局"  # the demo's top unit: 长垣河务局's superior
    assert current.system_name == "电子公文系统"
    assert current.logo_url == f"{portal.absolute_url()}/{DEFAULT_LOGO}"
    assert current.full_name == "新乡河务局 电子公文系统"


def test_every_page_has_the_units_name_and_logo_and_no_plone_branding(portal):
    pages = (
        render_as(portal, "gongwen-front-page", "cy_eng_staff")[1],
        render_as(portal["changyuan"], "view", "cy_eng_staff")[1],
        portal.restrictedTraverse("@@login")(),
    )
    for html in pages:
        assert 'id="portal-logo"' in html
        assert DEFAULT_LOGO in html
        assert "新乡河务局" in html and "电子公文系统" in html
        for mark in PLONE_BRANDING:
            assert mark not in html, mark


def test_the_login_page_names_the_unit_and_system_and_keeps_plones_form(portal):
    html = portal.restrictedTraverse("@@login")()
    assert 'class="gongwen-login-unit">新乡河务局<' in html
    assert 'class="gongwen-login-system">电子公文系统<' in html
    assert 'name="__ac_name"' in html and 'name="__ac_password"' in html
    assert 'name="buttons.login"' in html
    assert "Get help" not in html and "login-help" not in html


def test_the_settings_set_the_names_the_logo_and_plones_site_title(portal, records):
    records.unit_name = "濮阳河务局"
    records.system_name = "公文处理系统"
    records.logo = b64encode_file("emblem.svg", EMBLEM)
    current = brand()
    assert current.full_name == "濮阳河务局 公文处理系统"
    assert current.logo_url == f"{portal.absolute_url()}/@@site-logo/emblem.svg"
    assert api.portal.get_registry_record("plone.site_title") == "濮阳河务局 公文处理系统"
    assert portal.Title() == "濮阳河务局 公文处理系统"  # the front page's heading
    html = render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    assert "濮阳河务局" in html and "@@site-logo/emblem.svg" in html and DEFAULT_LOGO not in html
    assert "<title>" in html and "濮阳河务局 公文处理系统</title>" in html


def test_the_settings_form_saves_for_the_system_administrator(portal, records):
    view, html = render_as(portal, "gongwen-portal-settings", "gw_admin")
    assert "门户设置" in html and "单位名称" in html and "单位标志" in html
    post_as(
        portal,
        "gongwen-portal-settings",
        "gw_admin",
        **{
            "form.widgets.unit_name": "滑县河务局",
            "form.widgets.system_name": "电子公文系统",
            "form.widgets.logo.action": "nochange",
            "form.buttons.save": "保存",
        },
    )
    assert brand().unit_name == "滑县河务局"


def test_the_settings_refuse_a_long_name_and_a_logo_that_is_not_an_image(portal, records):
    view, html = post_as(
        portal,
        "gongwen-portal-settings",
        "gw_admin",
        **{
            "form.widgets.unit_name": "河" * 51,
            "form.widgets.system_name": "电子公文系统",
            "form.buttons.save": "保存",
        },
    )
    assert "单位名称不能超过 50 字" in html
    assert brand().unit_name == "新乡河务局"
    assert logo_problem(b64encode_file("virus.exe", b"MZ")) is not None
    assert logo_problem(b64encode_file("big.png", b"0" * (600 * 1024))).default.startswith(
        "标志文件不能超过"
    )
    assert logo_problem(b"not base64 at all") is not None
    for active in (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href="javascript:alert(1)"><circle r="4"/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
        b"<html><body>not an svg</body></html>",
    ):
        assert logo_problem(b64encode_file("logo.svg", active)) is not None, active
    assert logo_problem(b64encode_file("logo.svg", EMBLEM)) is None
    assert logo_problem(b64encode_file("seal.png", base64.b64decode("iVBORw0KGgo="))) is None


@pytest.mark.parametrize("user", ["cy_eng_staff", "cy_office_head", "gw_secadmin", "gw_auditor"])
def test_only_the_system_administrator_opens_the_portal_settings(portal, user):
    from AccessControl import Unauthorized

    with pytest.raises(Unauthorized):
        render_as(portal, "gongwen-portal-settings", user)


def test_the_portal_settings_are_listed_in_site_setup(portal):
    configlets = {
        action.getId(): action
        for action in api.portal.get_tool("portal_controlpanel").listActions()
    }
    assert configlets["gongwen-portal-settings"].title == "门户设置"
    assert configlets["gongwen-portal-settings"].permissions == ("Plone Site Setup: Site",)


def test_upgrade_1012_gives_an_existing_site_the_brands_title(portal, records):
    portal.setTitle("电子公文")
    api.portal.set_registry_record("plone.site_title", "电子公文")
    upgrade_1012(None)
    assert portal.Title() == "新乡河务局 电子公文系统"
    assert api.portal.get_registry_record("plone.site_title") == "新乡河务局 电子公文系统"
    assert (
        '<h1 class="documentFirstHeading">新乡河务局 电子公文系统</h1>'
        in render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    )


def test_no_byline_on_units_departments_and_documents(portal):
    from tests.support.outgoing import draft_outgoing

    draft = draft_outgoing(portal)
    unit = portal["changyuan"]
    pages = {  # each as its address shows it (its default view)
        where: render_as(context, context.defaultView(), "cy_eng_staff")[1]
        for where, context in (
            ("unit", unit),
            ("department", unit["engineering"]),
            ("outgoing folder", unit["outgoing"]),
            ("draft", draft),
        )
    }
    for where, html in pages.items():
        assert 'id="section-byline"' not in html, where
        assert "/author/admin" not in html and ">admin<" not in html, where
        assert "label-by-author" not in html, where


def test_r_p2_a_notice_names_its_publisher_not_a_login(portal):
    unit = portal["changyuan"]
    with api.env.adopt_user(username="cy_office_deputy"):
        notice = api.content.create(
            container=unit, type="gongwen_notice", title="关于元旦值班的通知"
        )
        api.content.transition(obj=notice, transition="publish")
    html = render_as(notice, "view", "cy_eng_staff")[1]
    published = notice.workflow_history["gongwen_publication_workflow"][-1]["time"]
    expected = f"陈静 发布于 {times.format_date(times.in_zone(published))}"
    assert (
        f'<section id="section-byline" class="gongwen-byline text-muted">{expected}</section>'
        in html
    )
    assert "/author/" not in html and "cy_office_deputy" not in html


def test_issue21_the_top_unit_is_found_once_a_request(portal, monkeypatch):
    """The header, the window title and the footer each name the bureau: the portal's units are
    gone through once a page; a new request sees a renamed unit."""
    from collective.gongwen.portal import brand as brand_module
    from tests.support.calls import recorded

    found = recorded(monkeypatch, brand_module, "_top_unit_title", lambda: True)
    portal.REQUEST.other.pop(brand_module.TOP_UNIT_KEY, None)  # a new request
    html = render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    assert html.count("新乡河务局") >= 2 and len(found) == 1
    portal["xinxiang"].setTitle("新乡黄河河务局")
    portal.REQUEST.other.pop(brand_module.TOP_UNIT_KEY, None)
    assert brand().unit_name == "新乡黄河河务局"


def test_issue21_the_top_unit_is_found_among_the_portals_containers(portal):
    """The units are the portal's containers: its tools (the catalog, the users…) are not
    woken to be asked their type on every page."""
    import transaction

    from collective.gongwen.portal import brand as brand_module

    transaction.savepoint(optimistic=True)
    tools = [portal[name] for name in ("portal_catalog", "acl_users", "portal_workflow")]
    for tool in tools:
        tool._p_deactivate()
    assert [tool._p_status for tool in tools] == ["ghost"] * 3
    assert brand_module._top_unit_title() == "新乡河务局"
    assert [tool._p_status for tool in tools] == ["ghost"] * 3
