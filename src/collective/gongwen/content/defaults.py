"""Default values of document fields (the schemas' ``defaultFactory``).

Apart from the type modules because the schema XML is parsed while those
modules are being imported.
"""

import datetime

from plone import api
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory

from collective.gongwen.org.units import find_department


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
