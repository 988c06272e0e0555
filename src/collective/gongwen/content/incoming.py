"""收文 (incoming document): its schema (``schemas/incoming.xml``) and class.

A container: its attachments (``gongwen_attachment``) live inside it, in order.
The blocks shared with 发文 (``blocks.py``, with the rules R-D2 and R-D3) are
behaviors; their fields sit in 来文信息.
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer

from collective.gongwen.content.blocks import place_block_fields
from collective.gongwen.content.fieldsets import translate_fieldset_labels
from collective.gongwen.content.limits import upload_limited
from collective.gongwen.interfaces import IGongwenIncoming


class IIncomingSchema(model.Schema):
    """The 收文 fields (their rules R-D2, R-D3 are the blocks')."""

    model.load("schemas/incoming.xml")
    upload_limited("original_file")


translate_fieldset_labels(IIncomingSchema)
# 来文信息 as registered: after 份数, 文种, 紧急程度 (办理时限), 密级, 份号, 保密期限.
place_block_fields(
    IIncomingSchema,
    ("doc_kind", "after", "copies"),
    ("urgency", "after", "doc_kind"),
    ("deadline", "after", "urgency"),
    ("classification", "after", "deadline"),
    ("copy_number", "after", "classification"),
    ("secrecy_period", "after", "copy_number"),
)


@implementer(IGongwenIncoming)
class Incoming(Container):
    """A 收文 (incoming document)."""
