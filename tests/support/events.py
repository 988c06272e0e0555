"""Catching the named events fired during a test (integration tests)."""

import contextlib

from zope.component import getGlobalSiteManager


@contextlib.contextmanager
def catching(*interfaces):
    """``[(interface, object, event), …]`` of the events of ``interfaces`` fired meanwhile."""
    seen = []
    handlers = {
        interface: (lambda obj, event, interface=interface: seen.append((interface, obj, event)))
        for interface in interfaces
    }
    registry = getGlobalSiteManager()
    for interface, handler in handlers.items():
        registry.registerHandler(handler, (None, interface))
    try:
        yield seen
    finally:
        for interface, handler in handlers.items():
            registry.unregisterHandler(handler, (None, interface))


def of(seen, interface):
    """The events of ``interface`` among ``seen``."""
    return [event for kind, _, event in seen if kind is interface]
