"""附件 (attachment): a file inside its document, ordered there and versioned.

It is a Plone file (``IFile``) too, so collective.documentviewer converts it
and shows it inline like any uploaded file (R-A1).
"""

from plone.app.contenttypes.interfaces import IFile
from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer

from collective.gongwen.content.limits import upload_limited
from collective.gongwen.content.rules import attachment_name
from collective.gongwen.interfaces import IGongwenAttachment


class IAttachmentSchema(model.Schema):
    """The attachment fields (``schemas/attachment.xml``)."""

    model.load("schemas/attachment.xml")
    upload_limited("file")


@implementer(IGongwenAttachment, IFile)
class Attachment(Item):
    """An attachment; untitled ones go by their file name (as 附件说明 does)."""

    def Title(self):
        file = getattr(self, "file", None)
        return attachment_name(self.title, getattr(file, "filename", "") or "")
