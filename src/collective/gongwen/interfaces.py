"""Marker interfaces shared by the whole package."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IGongwenLayer(IDefaultBrowserLayer):
    """Browser layer active on sites where collective.gongwen is installed."""


class IGongwenPageView(Interface):
    """A page of ours about the user's work (我的待办, a listing, a settings form …),
    not about the content item it is shown on: it has no author/modified byline."""


# Documents (content/): markers the classes provide, for adapters, indexers,
# subscribers and viewlets. The schemas live in content/<type>.py.


class IGongwenDocument(Interface):
    """A 公文 (发文 or 收文): has 文种, 紧急程度, 密级, a unit and attachments."""


class IGongwenOutgoing(IGongwenDocument):
    """发文: a document drafted here and sent out."""


class IGongwenIncoming(IGongwenDocument):
    """收文: a document received and handled here."""


class IGongwenAttachment(Interface):
    """附件: a versioned file inside its document."""


class IGongwenNotice(Interface):
    """通知公告 for the front page."""


class IGongwenNews(Interface):
    """工作动态 of one department."""
