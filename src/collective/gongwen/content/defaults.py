"""Default values of document fields (the schemas' ``defaultFactory``), kept at creation.

Apart from the type modules because the schema XML is parsed while those
modules are being imported. Dexterity computes a missing attribute's
default each time it is read, so a 拟稿人 that defaults to "whoever drafts"
would show every reader their own name, a 收文日期 of "today" would move
daily, and a 署名 would follow a unit's renaming after the document was
signed: ``keep_defaults`` stores them when the item is created.
"""

import datetime

from plone import api
from plone.dexterity.utils import iterSchemata
from zope.interface import provider
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IContextAwareDefaultFactory

from collective.gongwen.content.containers import find_department
from collective.gongwen.content.containers import find_unit


@provider(IContextAwareDefaultFactory)
def current_user_name(context):
    """拟稿人 defaults to the full name (else the login) of whoever drafts."""
    if api.user.is_anonymous():
        return None
    user = api.user.get_current()
    return user.getProperty("fullname") or user.getUserName()


@provider(IContextAwareDefaultFactory)
def today(context):
    """收文日期 defaults to the day of registration."""
    return datetime.date.today()


@provider(IContextAwareDefaultFactory)
def enclosing_department(context):
    """所属部门 (工作动态) defaults to the department it is written in, if any."""
    department = find_department(context)
    return department.UID() if department is not None else None


@provider(IContextAwareDefaultFactory)
def unit_name(context):
    """署名 defaults to the drafting unit's full name (its title); joint documents edit it."""
    unit = find_unit(context)
    return unit.Title() if unit is not None else None


def keep_defaults(obj, event):
    """Subscriber: store the value of every field with a default factory that is not set yet."""
    for schema in iterSchemata(obj):
        for name, field in getFieldsInOrder(schema):
            if field.defaultFactory is None or name in obj.__dict__:
                continue
            value = field.bind(obj).default
            if value is not None:
                setattr(obj, name, value)
