"""GET ``@conversions``: counts per conversion state and the failed files."""

from plone import api
from plone.restapi.services import Service
from zope.i18n import translate

from collective.gongwen.conversion.indexers import NOT_CONVERTED
from collective.gongwen.conversion.status import CONVERTING
from collective.gongwen.conversion.status import DONE
from collective.gongwen.conversion.status import FAILED
from collective.gongwen.conversion.status import QUEUED
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.views import status_message

STATES = (NOT_CONVERTED, QUEUED, CONVERTING, DONE, FAILED)


def viewer_files(**query):
    """Brains of every file the viewer converts, whoever may see them."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        object_provides="plone.app.contenttypes.interfaces.IFile", **query
    )


class ConversionsGet(Service):
    def reply(self):
        counts = {state: len(viewer_files(conversion_state=state)) for state in STATES}
        failed = []
        for brain in viewer_files(conversion_state=FAILED)[:200]:
            obj = brain._unrestrictedGetObject()
            failed.append(
                {
                    "@id": obj.absolute_url(),
                    "title": obj.Title(),
                    "message": translate(
                        status_message(conversion_status(obj)), context=self.request
                    ),
                }
            )
        return {
            "@id": f"{self.context.absolute_url()}/@conversions",
            "total": sum(counts.values()),
            "states": counts,
            "pending": counts[NOT_CONVERTED] + counts[QUEUED] + counts[CONVERTING],
            "failed": failed,
        }
