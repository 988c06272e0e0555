"""Issue 21: a page's bundles (Plone's resource registry) are read and hashed once per
process while their files are on disk (a package's, its theme's CSS too), not on every page;
an override in the site, a theme copied into the site or webresource's development mode are
hashed every time, as Plone does. Whether a file is a package's, and a bundle's expression,
are asked once per request."""

import re

import pytest
import webresource
from plone.resource.directory import PersistentResourceDirectory
from plone.resource.interfaces import IResourceDirectory
from Products.CMFPlone.resources import webresource as plone_webresource
from Products.CMFPlone.resources.browser.resource import REQUEST_CACHE_KEY
from Products.CMFPlone.resources.utils import OVERRIDE_RESOURCE_DIRECTORY_NAME
from zope.component import getUtility

from collective.gongwen.portal import bundle_expressions
from collective.gongwen.portal import bundle_tags
from collective.gongwen.portal import resource_hashes
from tests.support.calls import recorded
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as

OVERRIDES = OVERRIDE_RESOURCE_DIRECTORY_NAME
BUNDLE_URL = re.compile(r'(?:src|href)="([^"]*\+\+webresource\+\+[^"]*)"')


@pytest.fixture
def reads(monkeypatch):
    """The bundle paths read for their content, in order (hashes kept from before dropped;
    every page builds its tags, none kept by ``bundle_tags``)."""
    monkeypatch.setattr(resource_hashes, "_hashes", {})
    monkeypatch.setattr(bundle_tags, "page_key", lambda view: None)
    return recorded(monkeypatch, plone_webresource, "get_resource", lambda _context, path: path)


def new_request(portal):
    """The test's request as a new one: the viewlets keep their bundles on the request, and
    whether a bundle is a package's file is asked once per request."""
    if hasattr(portal.REQUEST, REQUEST_CACHE_KEY):
        delattr(portal.REQUEST, REQUEST_CACHE_KEY)
    for key in (resource_hashes.ON_DISK_KEY, bundle_expressions.ANSWERS_KEY):
        portal.REQUEST.other.pop(key, None)


def page(portal):
    """The front page as a member of staff, in a request of its own."""
    new_request(portal)
    return render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]


def test_issue21_bundles_on_disk_are_hashed_once(portal, reads):
    first = page(portal)
    read_first = list(reads)
    assert any(path.startswith("++plone++") for path in read_first)
    reads.clear()
    second = page(portal)
    assert BUNDLE_URL.findall(first) and BUNDLE_URL.findall(second) == BUNDLE_URL.findall(first)
    assert [path for path in reads if resource_hashes.on_disk(portal, path)] == []
    assert reads == [path for path in read_first if not resource_hashes.on_disk(portal, path)]


def test_issue21_an_overridden_bundle_and_development_mode_are_hashed_each_time(
    portal, reads, monkeypatch
):
    page(portal)
    bundle = next(path for path in reads if path.startswith("++plone++"))
    reads.clear()
    persistent = getUtility(IResourceDirectory, name="persistent")
    overrides = persistent[OVERRIDE_RESOURCE_DIRECTORY_NAME]
    folder, _, name = bundle[len("++plone++") :].rpartition("/")
    if folder and not overrides.isDirectory(folder):
        overrides.makeDirectory(folder)
    overrides.writeFile(bundle[len("++plone++") :], b"/* the site's own */")
    assert resource_hashes.on_disk(portal, bundle)  # asked once per request
    new_request(portal)
    assert not resource_hashes.on_disk(portal, bundle)
    before = len(BUNDLE_URL.findall(page(portal)))
    assert bundle in reads and before
    reads.clear()
    page(portal)
    assert bundle in reads
    reads.clear()
    monkeypatch.setattr(webresource.config, "development", True)
    page(portal)
    assert {path for path in reads if path.startswith("++plone++")} >= {bundle}
    assert len([path for path in reads if resource_hashes.on_disk(portal, path)]) > 0


def test_issue21_the_packaged_themes_css_is_hashed_once_its_copy_each_time(portal, reads):
    page(portal)
    theme_css = [path for path in reads if path.startswith("++theme++barceloneta/")]
    assert theme_css and all(resource_hashes.on_disk(portal, path) for path in theme_css)
    reads.clear()
    page(portal)
    assert not [path for path in reads if path.startswith("++theme++")]
    persistent = getUtility(IResourceDirectory, name="persistent")
    if not persistent.isDirectory("theme"):
        persistent.makeDirectory("theme")
    persistent["theme"].makeDirectory("barceloneta")  # the theme copied into the site
    new_request(portal)
    assert not resource_hashes.on_disk(portal, theme_css[0])
    page(portal)
    page(portal)
    assert reads.count(theme_css[0]) == 2


def test_issue21_an_empty_override_directory_is_not_searched(portal, monkeypatch):
    """Looking a path up in the site's override directory is a traversal that fails, for each
    bundle file on every page; the directory is usually empty, and then it is not searched."""
    searched = recorded(
        monkeypatch,
        PersistentResourceDirectory,
        "isFile",
        lambda directory, path: path if directory.context.getId() == OVERRIDES else None,
    )
    page(portal)  # the hashes kept: Plone reads a file only to hash it (through the overrides)
    searched.clear()
    page(portal)
    assert [path for path in searched if path] == []
    persistent = getUtility(IResourceDirectory, name="persistent")
    persistent[OVERRIDE_RESOURCE_DIRECTORY_NAME].writeFile("other.css", b"/* the site's own */")
    page(portal)
    assert [path for path in searched if path]  # no longer empty: each file is looked up


def test_issue21_a_bundles_expression_is_evaluated_once_a_page(portal, monkeypatch):
    """The viewer's three bundles share one expression over five files; it is evaluated once."""
    evaluated = recorded(monkeypatch, bundle_expressions, "evaluateExpression", lambda *a: a)
    document = draft_outgoing(portal, title="关于防汛物资清单的通知")
    new_request(portal)
    render_as(document, "view", "cy_eng_staff")
    texts = [expression.text for expression, _context in evaluated]
    assert texts.count("context/@@gongwen-documentviewer-page") == 1
    assert len(texts) == len(set(texts))
