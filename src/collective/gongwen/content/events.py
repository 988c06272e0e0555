"""The named events of a 发文/收文 being read: one of its files downloaded, its page viewed.

Fired by the views that serve them (``content.downloads`` for the file items, the slip's and the
exchange package's views, the document page), before the answer is sent; cheap, they write
nothing to the document themselves. Subscribed to by incoming (R-I4, who downloaded a 收文's
files) and, next, the audit trail.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent

# What was downloaded (``IFileDownloaded.kind``)
FILE = "file"  # a file item (附件, 正式文件, 来文原件, …) or one of its earlier versions
SLIP = "slip"  # the kept 发文稿纸 / 来文处理单
PACKAGE = "package"  # the exchange package (交换包) of a 发文


class IFileDownloaded(IObjectEvent):
    """``user_id`` downloaded a file of the 发文/收文 ``object``."""

    kind = Attribute("FILE, SLIP or PACKAGE")
    item = Attribute("The file item (an IGongwenAttachment) for FILE, else None")
    file_id = Attribute("The file's id in the document (the item's id; 'slip'; the package's name)")
    title = Attribute("The file's title or file name as shown")
    version = Attribute("The version id for an earlier version (R-A2), else None")
    user_id = Attribute("Who downloaded it")


@implementer(IFileDownloaded)
class FileDownloaded(ObjectEvent):
    def __init__(self, document, kind, file_id, title, user_id, item=None, version=None):
        super().__init__(document)
        self.kind = kind
        self.item = item
        self.file_id = file_id
        self.title = title
        self.version = version
        self.user_id = user_id


class IDocumentViewed(IObjectEvent):
    """``user_id`` opened the page of the 发文/收文 ``object``."""

    user_id = Attribute("Who viewed it (None: anonymous)")


@implementer(IDocumentViewed)
class DocumentViewed(ObjectEvent):
    def __init__(self, document, user_id):
        super().__init__(document)
        self.user_id = user_id
