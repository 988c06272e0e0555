"""``@@gongwen-health``: does this instance's database answer? For a load balancer's check.

What this module owns: the health answer of one Zope instance, at the
application root (``/@@gongwen-health``: haproxy needs no site id) and on the
site. Anonymous; no Plone page, no write, no session refresh, nothing
audited, never cached. ``200 ok`` when the storage answers — the request's
connection is synced (RelStorage polls PostgreSQL) and the root read — and
``503`` otherwise. When the database is away before the view runs (the
connection cannot even be opened), ``api.maintenance``'s WSGI filter answers
503 itself.
"""

import logging

from Acquisition import aq_base
from Products.Five.browser import BrowserView

logger = logging.getLogger("collective.gongwen.health")


def storage_answers(obj):
    """Sync the connection of ``obj`` with its storage and read the root; raises when away."""
    jar = aq_base(obj)._p_jar
    jar.sync()
    root = jar.root()
    root._p_activate()
    return True


class Health(BrowserView):
    """``ok`` (200) while the database answers, ``unavailable`` (503) when it does not."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        response.setHeader("Cache-Control", "no-store")
        try:
            storage_answers(self.context)
        except Exception as error:  # whatever the storage raises, the instance is not healthy
            logger.warning("health: the database does not answer: %r", error)
            response.setStatus(503)
            return "unavailable\n"
        return "ok\n"
