"""Plone's ``<script>`` and ``<link>`` tags of a page, kept per process while what they are
made of is unchanged.

Plone's resource viewlets build them anew on every page. They read every bundle record from
the registry, make a resource object per file, evaluate the bundles' expressions, resolve the
dependencies and render: 6.5 % of a cluster instance's CPU under 200 users (py-spy ``--gil``).
The tags depend only on:

* the bundle records and the theme settings. Plone marks a change of them with the registry's
  ``__RESOURCE_REGISTRY_MTIME`` (a profile import, its resource registry control panel;
  ``note_bundle_change`` below for any other change of those records). The mark is stored in
  the ZODB, so every instance of a cluster sees it;
* the theme, the portal's URL, the bundles the request enables or disables, and the answers
  of the bundles' expressions on this page (asked once per request, ``bundle_expressions``);
* the files' content, kept only while every file is a package's (``resource_hashes.on_disk``);
  a site override, a theme held in the site, custom CSS or webresource's development mode
  build the tags on every page, as Plone does.

A page whose tags Plone could not build (a missing dependency, an unreadable file: it says so
in a status message to administrators) is not kept.
"""

from time import time

import webresource
from plone.app.theming.interfaces import IThemeSettings
from plone.app.theming.utils import theming_policy
from plone.base.interfaces import IBundleRegistry
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.resources.browser.resource import _RESOURCE_REGISTRY_MTIME
from Products.CMFPlone.resources.browser.resource import REQUEST_CACHE_KEY
from Products.CMFPlone.resources.browser.resource import ResourceBase
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.component import queryUtility

from collective.gongwen.portal.bundle_expressions import answer
from collective.gongwen.portal.resource_hashes import on_disk

BUNDLES = "plone.bundles/"
THEME_SETTINGS = IThemeSettings.__identifier__ + "."
STATUS_COOKIE = "statusmessages"
LIMIT = 64  # entries kept (expression answers × portal URLs × themes; registry marks)
_bundles = {}  # registry mark → (the bundles' expressions, their files)
# Both are read and filled by concurrent requests: an entry is taken with one ``get``.
_tags = {}  # a page's key → {"js": tags, "css": tags}


def update(self):
    """Plone's ``ResourceBase.update``, the tags taken from those kept when they may be."""
    request = self.request
    if getattr(request, REQUEST_CACHE_KEY, None) is not None:
        return self._old_update()  # kept by collective.monkeypatcher
    key = page_key(self)
    kept = _tags.get(key) if key is not None else None
    if kept is not None:
        setattr(request, REQUEST_CACHE_KEY, dict(kept))
        return self._old_update()
    status = status_messages(request)
    self._old_update()
    if key is None or status_messages(request) != status:
        return
    if len(_tags) >= LIMIT:
        _tags.clear()
    _tags[key] = dict(self.rendered)


def status_messages(request):
    """The status messages the response carries now, as a copy (a new message changes the
    response's cookie in place)."""
    cookie = request.response.cookies.get(STATUS_COOKIE)
    return dict(cookie) if cookie else None


def page_key(view):
    """What the page's tags are made of, or None when they are built on every page."""
    if webresource.config.development:
        return None
    registry = getUtility(IRegistry)
    mark = getattr(registry, _RESOURCE_REGISTRY_MTIME, None)
    settings = registry.forInterface(IThemeSettings, False)
    if mark is None or settings.custom_css:
        return None
    expressions, files = bundles(registry, mark)
    theme, theme_files = theme_of(view.request)
    if not all(on_disk(view.context, path) for path in files + theme_files):
        return None
    enabled, disabled = view._request_bundles()
    portal_state = getMultiAdapter((view.context, view.request), name="plone_portal_state")
    return (
        mark,
        portal_state.portal_url(),
        theme,
        frozenset(enabled),
        frozenset(disabled),
        tuple(bool(answer(expression, view.context)) for expression in expressions),
    )


def bundles(registry, mark):
    """The bundles' distinct expressions and their files, read once per registry mark (each
    site of the process has its own)."""
    found = _bundles.get(mark)
    if found is None:
        records = list(
            registry.collectionOfInterface(
                IBundleRegistry, prefix="plone.bundles", check=False
            ).values()
        )
        expressions = tuple(sorted({record.expression for record in records} - {None, ""}))
        files = [
            path
            for record in records
            for path in (record.jscompilation, record.csscompilation)
            if path and not ResourceBase.is_external_url(path)
        ]
        found = (expressions, files)
        if len(_bundles) >= LIMIT:
            _bundles.clear()
        _bundles[mark] = found
    return found


def theme_of(request):
    """``(the theme's key, its files)``: what of the current theme the tags use."""
    policy = theming_policy(request)
    theme = policy.get_theme() if policy.isThemeEnabled() else None
    if theme is None:
        return None, []
    files = [
        path
        for path in (
            theme.production_css,
            theme.development_css,
            theme.production_js,
            theme.development_js,
        )
        if path and not ResourceBase.is_external_url(path)
    ]
    key = (
        theme.__name__,
        tuple(files),
        tuple(theme.enabled_bundles),
        tuple(theme.disabled_bundles),
    )
    return key, files


def note_bundle_change(event):
    """A bundle record or a theme setting changed (added, set, removed): mark the registry,
    as Plone's resource registry control panel does, so no instance keeps the old tags."""
    name = getattr(event.record, "__name__", "") or ""
    registry = queryUtility(IRegistry)
    if registry is not None and name.startswith((BUNDLES, THEME_SETTINGS)):
        # Plone's update_resource_registry_mtime, without its log line for each record
        setattr(registry, _RESOURCE_REGISTRY_MTIME, time())
