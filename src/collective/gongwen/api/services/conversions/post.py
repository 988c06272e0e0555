"""POST ``@conversions``: queue what is not converted (site) or re-convert one file."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides

from collective.gongwen.api.services.conversions.get import viewer_files
from collective.gongwen.conversion.indexers import NOT_CONVERTED
from collective.gongwen.conversion.jobs import queue_conversion
from collective.gongwen.conversion.status import FAILED
from collective.gongwen.conversion.status import QUEUED


class ConversionsPost(Service):
    """Queue every file not converted yet; with ``include_failed`` the failed ones too."""

    def reply(self):
        # As plone.restapi's own writing services do: API clients send no
        # form authenticator.
        alsoProvides(self.request, IDisableCSRFProtection)
        states = [NOT_CONVERTED, QUEUED]
        if json_body(self.request).get("include_failed"):
            states.append(FAILED)
        queued = 0
        for brain in viewer_files(conversion_state=states):
            if queue_conversion(brain._unrestrictedGetObject(), force=True):
                queued += 1
        return {"queued": queued}


class ConversionPost(Service):
    """Re-convert this file."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        return {"queued": bool(queue_conversion(self.context, force=True))}
