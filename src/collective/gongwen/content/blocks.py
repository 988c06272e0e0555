"""The field blocks 发文 and 收文 share, as behaviors (``collective.gongwen.<block>``).

Each block is a supermodel schema (``schemas/blocks.xml``) registered as a
behavior without a factory: its fields are stored on the document itself, under
the names they always had, so stored content, REST payloads, catalog indexers
and the bounds (``bounding.py``) see no difference. A block carries the rule
that only reads its own fields or the document's (R-D2 on 紧急程度, R-D3 on 密级).

The blocks declare no fieldset: each type's schema places their fields in its
own fieldsets and order (``outgoing.py``, ``incoming.py``). That needs the
fields unprefixed on our forms and views (``UnprefixedBlocks``), as
plone.restapi's schema already has them.
"""

from plone.autoform.interfaces import ORDER_KEY
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope.interface import invariant
from zope.interface import provider

from collective.gongwen.content import validation


@provider(IFormFieldProvider)
class IKindBlock(model.Schema):
    """文种."""

    model.load("schemas/blocks.xml", schema="kind")


@provider(IFormFieldProvider)
class IUrgencyBlock(model.Schema):
    """紧急程度 and 办理时限; the rule R-D2."""

    model.load("schemas/blocks.xml", schema="urgency")

    invariant(validation.r_d2_urgent_has_deadline)


@provider(IFormFieldProvider)
class IClassificationBlock(model.Schema):
    """密级, 份号 and 保密期限; the rule R-D3."""

    model.load("schemas/blocks.xml", schema="classification")

    invariant(validation.r_d3_classified_is_register_only)


# Every block, in the order the types list them (profiles/default/types/*.xml).
BLOCKS = (IKindBlock, IUrgencyBlock, IClassificationBlock)


def place_block_fields(schema, *moves):
    """Put the blocks' fields where ``schema``'s type shows them; return the schema.

    Each move is ``(block field, "before" | "after", field)``, plone.autoform's
    ordering rule (its ``order_before``/``order_after`` directives accept only
    the schema's own fields): a block field moved next to a field of a
    fieldset joins that fieldset. Unprefixed forms only (``UnprefixedBlocks``).
    """
    names = {name for block in BLOCKS for name in block}
    for name, direction, _target in moves:
        if name not in names or direction not in ("before", "after"):
            raise ValueError(f"not a move of a block field: {name} {direction}")
    schema.setTaggedValue(ORDER_KEY, [*schema.queryDirectTaggedValue(ORDER_KEY, []), *moves])
    return schema


class UnprefixedBlocks:
    """Form/view mixin: the blocks' widgets named like the type's own (``form.widgets.urgency``).

    plone.autoform prefixes a behavior's fields with its interface name
    unless ``ignorePrefix``; unprefixed, the types' schemas can place them
    (``order_before``/``order_after``) and the widget ids stay what they were.
    """

    ignorePrefix = True
