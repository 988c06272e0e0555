"""通知公告 (notice) for the front page."""

from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer

from collective.gongwen.interfaces import IGongwenNotice


class INoticeSchema(model.Schema):
    """The notice fields (``schemas/notice.xml``)."""

    model.load("schemas/notice.xml")


@implementer(IGongwenNotice)
class Notice(Item):
    """A 通知公告."""
