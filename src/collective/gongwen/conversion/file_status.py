"""``content.file_status.IFileStatus`` of a file item, from its conversion record (R-A1).

The words are the conversion status service's own (``views.status_message``).
"""

from zope.component import adapter
from zope.interface import implementer

from collective.gongwen.content.file_status import IFileStatus
from collective.gongwen.conversion.status import CONVERTING
from collective.gongwen.conversion.status import DONE
from collective.gongwen.conversion.status import QUEUED
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.views import status_message
from collective.gongwen.interfaces import IGongwenAttachment


@implementer(IFileStatus)
@adapter(IGongwenAttachment)
class FileStatus:
    """A file item's conversion status."""

    def __init__(self, context):
        self.context = context
        self.record = conversion_status(context)

    @property
    def state(self):
        return self.record.get("state")

    @property
    def pending(self):
        return self.state in (QUEUED, CONVERTING)

    @property
    def current(self):
        return self.state in (None, DONE)

    def message(self, converted, pages=None):
        record = self.record
        if record.get("state") is None and converted:
            record = {"state": DONE, "pages": pages}
        return status_message(record)
