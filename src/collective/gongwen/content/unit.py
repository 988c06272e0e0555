"""The unit (单位) content type: a bureau with its departments and folders.

A thin class; what happens when a unit is created, renamed or deleted lives
in ``collective.gongwen.org.sync``.
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer

from collective.gongwen.content.fieldsets import translate_fieldset_labels


class IGongwenUnit(model.Schema):
    """Marker and schema of a unit; the fields come from ``schemas/unit.xml``."""

    model.load("schemas/unit.xml")


translate_fieldset_labels(IGongwenUnit)


@implementer(IGongwenUnit)
class Unit(Container):
    """A unit (单位), e.g. 长垣河务局."""
