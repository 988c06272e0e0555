"""Issue 21: Plone's viewlets with nothing to offer on the bureau's intranet are hidden, on new
sites and, by the upgrade to 1018, on existing ones — RSS links, social networks' tags, Dublin
Core tags, next/previous links — each was drawn on every page. What staff use stays."""

import pytest
from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
from zope.component import getUtility

from tests.support.outgoing import draft_outgoing
from tests.support.upgrades import current_version
from tests.support.upgrades import upgraded_from
from tests.support.views import render_as

SKIN = "Plone Default"
HIDDEN = {
    "plone.htmlhead": ("plone.htmlhead.socialtags", "plone.htmlhead.dublincore"),
    "plone.htmlhead.links": ("plone.links.RSS", "plone.nextprevious.links"),
    "plone.abovecontenttitle": ("plone.socialtags",),
    "plone.belowcontent": ("plone.nextprevious",),
}


def hidden():
    storage = getUtility(IViewletSettingsStorage)
    return {manager: set(storage.getHidden(manager, SKIN)) for manager in HIDDEN}


def assert_hidden():
    for manager, names in hidden().items():
        assert set(HIDDEN[manager]) <= names, manager


@pytest.fixture
def page(portal):
    """The front page (the site offered its RSS feeds there) and a document's page."""
    document = draft_outgoing(portal, title="关于防汛物资清单的通知")

    def render():
        return (
            render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
            + render_as(document, "view", "cy_eng_staff")[1]
        )

    return render


def test_issue21_a_new_site_hides_the_viewlets_staff_have_no_use_for(portal, page):
    assert_hidden()
    html = page()
    assert "application/rss+xml" not in html and 'property="og:' not in html
    # what staff use is still there: breadcrumbs, the unit's name, the language choice
    assert "关于防汛物资清单的通知" in html and 'id="portal-breadcrumbs"' in html
    assert "简体中文" in html


def test_issue21_upgrade_1018_hides_them_on_an_existing_site(portal, page):
    storage = getUtility(IViewletSettingsStorage)
    for manager in HIDDEN:
        storage.setHidden(manager, SKIN, ())  # as sites before 1018 have it
    assert "application/rss+xml" in page()
    upgraded_from("1017")
    assert upgraded_from("1017") == current_version()  # twice: nothing breaks
    assert_hidden()
    assert "application/rss+xml" not in page()
