"""收文 (incoming document): its schema (``schemas/incoming.xml``), rules and class.

A container: its attachments (``gongwen_attachment``) live inside it, in order.
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer
from zope.interface import invariant

from collective.gongwen.content import validation
from collective.gongwen.content.fieldsets import translate_fieldset_labels
from collective.gongwen.content.limits import upload_limited
from collective.gongwen.interfaces import IGongwenIncoming


class IIncomingSchema(model.Schema):
    """The 收文 fields; the invariants are the rules R-D2 and R-D3."""

    model.load("schemas/incoming.xml")
    upload_limited("original_file")

    invariant(validation.r_d2_urgent_has_deadline)
    invariant(validation.r_d3_classified_is_register_only)


translate_fieldset_labels(IIncomingSchema)


@implementer(IGongwenIncoming)
class Incoming(Container):
    """A 收文 (incoming document)."""
