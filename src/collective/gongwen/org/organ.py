"""The external organ (外部机关) of the address book (R-D7), kept by the office.

A thin class; its fields come from ``schemas/organ.xml``. Organs live in the
unit's 「通讯录」 folder (``sync.ADDRESSBOOK_FOLDER``), created with the unit;
the book reads them (``addressbook``).
"""

from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer


class IGongwenOrgan(model.Schema):
    """Marker and schema of an external organ."""

    model.load("schemas/organ.xml")


@implementer(IGongwenOrgan)
class Organ(Item):
    """An external organ: a 主送/抄送 recipient outside the portal."""
