"""Translatable fieldset labels for the supermodel schemas.

plone.supermodel reads a ``<fieldset label="版头">`` as a plain string, which
no translation reaches. ``translate_fieldset_labels`` turns each label into the
message ``fieldset_<name>`` (Chinese default: the XML label);
``scripts/manual_messages.py`` lists those messages for the .pot.
"""

from plone.supermodel.interfaces import FIELDSETS_KEY
from zope.i18nmessageid import Message

DOMAIN = "collective.gongwen"


def fieldset_msgid(name):
    """The msgid of fieldset ``name``'s label."""
    return f"fieldset_{name}"


def translate_fieldset_labels(schema):
    """Replace the plain labels of ``schema``'s fieldsets by messages; return the schema."""
    for fieldset in schema.queryTaggedValue(FIELDSETS_KEY, []):
        if not isinstance(fieldset.label, Message):
            fieldset.label = Message(
                fieldset_msgid(fieldset.__name__), domain=DOMAIN, default=fieldset.label
            )
    return schema
