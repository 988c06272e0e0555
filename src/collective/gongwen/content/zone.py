"""The portal's zone kept in step with the site's registry record (R-RUN2).

``plone.portal_timezone`` (set to Asia/Shanghai when ``make start`` creates
the site) is the portal's zone; empty or unknown, ``times.DEFAULT_ZONE``.
Each request into the site, and each change of the record, brings the
process to it (``times.use_zone``); nothing is done when it already is.
One Zope instance serves one zone: sites with different zones in one
instance are not supported.
"""

from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

from collective.gongwen.content import times

RECORD = "plone.portal_timezone"


def portal_zone_name(site=None):
    """The IANA name of the portal's zone, from the registry of ``site`` (default: current)."""
    registry = queryUtility(IRegistry, context=site) if site is not None else None
    if registry is None:
        registry = queryUtility(IRegistry)
    value = registry.get(RECORD) if registry is not None else None
    return times.zone_name_or_default(value)


def follow_portal(site, event=None):
    """Before traversing the site: the process in the site's zone."""
    name = portal_zone_name(site)
    if name != times.zone_name():
        times.use_zone(name)


def follow_record(event):
    """The record changed (control panel, profile, script): the process follows at once."""
    record = getattr(event, "record", None)
    if getattr(record, "__name__", None) == RECORD:
        times.use_zone(event.newValue)
