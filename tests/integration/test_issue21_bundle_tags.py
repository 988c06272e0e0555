"""Issue 21: a page's script and style tags (Plone's resource viewlets) are built once per
process for the same bundles, theme, portal URL and answers of the bundles' expressions; a
change of a bundle record or a theme setting shows on the next page; custom CSS, a site
override or a page Plone could not build (its status message to administrators) are built
on every page, as Plone does."""

import re

import pytest
import webresource
from plone import api
from plone.app.testing import logout
from plone.app.theming.interfaces import IThemeSettings
from plone.base.interfaces import IBundleRegistry
from plone.registry.interfaces import IRegistry
from plone.resource.interfaces import IResourceDirectory
from Products.CMFPlone.resources.browser.resource import _RESOURCE_REGISTRY_MTIME
from Products.CMFPlone.resources.browser.resource import REQUEST_CACHE_KEY
from Products.CMFPlone.resources.utils import OVERRIDE_RESOURCE_DIRECTORY_NAME
from zope.component import getUtility

from collective.gongwen.portal import bundle_expressions
from collective.gongwen.portal import bundle_tags
from collective.gongwen.portal import resource_hashes
from tests.support.calls import recorded
from tests.support.views import render_as

BUNDLE_URL = re.compile(r'(?:src|href)="([^"]*\+\+webresource\+\+[^"]*)"')
PHONE = "plone.bundles/gongwen-phone.enabled"


@pytest.fixture
def built(monkeypatch):
    """The resource groups Plone resolved (two a page it built: scripts, styles), none kept."""
    monkeypatch.setattr(bundle_tags, "_tags", {})
    return recorded(monkeypatch, webresource, "ResourceResolver", lambda group: group.name)


def new_request(portal):
    """The test's request as a new one (the tags, the answers, no status message)."""
    if hasattr(portal.REQUEST, REQUEST_CACHE_KEY):
        delattr(portal.REQUEST, REQUEST_CACHE_KEY)
    for key in (resource_hashes.ON_DISK_KEY, bundle_expressions.ANSWERS_KEY):
        portal.REQUEST.other.pop(key, None)
    portal.REQUEST.response.cookies.pop(bundle_tags.STATUS_COOKIE, None)


def page(portal, user="cy_eng_staff"):
    """The front page as ``user`` (None: a visitor), in a request of its own."""
    new_request(portal)
    if user is not None:
        return render_as(portal, "gongwen-front-page", user)[1]
    logout()
    return portal.restrictedTraverse("@@gongwen-front-page")()


def tags(html):
    return BUNDLE_URL.findall(html)


def test_issue21_a_pages_tags_are_built_once(portal, built):
    first = page(portal)
    assert len(built) == 2
    second = page(portal)
    assert len(built) == 2  # kept: nothing read, resolved or rendered again
    assert tags(first) and tags(second) == tags(first)
    assert any("bundle.min.js" in url for url in tags(first))


def test_issue21_each_answer_of_an_expression_has_its_own_tags(portal, built):
    """Plone's event-editing bundle is for members (``python: member is not None``)."""
    staff, visitor = page(portal), page(portal, user=None)
    assert len(built) == 4
    assert tags(page(portal)) == tags(staff)
    assert tags(page(portal, user=None)) == tags(visitor)
    assert len(built) == 4
    assert any("event.js" in url for url in tags(staff))
    assert not any("event.js" in url for url in tags(visitor))


def test_issue21_a_changed_bundle_shows_on_the_next_page(portal, built):
    registry = getUtility(IRegistry)
    assert any("phone.js" in url for url in tags(page(portal)))
    mark = getattr(registry, _RESOURCE_REGISTRY_MTIME)
    api.portal.set_registry_record(PHONE, False)
    assert getattr(registry, _RESOURCE_REGISTRY_MTIME) != mark  # seen by every instance
    assert not any("phone.js" in url for url in tags(page(portal)))
    api.portal.set_registry_record(PHONE, True)
    assert any("phone.js" in url for url in tags(page(portal)))
    assert len(built) == 6


def test_issue21_custom_css_and_a_site_override_are_built_every_page(portal, built):
    settings = getUtility(IRegistry).forInterface(IThemeSettings, False)
    settings.custom_css = "body { letter-spacing: 0.1em; }"
    assert "custom.css" in "".join(tags(page(portal)))
    page(portal)
    assert len(built) == 4
    settings.custom_css = ""
    page(portal)
    page(portal)
    assert len(built) == 6
    overrides = getUtility(IResourceDirectory, name="persistent")[OVERRIDE_RESOURCE_DIRECTORY_NAME]
    overrides.makeDirectory("collective.gongwen.phone")
    overrides.writeFile("collective.gongwen.phone/phone.css", b"/* the site's own */")
    page(portal)
    page(portal)
    assert len(built) == 10


def test_issue21_tags_plone_could_not_build_are_not_kept(portal, built):
    """A bundle with a missing dependency: Plone leaves it out and tells administrators."""
    bundles = getUtility(IRegistry).collectionOfInterface(IBundleRegistry, prefix="plone.bundles")
    broken = bundles.add("gongwen-test-broken")
    broken.jscompilation = "++plone++collective.gongwen.phone/phone.js"
    broken.depends = "no-such-bundle"
    broken.enabled = True
    page(portal, user="gw_admin")
    page(portal, user="gw_admin")
    assert len(built) == 4


def test_issue21_a_message_added_beside_an_earlier_one_still_keeps_nothing(portal, built):
    """The page already carries a status message (the response's cookie) when Plone adds its
    own about the broken bundle: the page is still not kept."""
    from Products.statusmessages.interfaces import IStatusMessage

    bundles = getUtility(IRegistry).collectionOfInterface(IBundleRegistry, prefix="plone.bundles")
    broken = bundles.add("gongwen-test-broken")
    broken.jscompilation = "++plone++collective.gongwen.phone/phone.js"
    broken.depends = "no-such-bundle"
    broken.enabled = True
    for _ in range(2):
        new_request(portal)
        IStatusMessage(portal.REQUEST).add("已保存。", type="info")
        render_as(portal, "gongwen-front-page", "gw_admin")
    assert len(built) == 4
