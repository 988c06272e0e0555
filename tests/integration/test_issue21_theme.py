"""Issue 21: the portal's theme is Barceloneta's page and stylesheet with rules that find the
parts of Plone's page by id. Barceloneta's own rules walked the whole page about thirty times
to find them (a page's Diazo theming 2.3–2.5× as long, bench/theme_rules.py); the portal's
rules give the same page, on new sites and, by the upgrade to 1017, on existing ones."""

import pytest
from lxml import etree
from plone import api
from plone.app.theming.interfaces import IThemeSettings
from plone.app.theming.utils import applyTheme
from plone.app.theming.utils import getTheme
from Products.statusmessages.interfaces import IStatusMessage

from bench.theme_rules import BARCELONETA_RULES
from bench.theme_rules import GONGWEN_RULES
from bench.theme_rules import PREFIX
from bench.theme_rules import themed
from bench.theme_rules import transform
from tests.support.outgoing import draft_outgoing
from tests.support.upgrades import current_version
from tests.support.upgrades import upgraded_from
from tests.support.views import render_as

PORTAL_THEME = (
    "gongwen",
    {"rules": "/++theme++gongwen/rules.xml", "absolutePrefix": PREFIX, "enabled": True},
)


def theme_settings():
    return api.portal.get_registry_record(interface=IThemeSettings, name="currentTheme"), {
        name: api.portal.get_registry_record(name, interface=IThemeSettings)
        for name in ("rules", "absolutePrefix", "enabled")
    }


def test_issue21_the_portal_uses_its_own_theme(portal):
    assert theme_settings() == PORTAL_THEME


@pytest.fixture(scope="module")
def rules():
    return {"Barceloneta": transform(BARCELONETA_RULES), "portal": transform(GONGWEN_RULES)}


def test_issue21_the_portals_rules_walk_no_page_to_find_a_part(rules):
    """Each ``//`` at the start of a path to the page is a walk over all its elements."""

    def walks(rules_file):
        compiled = etree.parse(rules_file)  # the rules as written: the content side
        return [
            value
            for element in compiled.iter()
            for name in ("content", "content-children", "if-content", "if-not-content")
            for value in [element.get(name) or ""]
            if value.startswith("//")
        ]

    assert walks(GONGWEN_RULES) == []
    # the CSS selectors Diazo turns into walks are not used for the page either
    css = "{http://namespaces.plone.org/diazo/css}"
    written = etree.parse(GONGWEN_RULES)
    assert not [
        element.get(f"{css}{name}")
        for element in written.iter()
        for name in ("content", "content-children", "if-content", "if-not-content")
        if element.get(f"{css}{name}")
    ]


@pytest.mark.parametrize(
    "page", ["front page", "todo", "search", "document", "document with a message"]
)
def test_issue21_the_portals_rules_give_barcelonetas_page(portal, rules, page):
    if page.startswith("document"):
        document = draft_outgoing(portal, title="关于防汛物资清单的通知")
        if page.endswith("message"):
            IStatusMessage(portal.REQUEST).add("已保存。")
        html = render_as(document, "view", "cy_eng_staff")[1]
    else:
        view = {"front page": "gongwen-front-page", "todo": "gongwen-todo"}.get(
            page, "gongwen-search"
        )
        html = render_as(portal, view, "cy_eng_head", q="防汛")[1]
    barceloneta, ours = (themed(rules[name], html) for name in ("Barceloneta", "portal"))
    assert ours == barceloneta
    # themed: Barceloneta's page around the portal's content and Plone's toolbar
    assert 'id="edit-bar"' in ours and 'class="outer-wrapper' in ours
    assert 'id="portal-column-content"' in ours
    if page.endswith("message"):
        assert "已保存。" in ours


def test_issue21_upgrade_1017_applies_the_portals_theme(portal):
    applyTheme(getTheme("barceloneta"))  # as sites before 1017 have it
    assert theme_settings()[0] == "barceloneta"
    upgraded_from("1016")
    assert upgraded_from("1016") == current_version()  # twice: nothing breaks
    assert theme_settings() == PORTAL_THEME
