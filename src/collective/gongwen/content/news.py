"""工作动态 (department work news), each item belonging to one department."""

from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer

from collective.gongwen.interfaces import IGongwenNews


class INewsSchema(model.Schema):
    """The news fields (``schemas/news.xml``)."""

    model.load("schemas/news.xml")


@implementer(IGongwenNews)
class News(Item):
    """A 工作动态 item."""
