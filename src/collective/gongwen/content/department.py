"""The department (部门) content type, only addable inside a unit.

A thin class; its function groups are kept by ``collective.gongwen.org.sync``.
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer


class IGongwenDepartment(model.Schema):
    """Marker and schema of a department; the fields come from ``schemas/department.xml``."""

    model.load("schemas/department.xml")


@implementer(IGongwenDepartment)
class Department(Container):
    """A department (部门) of a unit, e.g. 办公室."""
