"""发文 (outgoing document): its schema (``schemas/outgoing.xml``), rules and class.

A container: its attachments (``gongwen_attachment``) live inside it, in order.
The blocks shared with 收文 (``blocks.py``) are behaviors; their fields sit in 版头.
"""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.form.browser.textlines import TextLinesFieldWidget
from zope.interface import implementer
from zope.interface import invariant

from collective.gongwen.content import validation
from collective.gongwen.content.blocks import place_block_fields
from collective.gongwen.content.fieldsets import translate_fieldset_labels
from collective.gongwen.interfaces import IGongwenOutgoing


class IOutgoingSchema(model.Schema):
    """The 发文 fields; the invariants are the rules R-D1 and R-D6 (R-D2, R-D3: the blocks')."""

    model.load("schemas/outgoing.xml")

    # R-D7: 主送/抄送 are picked from the address book (org/browser/static/addressbook-picker.js
    # enhances these textareas); the stored value stays one printed name a line.
    directives.widget("main_recipients", TextLinesFieldWidget, klass="gongwen-addressbook")
    directives.widget("cc_recipients", TextLinesFieldWidget, klass="gongwen-addressbook")

    invariant(validation.r_d1_request_has_one_recipient)
    invariant(validation.r_d1_upward_copies_no_subordinate)
    invariant(validation.r_d6_one_kind_of_body)


translate_fieldset_labels(IOutgoingSchema)
# 版头 as GB/T 9704 orders it: 份号, 密级和保密期限, 紧急程度 (办理时限), 文种, then 行文方向.
place_block_fields(
    IOutgoingSchema,
    ("copy_number", "before", "direction"),
    ("classification", "after", "copy_number"),
    ("secrecy_period", "after", "classification"),
    ("urgency", "after", "secrecy_period"),
    ("deadline", "after", "urgency"),
    ("doc_kind", "after", "deadline"),
)


@implementer(IGongwenOutgoing)
class Outgoing(Container):
    """A 发文 (outgoing document)."""
