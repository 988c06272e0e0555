"""Issue 21 on an existing site: the upgrade to 1014 stops the top bar generating tabs from
content. It found nothing to show, yet asked the catalog on every page for all that lies three
levels down — every document of every unit — a cost that grew with the documents."""

from plone import api
from Products.CMFPlone.CatalogTool import CatalogTool

from collective.gongwen.setuphandlers.upgrades import registry_records
from tests.support.views import render_as

RECORD = "plone.generate_tabs"
TABS = ("首页", "我的待办", "草稿", "我的待阅", "公文检索")


def top_bar(portal, monkeypatch):
    """The front page for cy_eng_staff, and the catalog searches its top bar made to generate
    tabs (Plone's query for them: the only one that asks ``is_default_page``)."""
    searches = []
    original = CatalogTool.searchResults

    def counted(self, *args, **kwargs):
        if "is_default_page" in kwargs:
            searches.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CatalogTool, "searchResults", counted)
    _view, html = render_as(portal, "view", "cy_eng_staff")
    monkeypatch.setattr(CatalogTool, "searchResults", original)
    return html, searches


def test_r_p1_upgrade_1014_top_bar_without_a_catalog_query(portal, monkeypatch):
    api.portal.set_registry_record(RECORD, True)  # the site as issue 20 left it
    html, searches = top_bar(portal, monkeypatch)
    assert searches, "generating tabs asks the catalog"
    assert all(tab in html for tab in TABS)

    with api.env.adopt_roles(["Manager"]):
        registry_records(None)
        registry_records(None)  # twice: nothing breaks
    assert api.portal.get_registry_record(RECORD) is False
    html, searches = top_bar(portal, monkeypatch)
    assert searches == []
    assert all(tab in html for tab in TABS)  # the same tabs
