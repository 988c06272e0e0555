"""发文 (outgoing document): its schema (``schemas/outgoing.xml``), rules and class.

A container: its attachments (``gongwen_attachment``) live inside it, in order.
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer
from zope.interface import invariant

from collective.gongwen.content import validation
from collective.gongwen.content.fieldsets import translate_fieldset_labels
from collective.gongwen.interfaces import IGongwenOutgoing


class IOutgoingSchema(model.Schema):
    """The 发文 fields; the invariants are the rules R-D1, R-D2 and R-D3."""

    model.load("schemas/outgoing.xml")

    invariant(validation.r_d1_request_has_one_recipient)
    invariant(validation.r_d1_upward_copies_no_subordinate)
    invariant(validation.r_d2_urgent_has_deadline)
    invariant(validation.r_d3_classified_is_register_only)


translate_fieldset_labels(IOutgoingSchema)


@implementer(IGongwenOutgoing)
class Outgoing(Container):
    """A 发文 (outgoing document)."""
